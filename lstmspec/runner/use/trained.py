"""A trained run's model, ready to predict: Keras (the model built from the run's config.yaml,
its weights read from model.keras: nothing is deserialized by name), or onnxruntime on the
run's verified ONNX export (model.onnx), which needs no TensorFlow at all.

Both answer `predict(x) -> np.ndarray` for a batch of prepared windows.
"""

from __future__ import annotations

import hashlib
import json
import os

import numpy as np

from ..errors import ModelUnavailable

ONNX_FILE = "model.onnx"
EXPORTS_FILE = "exports.json"  # what `export` verified: format -> file, model digest, diff
PREDICT_BATCH = 1024


def model_digest(run_dir: str) -> str:
    digest = hashlib.sha256()
    with open(os.path.join(run_dir, "model.keras"), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_onnx(run_dir: str) -> str | None:
    """RUN_DIR/model.onnx when `export` wrote and verified it from this very model.keras."""
    path = os.path.join(run_dir, ONNX_FILE)
    try:
        with open(os.path.join(run_dir, EXPORTS_FILE), encoding="utf-8") as handle:
            record = json.load(handle).get("onnx", {})
    except (OSError, ValueError, AttributeError):
        return None
    if not os.path.isfile(path) or record.get("file") != ONNX_FILE:
        return None
    return path if record.get("model_sha256") == model_digest(run_dir) else None


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
        self.session = onnxruntime.InferenceSession(path, options,
                                                    providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        self.source = os.path.basename(path)

    def predict(self, x: np.ndarray) -> np.ndarray:
        parts = [self.session.run(None, {self.input: x[i:i + PREDICT_BATCH]})[0]
                 for i in range(0, len(x), PREDICT_BATCH)]
        return np.concatenate(parts)


def run_config(run_dir: str):
    """The run's config.yaml, linted (no TensorFlow): the result whose model and layers the
    Keras model is built from."""
    from ...lint import lint_file

    path = os.path.join(run_dir, "config.yaml")
    if not os.path.isfile(path):
        raise ModelUnavailable(f"{run_dir} has no config.yaml, which the model is built from: "
                               "it is not a complete run directory; run the config again")
    result = lint_file(path)
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

    def __init__(self, run_dir: str, compile_it: bool = False, result=None):
        from ..build.model import build_model, compile_model

        result = result or run_config(run_dir)
        self.spec = result.model
        self.model = build_model(result.model, [i.spec for i in result.inference.layers])
        try:
            self.model.load_weights(os.path.join(run_dir, "model.keras"))
        except (OSError, ValueError) as err:
            raise ModelUnavailable(f"{run_dir}/model.keras cannot be read into the model of "
                                   f"config.yaml ({str(err).splitlines()[0][:200]}): re-run "
                                   "the config") from None
        if compile_it:  # after the weights: the optimizer's saved state is not wanted here
            compile_model(self.model, result.model.compile)
        self.batch = self.spec.input.batch_size

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.batch:  # a fixed batch (stateful layers): pad to whole batches, then trim
            pad = -len(x) % self.batch
            padded = np.concatenate([x, np.repeat(x[-1:], pad, axis=0)]) if pad else x
            return self.model.predict(padded, batch_size=self.batch, verbose=0)[:len(x)]
        return self.model.predict(x, batch_size=PREDICT_BATCH, verbose=0)


def load(run_dir: str, runtime: str = "auto", compile_it: bool = False, result=None):
    """The model to predict with. `auto`: onnxruntime when the run holds a verified ONNX
    export of this model.keras and onnxruntime is installed, else Keras."""
    if not os.path.isfile(os.path.join(run_dir, "model.keras")):
        raise ModelUnavailable(f"{run_dir} holds no model.keras: training did not finish; "
                               "run the config again")
    if runtime in ("auto", "onnx"):
        onnx = verified_onnx(run_dir)
        if runtime == "onnx" and onnx is None:
            raise ModelUnavailable(f"--runtime onnx: {run_dir} holds no verified ONNX export of "
                                   f"its model: run `lstmspec export {run_dir} --format onnx "
                                   f"-o {os.path.join(run_dir, ONNX_FILE)}` first")
        if onnx is not None and (runtime == "onnx" or _has_onnxruntime()):
            return OnnxModel(onnx)
    from ..tf import import_keras

    import_keras()
    return KerasModel(run_dir, compile_it, result)


def _has_onnxruntime() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None

