"""`export`: a deployable model through Keras 3's `model.export`, then checked: the exported
file is run in its own runtime (tf.saved_model.load, onnxruntime, the LiteRT interpreter) on
real windows of the run's data and compared with Keras.

Facts this relies on (TF 2.21 / Keras 3.15, measured): a recurrent layer with a dynamic batch
does not convert to built-in TFLite ops (`TensorListReserve ... element_shape to be static`),
so TFLite gets a fixed batch-1 signature (built-in ops only: no Flex ops, which stock
interpreters cannot run); `model.export(format="onnx")` works where
`tf2onnx.convert.from_keras` fails on Keras 3 models.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from dataclasses import dataclass

import numpy as np

from ...source.atomic import temp_folder, write_json
from ...source.faults import pause
from ..errors import ExportFailed
from ..rundir import digests
from .verified import EXPORTS as EXPORTS_FILE, ONNX as ONNX_FILE, STATE

KERAS_FORMAT = {"savedmodel": "tf_saved_model", "onnx": "onnx", "tflite": "litert"}
SUFFIX = {"onnx": ".onnx", "tflite": ".tflite"}
TOLERANCE = 1e-4
CHECK_WINDOWS = 32


@dataclass
class ExportCheck:
    path: str
    windows: int
    max_abs_diff: float


def refuse_fixed_batch(spec) -> None:
    """A stateful model (or any with a fixed input.batch_size) is not exported: its answer to
    a window depends on the windows before it and on the batch it comes in, so an export
    cannot be checked window by window against Keras, and the TFLite batch of 1 does not fit
    it (lint's LS450 says so before training when output.export asks for an export)."""
    fixed = next(iter(spec.input_specs.values())).batch_size  # stateful needs one (LS105)
    if fixed is None:
        return
    raise ExportFailed(f"the model has a fixed input.batch_size ({fixed}) for its stateful "
                       "layers, whose state carries over from one call to the next: its "
                       "outputs depend on the batches before, so no export can be checked "
                       "against Keras window by window. Set stateful: false and remove "
                       "input.batch_size (each window then carries its own history), train "
                       "again, and export that run")


def export(keras_model, spec, fmt: str, path: str) -> None:
    """Write the export to `path` (a folder for savedmodel, a file otherwise), replacing it
    only once the new one is complete. It is made in a locked `.export-XXXXXXXX.partial/`
    beside `path`; those that killed exports left there are removed first."""
    k_format = KERAS_FORMAT[fmt]
    kwargs = {}
    if fmt == "tflite":
        kwargs["input_signature"] = [batch_one(spec)]
    with temp_folder(os.path.dirname(os.path.abspath(path)), ".export-") as work:
        target = os.path.join(work, "model" + SUFFIX.get(fmt, ""))
        try:
            with warnings.catch_warnings():  # tf2onnx's NumPy deprecation notes are not the user's
                warnings.simplefilter("ignore", FutureWarning)
                keras_model.export(target, format=k_format, verbose=False, **kwargs)
            pause("export")  # the tests kill an export here (its copy written, not moved)
            if os.path.isdir(path) and fmt == "savedmodel":
                shutil.rmtree(path)
            os.replace(target, path)
        except Exception as err:  # the converters raise anything: turn it into why + what to do
            raise ExportFailed(explain(fmt, err, spec)) from None


def batch_one(spec):
    from ..tf import import_keras

    return import_keras().InputSpec(shape=(1, *spec.input.shape), dtype=spec.input.dtype)


def explain(fmt: str, err: Exception, spec) -> str:
    text = " ".join(str(err).split())
    first = text[:300] + ("..." if len(text) > 300 else "")
    if isinstance(err, ImportError) or "No module named" in text:
        extra = {"onnx": "onnx and tf2onnx", "tflite": "ai-edge-litert"}.get(fmt, fmt)
        return (f"{fmt} export needs {extra}, which is not installed: pip install "
                f"'lstmspec[export]' ({first})")
    if "TensorList" in text or "element_shape" in text:
        return (f"the converter cannot turn a recurrent layer into built-in {fmt} ops ({first})"
                ": set `unroll: true` on the recurrent layers (fixed timesteps), or export to "
                "onnx")
    return f"{type(err).__name__}: {first}: try another --format, or report it"


def run_exported(fmt: str, path: str, x: np.ndarray) -> np.ndarray:
    """The exported model's outputs for x, computed by its own runtime."""
    if fmt == "savedmodel":
        import tensorflow as tf

        loaded = tf.saved_model.load(path)  # held: its variables die with it
        return loaded.serve(x).numpy()
    if fmt == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        return session.run(None, {session.get_inputs()[0].name: x})[0]
    from ai_edge_litert.interpreter import Interpreter

    from ..tf import _quiet_stderr

    interpreter = Interpreter(model_path=path)
    with _quiet_stderr():  # LiteRT's C++ "Created TensorFlow Lite XNNPACK delegate" line
        interpreter.allocate_tensors()
    given, taken = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    out = []
    for window in x:
        interpreter.set_tensor(given["index"], window[None].astype(given["dtype"]))
        interpreter.invoke()
        out.append(interpreter.get_tensor(taken["index"])[0].copy())
    return np.array(out)


def reference(keras_model, x: np.ndarray) -> np.ndarray:
    """Keras's outputs for up to CHECK_WINDOWS real windows (calling the model also gives it
    the traced signature that the ONNX export needs)."""
    return keras_model.predict(x[:CHECK_WINDOWS], verbose=0)


def check(fmt: str, path: str, x: np.ndarray, expected: np.ndarray) -> ExportCheck:
    """The same windows through the export, in its own runtime."""
    x = x[:len(expected)]
    try:
        exported = run_exported(fmt, path, x)
    except ImportError as err:
        raise ExportFailed(f"the {fmt} runtime is not installed ({err}): pip install "
                           "'lstmspec[export]' to check the export") from None
    except Exception as err:  # the runtime refused the file: say so, never a traceback
        text = " ".join(str(err).split())[:300]
        raise ExportFailed(f"the exported {fmt} model was written to {path} but its runtime "
                           f"cannot run it on the run's windows ({type(err).__name__}: {text}):"
                           " do not ship it; try another --format, or report it") from None
    diff = float(np.max(np.abs(exported.astype(np.float64) - expected.astype(np.float64))))
    return ExportCheck(path, len(x), diff)


def read_record(run_dir: str) -> dict:
    try:
        with open(os.path.join(run_dir, EXPORTS_FILE), encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError, RecursionError):
        record = {}
    return record if isinstance(record, dict) else {}


def record(run_dir: str, fmt: str, output: str, diff: float, model_sha256: str) -> None:
    """exports.json: which export of which model.keras was verified: the export's own digest
    (a folder's: of its files) and the model's (predict's ONNX path trusts only an export
    recorded here, and only while both digests hold)."""
    exports = read_record(run_dir)
    inside = os.path.relpath(os.path.abspath(output), os.path.abspath(run_dir))
    exports[fmt] = {"file": inside.replace(os.sep, "/"), "sha256": digests.of_path(output),
                    "model_sha256": model_sha256, "max_abs_diff": diff}
    write_json(os.path.join(run_dir, EXPORTS_FILE), exports)


def forget(run_dir: str, fmt: str, output: str) -> None:
    """An export that differs from Keras replaced the file: the record of the old one goes."""
    exports = read_record(run_dir)
    inside = os.path.relpath(os.path.abspath(output), os.path.abspath(run_dir))
    if exports.get(fmt, {}).get("file") == inside.replace(os.sep, "/"):
        del exports[fmt]
        write_json(os.path.join(run_dir, EXPORTS_FILE), exports)


def refuse_other_run(run_dir: str, output: str) -> None:
    """An export written into another run's directory would be taken for that run's model
    (an easy slip: `export runs/B -o runs/A/model.onnx`): refused."""
    folder = os.path.dirname(os.path.abspath(output))
    if os.path.isfile(os.path.join(folder, STATE)) and \
            os.path.realpath(folder) != os.path.realpath(run_dir):
        raise ExportFailed(f"-o {output} is in another run directory "
                           f"({os.path.dirname(output) or '.'}), where it would "
                           f"be taken for that run's export: write it into {run_dir} or a "
                           "folder that is not a run directory")


RUN_FILES = {"savedmodel": "savedmodel", "onnx": ONNX_FILE, "tflite": "model.tflite"}


def export_run(keras_model, spec, run_dir: str, x: np.ndarray, echo) -> list[str]:
    """output.export at the end of `run`: each format into the run directory, checked on the
    windows `x` of the evaluated part and recorded; returns the files written."""
    written = []
    if spec.output.export:
        refuse_fixed_batch(spec)
    expected = reference(keras_model, x) if spec.output.export else None
    for fmt in spec.output.export:
        path = os.path.join(run_dir, RUN_FILES[fmt])
        export(keras_model, spec, fmt, path)
        result = check(fmt, path, x, expected)
        echo(f"Exported {fmt} to {path}: max |difference| from Keras {result.max_abs_diff:.3g} "
             f"on {result.windows} window(s)")
        if result.max_abs_diff > TOLERANCE:
            raise ExportFailed(f"the {fmt} export differs from Keras by up to "
                               f"{result.max_abs_diff:.3g} (more than {TOLERANCE:g}): it is "
                               "not recorded; remove it from output.export, or report it")
        record(run_dir, fmt, path, result.max_abs_diff,
               digests.of_file(os.path.join(run_dir, "model.keras")))
        written.append(RUN_FILES[fmt] + ("/" if fmt == "savedmodel" else ""))
    return written
