"""The one lazy import of TensorFlow/Keras, with an install hint when it is missing."""

from __future__ import annotations

import os


class RunnerUnavailable(RuntimeError):
    """TensorFlow is not installed: the message says how to install it."""


def keras():
    """Import and return the keras module (TensorFlow backend), quietly."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    try:
        import keras as module
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RunnerUnavailable(
            "this command needs TensorFlow, which is not installed: "
            "pip install 'lstmspec[tf]' (or 'lstmspec[tf-cpu]' for a CPU-only machine)") from err
    return module
