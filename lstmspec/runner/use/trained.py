"""A trained run's model, ready to predict: Keras (the model built from the run's config.yaml,
its weights read from model.keras: nothing is deserialized by name), or onnxruntime on the
run's verified ONNX export (model.onnx), which needs no TensorFlow at all. Every file comes
through the run's verified snapshot (verified.py).

Both answer `predict(x)` for a batch of prepared windows: `x` an array, or a dict input name
-> array for a model with several inputs; the answer an array, or a list of arrays in the
order of `outputs:` for a model with several outputs (batches.by_reference names them).
"""

from __future__ import annotations

import os
import zipfile

import numpy as np

from .. import batches
from ..errors import ModelUnavailable

PREDICT_BATCH = 1024


class OnnxModel:
    runtime = "onnxruntime"

    def __init__(self, path: str):
        try:
            import onnxruntime
        except ImportError:
            raise ModelUnavailable("--runtime onnx needs onnxruntime: pip install "
                                   "'lstmspec[onnx]'") from None
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        try:
            self.session = onnxruntime.InferenceSession(path, options,
                                                        providers=["CPUExecutionProvider"])
        except Exception as err:  # onnxruntime's InvalidProtobuf, Fail...: not a model it runs
            raise ModelUnavailable(f"{os.path.basename(path)} cannot be loaded by onnxruntime "
                                   f"({type(err).__name__}): export again, or use --runtime "
                                   "keras") from None
        self.inputs = [given.name for given in self.session.get_inputs()]
        self.source = os.path.basename(path)

    def feed(self, x) -> dict:
        """The session's inputs: a model with several inputs by name (Keras names them after
        `inputs:`), one input whatever the exporter called it."""
        if not isinstance(x, dict):
            return {self.inputs[0]: x}
        if sorted(self.inputs) != sorted(x):
            raise ModelUnavailable(f"{self.source} takes the inputs {', '.join(self.inputs)}, "
                                   f"not the run's {', '.join(x)}: export again (lstmspec "
                                   "export RUN --format onnx), or use --runtime keras")
        return x

    def predict(self, x):
        parts = [self.session.run(None, self.feed(batches.rows(x, i, i + PREDICT_BATCH)))
                 for i in range(0, batches.count(x), PREDICT_BATCH)]
        outputs = [np.concatenate([part[k] for part in parts]) for k in range(len(parts[0]))]
        return outputs[0] if len(outputs) == 1 else outputs


def run_config(run):
    """The run's config.yaml (verified), linted (no TensorFlow): the result whose model and
    layers the Keras model is built from."""
    from ...lint import analyse
    from ...source.yaml_source import load_bytes

    run_dir = run.path
    result = analyse(load_bytes(run.config_text(), os.path.join(run_dir, "config.yaml")))
    if result.model is None or result.inference is None or not result.inference.complete:
        raise ModelUnavailable(f"{run_dir}/config.yaml no longer describes a model "
                               "lstmspec can build (lint it to see why): re-run the config")
    return result


class KerasModel:
    runtime = "keras"
    source = "model.keras"

    def __init__(self, run, compile_it: bool = False, result=None):
        from ..build.model import build_model, compile_model

        result = result or run_config(run)
        path = run.verified_path("model.keras")
        self.spec = result.model
        self.model = build_model(result.model, [i.spec for i in result.inference.layers])
        try:
            self.model.load_weights(path)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
            # a file that verified but is no Keras archive of this model: the writer's fault
            raise ModelUnavailable(f"{run.path}/model.keras cannot be read into the model of "
                                   f"config.yaml ({type(err).__name__}): re-run the "
                                   "config") from None
        if compile_it:  # after the weights: the optimizer's saved state is not wanted here
            compile_model(self.model, result.model.compile)
        self.batch = next(iter(self.spec.input_specs.values())).batch_size

    def predict(self, x):
        """In batches of one shape (a fixed input.batch_size, or steady.BATCH): a window's
        output does not depend on the windows beside it (runner/steady.py). `x` one array
        or {input name: array}, as batches.py holds inputs."""
        from .. import steady

        return steady.predict(self.model, x, self.batch)


def load(run, runtime: str = "auto", compile_it: bool = False, result=None):
    """The model to predict with, from the verified run `run` (verified.VerifiedRun).
    `auto`: onnxruntime when the run holds a verified ONNX export of its model.keras and
    onnxruntime is installed, else Keras."""
    if runtime in ("auto", "onnx"):
        run.config_text()  # not read on this path, but a changed run is refused all the same
        onnx = run.onnx_export()
        if runtime == "onnx" and onnx is None:
            raise ModelUnavailable(f"--runtime onnx: {run.path} holds no verified ONNX export "
                                   f"of its model: run `lstmspec export {run.path} --format "
                                   f"onnx -o {os.path.join(run.path, 'model.onnx')}` first")
        if onnx is not None and (runtime == "onnx" or _has_onnxruntime()):
            return OnnxModel(onnx)
    from ..tf import import_keras

    import_keras()
    return KerasModel(run, compile_it, result)


def _has_onnxruntime() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None

