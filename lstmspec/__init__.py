"""lstmspec: declarative YAML configs for Keras recurrent models."""

__version__ = "0.1.0"
