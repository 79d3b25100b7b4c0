"""A trained run's model, ready to predict: Keras (the model built from the run's config.yaml,
its weights read from model.keras: nothing is deserialized by name), or onnxruntime on the
run's verified ONNX export (model.onnx), which needs no TensorFlow at all. Every file comes
through the run's verified snapshot (verified.py).

Both answer `predict(x) -> np.ndarray` for a batch of prepared windows.
"""

from __future__ import annotations

import os
import zipfile

import numpy as np

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
        self.input = self.session.get_inputs()[0].name
        self.source = os.path.basename(path)

    def predict(self, x: np.ndarray) -> np.ndarray:
        parts = [self.session.run(None, {self.input: x[i:i + PREDICT_BATCH]})[0]
                 for i in range(0, len(x), PREDICT_BATCH)]
        return np.concatenate(parts)


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
    if result.model.inputs is not None:
        raise ModelUnavailable(f"{run_dir} holds a model with several inputs "
                               f"({', '.join(result.model.inputs)}), which predict, forecast, "
                               "evaluate and export do not feed yet: load model.keras in "
                               "Keras and call it with {input name: array}")
    if len(result.inference.output) > 1:
        raise ModelUnavailable(f"{run_dir} holds a model with several outputs "
                               f"({', '.join(result.model.outputs or [])}), which predict, "
                               "forecast, evaluate and export do not write yet: load "
                               "model.keras in Keras; predict returns one array per output")
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
        self.batch = self.spec.input.batch_size

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.batch:  # a fixed batch (stateful layers): pad to whole batches, then trim
            pad = -len(x) % self.batch
            padded = np.concatenate([x, np.repeat(x[-1:], pad, axis=0)]) if pad else x
            return self.model.predict(padded, batch_size=self.batch, verbose=0)[:len(x)]
        return self.model.predict(x, batch_size=PREDICT_BATCH, verbose=0)


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

