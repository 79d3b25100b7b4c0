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
from .. import batches
from ..errors import ExportFailed
from ..rundir import digests
from .verified import EXPORTS as EXPORTS_FILE, ONNX as ONNX_FILE, STATE

TOLERANCE = 1e-4
CHECK_WINDOWS = 32


@dataclass(frozen=True)
class Format:
    """What the runner knows of one export format (spec/sections/output.EXPORT_FORMATS names
    them): one owner for `export --format`, output.export and the commands' messages."""

    keras: str  # model.export's format name
    suffix: str  # of the exported file; "" for a folder
    run_file: str  # output.export's name for it in the run directory
    runtime: str  # what runs it for the check, in words
    packages: str | None = None  # what it needs besides TensorFlow (lstmspec[export])
    batch_one: bool = False  # a fixed batch-1 signature (see the module's docstring)


FORMATS = {
    "savedmodel": Format("tf_saved_model", "", "savedmodel", "tf.saved_model.load"),
    "onnx": Format("onnx", ".onnx", ONNX_FILE, "onnxruntime", "onnx and tf2onnx"),
    "tflite": Format("litert", ".tflite", "model.tflite", "the LiteRT interpreter",
                     "ai-edge-litert", batch_one=True),
}


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
    facts = FORMATS[fmt]
    kwargs = {}
    if facts.batch_one:
        kwargs["input_signature"] = [batch_one(spec)]
    with temp_folder(os.path.dirname(os.path.abspath(path)), ".export-") as work:
        target = os.path.join(work, "model" + facts.suffix)
        try:
            with warnings.catch_warnings():  # tf2onnx's NumPy deprecation notes are not the user's
                warnings.simplefilter("ignore", FutureWarning)
                keras_model.export(target, format=facts.keras, verbose=False, **kwargs)
            pause("export")  # the tests kill an export here (its copy written, not moved)
            if os.path.isdir(path) and not facts.suffix:  # a folder
                shutil.rmtree(path)
            os.replace(target, path)
        except Exception as err:  # the converters raise anything: turn it into why + what to do
            raise ExportFailed(explain(fmt, err, spec)) from None


def batch_one(spec):
    """The TFLite signature: each input with a batch of one (a list of them, in the model's
    order, for a model with several inputs)."""
    from ..tf import import_keras

    made = [import_keras().InputSpec(shape=(1, *given.shape), dtype=given.dtype)
            for given in spec.input_specs.values()]
    return made[0] if len(made) == 1 else made


def explain(fmt: str, err: Exception, spec) -> str:
    text = " ".join(str(err).split())
    first = text[:300] + ("..." if len(text) > 300 else "")
    if isinstance(err, ImportError) or "No module named" in text:
        extra = FORMATS[fmt].packages or fmt
        return (f"{fmt} export needs {extra}, which is not installed: pip install "
                f"'lstmspec[export]' ({first})")
    if "TensorList" in text or "element_shape" in text:
        return (f"the converter cannot turn a recurrent layer into built-in {fmt} ops ({first})"
                ": set `unroll: true` on the recurrent layers (fixed timesteps), or export to "
                "onnx")
    return f"{type(err).__name__}: {first}: try another --format, or report it"


def run_exported(fmt: str, path: str, x) -> list:
    """The exported model's outputs for x (an array, or a dict input name -> array in the
    model's order), computed by its own runtime: a list, one array per output."""
    if fmt == "savedmodel":
        import tensorflow as tf

        loaded = tf.saved_model.load(path)  # held: its variables die with it
        out = loaded.serve(list(x.values()) if isinstance(x, dict) else x)  # by position
        return [t.numpy() for t in out] if isinstance(out, (list, tuple)) else [out.numpy()]
    if fmt == "onnx":
        import onnxruntime  # noqa: F401  (not installed: ImportError, said as such)

        from .trained import OnnxModel

        out = OnnxModel(path).predict(x)
        return out if isinstance(out, list) else [out]
    return run_litert(path, x)


def run_litert(path: str, x) -> list:
    """The LiteRT interpreter, one window at a time (the export's batch of one). Its inputs
    come in the signature's order (`args_0`, `args_0_1`, ...: the model's)."""
    from ai_edge_litert.interpreter import Interpreter

    from ..tf import _quiet_stderr

    interpreter = Interpreter(model_path=path)
    with _quiet_stderr():  # LiteRT's C++ "Created TensorFlow Lite XNNPACK delegate" line
        interpreter.allocate_tensors()
    given = sorted(interpreter.get_input_details(), key=lambda d: signature_position(d["name"]))
    taken = sorted(interpreter.get_output_details(), key=lambda d: output_position(d["name"]))
    arrays = list(x.values()) if isinstance(x, dict) else [x]
    out = [[] for _ in taken]
    for i in range(len(arrays[0])):
        for detail, array in zip(given, arrays):
            interpreter.set_tensor(detail["index"], array[i:i + 1].astype(detail["dtype"]))
        interpreter.invoke()
        for k, detail in enumerate(taken):
            out[k].append(interpreter.get_tensor(detail["index"])[0].copy())
    return [np.array(values) for values in out]


def output_position(name: str) -> int:
    """`StatefulPartitionedCall_1:1` -> 1: the output's place in the model's order (LiteRT
    lists a model's outputs in another order; measured with two outputs: :1 before :0)."""
    tail = name.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def signature_position(name: str) -> int:
    """`serving_default_args_0:0` -> 0, `serving_default_args_0_2:0` -> 2."""
    tail = name.split(":")[0].rsplit("args_0", 1)[-1]
    return int(tail[1:]) if tail[1:].isdigit() else 0


def reference(keras_model, x) -> list:
    """Keras's outputs for up to CHECK_WINDOWS real windows, one array per output (calling
    the model also gives it the traced signature that the ONNX export needs)."""
    out = keras_model.predict(batches.rows(x, 0, CHECK_WINDOWS), verbose=0)
    return out if isinstance(out, list) else [out]


def check(fmt: str, path: str, x, expected: list) -> ExportCheck:
    """The same windows through the export, in its own runtime; the largest difference over
    every output."""
    x = batches.rows(x, 0, len(expected[0]))
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
    if [got.shape for got in exported] != [want.shape for want in expected]:
        raise ExportFailed(f"the exported {fmt} model gives outputs of shapes "
                           f"{[got.shape for got in exported]} where Keras gives "
                           f"{[want.shape for want in expected]}: do not ship it; try another "
                           "--format")
    diff = max(float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64))))
               for got, want in zip(exported, expected))
    return ExportCheck(path, batches.count(x), diff)


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


def export_run(keras_model, spec, run_dir: str, x, echo) -> list[str]:
    """output.export at the end of `run`: each format into the run directory, checked on the
    windows `x` of the evaluated part and recorded; returns the files written."""
    written = []
    if spec.output.export:
        refuse_fixed_batch(spec)
    expected = reference(keras_model, x) if spec.output.export else None
    for fmt in spec.output.export:
        path = os.path.join(run_dir, FORMATS[fmt].run_file)
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
        written.append(FORMATS[fmt].run_file + ("" if FORMATS[fmt].suffix else "/"))
    return written
