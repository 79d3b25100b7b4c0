"""The one lazy import of TensorFlow/Keras, with an install hint when it is missing, and the
choice of device (which must be made before TensorFlow starts)."""

from __future__ import annotations

import os
import sys
import tempfile

from .errors import RunnerUnavailable


def select_device(device: str) -> None:
    """`cpu` hides every GPU from TensorFlow; `auto` uses a GPU when TensorFlow sees one.
    Call before import_keras() to be sure (after it, the GPUs are hidden only if none is in use)."""
    if device != "cpu":
        return
    os.environ["CUDA_VISIBLE_DEVICES"] = "-1"
    if "tensorflow" in sys.modules:
        import tensorflow as tf
        try:
            tf.config.set_visible_devices([], "GPU")
        except RuntimeError:  # pragma: no cover - the GPU is already in use in this process
            pass


def import_keras():
    """Import and return the keras module (TensorFlow backend), quietly."""
    # 3: TensorFlow's C++ log lines (even its harmless E-level graph notes, such as an unknown
    # `use_unbounded_threadpool` attribute) stay out of the output; Python errors still show.
    # Set TF_CPP_MIN_LOG_LEVEL yourself to see them.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    if "keras" in sys.modules:
        return sys.modules["keras"]
    try:
        with _quiet_stderr():  # TensorFlow's C++ start-up lines (oneDNN, absl) go nowhere
            import keras as module
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RunnerUnavailable(
            "this command needs TensorFlow, which is not installed: "
            "pip install 'lstmspec[tf]' (or 'lstmspec[tf-cpu]' for a CPU-only machine)") from err
    return module


class _quiet_stderr:
    """Send file descriptor 2 to a temporary file for the duration; replay it on an error."""

    def __enter__(self):
        try:
            sys.stderr.flush()
            self.saved = os.dup(2)
        except (OSError, ValueError):  # no real stderr (an embedding host): leave it alone
            self.saved = None
            return self
        self.file = tempfile.TemporaryFile()
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, kind, value, trace):
        if self.saved is None:
            return False
        os.dup2(self.saved, 2)
        os.close(self.saved)
        if kind is not None:
            self.file.seek(0)
            sys.stderr.write(self.file.read().decode("utf-8", "replace"))
        self.file.close()
        return False


def device_description() -> str:
    """The device training runs on, in words, e.g. `GPU:0 (NVIDIA H200)` or `CPU`."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        hidden = os.environ.get("CUDA_VISIBLE_DEVICES") == "-1"
        return "CPU" + (" (GPUs hidden by --device cpu)" if hidden else
                        " (TensorFlow sees no GPU)")
    names = []
    for index, gpu in enumerate(gpus):
        try:
            detail = tf.config.experimental.get_device_details(gpu).get("device_name", "")
        except (RuntimeError, ValueError):  # pragma: no cover - driver-dependent
            detail = ""
        names.append(f"GPU:{index}" + (f" ({detail})" if detail else ""))
    return ", ".join(names)
