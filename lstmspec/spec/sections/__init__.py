"""The runner sections of a config (`compile`, `data`, `train`, `output`): what `run` needs.

They are optional for `lint` and `build`; `lstmspec run` asks for `compile` and `data`. Every
name a section accepts comes from an allow-list here and is handed to Keras as a plain string
or number: nothing is imported or deserialized by name.
"""
