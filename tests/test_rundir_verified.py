"""A run directory is checked before it is believed (the contract's third part): predict,
forecast, evaluate and export answer only from files whose SHA-256 is the one recorded when
they were written (run.json for config.yaml, preparation.json and model.keras; exports.json
for an export and the model it was made from). Each case below answered with exit 0 and
other numbers before (or stopped with a traceback); each is now one coded line, exit 1, the
lines pinned in tests/golden/rundir_verified.txt.

Two small runs of the shipped El Nino series are trained once, in this process (A with its
ONNX export, B with another seed); every case damages a fresh copy of A. "Resealed" cases
also rewrite the digest in run.json (or exports.json), as a buggy writer would: the file then
verifies, and the loader itself must still give one line."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile

import pytest
from cli_support import ROOT, check_golden, lstmspec
from use_support import train

from lstmspec.runner.rundir.lock import acquire

pytestmark = pytest.mark.tf

CONFIG = """\
name: nino
input: {shape: [12, 1]}
layers:
  - {type: LSTM, units: 6}
  - {type: Dense, units: 2}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}
data: {kind: csv, path: data/elnino.csv, time: month, features: [sst], targets: [sst],
       horizon: 2}
train: {epochs: 1, batch_size: 64, seed: SEED}
output: {dir: runs/RUN, export: [onnx], plots: false}
"""
TRANSCRIPT = []


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verified")
    (folder / "data").mkdir()
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", folder / "data" / "elnino.csv")
    for run, seed in (("a", 3), ("b", 4)):
        (folder / f"{run}.yaml").write_text(CONFIG.replace("SEED", str(seed))
                                            .replace("RUN", run))
        train(folder / f"{run}.yaml")
    yield folder
    check_golden("rundir_verified.txt", "".join(TRANSCRIPT))


def copy_of(project, name: str):
    target = project / "runs" / name
    shutil.copytree(project / "runs" / "a", target)
    return target


def reseal(run, name: str) -> None:
    """run.json records the digest of `name` as it is now (a writer's bug, not a user's)."""
    state = json.loads((run / "run.json").read_text())
    state["sha256"][name] = hashlib.sha256((run / name).read_bytes()).hexdigest()
    (run / "run.json").write_text(json.dumps(state))


def refused(capsys, project, *args, code: str) -> str:
    """`lstmspec ARGS` run in the project: exit 1 and exactly one line with `code`; the line
    goes to the transcript."""
    ran = lstmspec(capsys, *args, cwd=project)
    lines = ran.err.strip().splitlines()
    assert ran.code == 1 and len(lines) == 1, ran.err
    assert lines[0].startswith(f"{args[1]}:1:1: {code} [error] "), lines[0]
    assert ran.out == ""
    masked = re.sub(r"\(pid \d+ on [^,]+, since [^)]+\)", "(pid N on HOST, since TIME)", lines[0])
    TRANSCRIPT.append(f"$ lstmspec {' '.join(args)}\n{masked}\n")
    return lines[0]


def test_an_export_into_another_run_directory_is_refused(capsys, project):
    before = (project / "runs" / "a" / "model.onnx").read_bytes()
    refused(capsys, project, "export", "runs/b", "--format", "onnx", "-o", "runs/a/model.onnx",
            code="LS633")
    assert (project / "runs" / "a" / "model.onnx").read_bytes() == before


def test_a_swapped_onnx_export_is_refused_not_used(capsys, project):
    run = copy_of(project, "swapped")
    shutil.copy(project / "runs" / "b" / "model.onnx", run / "model.onnx")
    line = refused(capsys, project, "predict", "runs/swapped", code="LS635")
    assert "model.onnx: not the export that exports.json records" in line


@pytest.mark.parametrize("name, old, new", [
    ("config.yaml", "units: 6", "units: 6, activation: relu"),
    ("config.yaml", "units: 6", "units: 6, go_backwards: true"),
    ("preparation.json", '"scale": [', '"scale": [0, '),
])
def test_an_edited_run_file_is_refused(capsys, project, name, old, new):
    run = copy_of(project, f"edited-{name}-{len(new)}")
    text = (run / name).read_text()
    assert old in text
    if name == "preparation.json":  # the target scale 0: every prediction one constant
        stored = json.loads(text)
        stored["target_scaling"]["scale"] = [0.0]
        (run / name).write_text(json.dumps(stored, indent=2))
    else:
        (run / name).write_text(text.replace(old, new, 1))
    for runtime in ("keras", "auto"):
        line = refused(capsys, project, "predict", f"runs/{run.name}", "--runtime", runtime,
                       code="LS635")
        assert f"LS635 [error] {name}: changed since the run wrote it" in line


def test_the_model_of_another_run_is_refused(capsys, project):
    run = copy_of(project, "other-model")
    shutil.copy(project / "runs" / "b" / "model.keras", run / "model.keras")
    for command in (("predict", "--runtime", "keras"), ("evaluate", "--data",
                                                        "data/elnino.csv")):
        line = refused(capsys, project, command[0], "runs/other-model", *command[1:],
                       code="LS635")
        assert "model.keras: changed since the run wrote it" in line
    refused(capsys, project, "export", "runs/other-model", "--format", "onnx", "-o",
            "other.onnx", code="LS635")


@pytest.mark.parametrize("case", ["truncated", "empty", "garbage", "no weights"])
def test_a_damaged_model_keras_is_one_line(capsys, project, case):
    run = copy_of(project, f"damaged-{case.replace(' ', '-')}")
    model = run / "model.keras"
    data = model.read_bytes()
    if case == "truncated":
        model.write_bytes(data[:len(data) // 2])
    elif case == "empty":
        model.write_bytes(b"")
    elif case == "garbage":
        model.write_bytes(b"\x89not a zip archive" * 100)
    else:
        with zipfile.ZipFile(model, "w") as archive:
            archive.writestr("config.json", "{}")
    refused(capsys, project, "predict", f"runs/{run.name}", "--runtime", "keras", code="LS635")
    reseal(run, "model.keras")  # verified now: the loader must still give one line
    line = refused(capsys, project, "predict", f"runs/{run.name}", "--runtime", "keras",
                   code="LS631")
    assert "model.keras cannot be read into the model of config.yaml" in line


@pytest.mark.parametrize("key, value", [
    ("window", "abc"), ("window", -5), ("feature_scaling", None), ("input_shape", [])])
def test_a_preparation_json_off_its_format_is_one_line(capsys, project, key, value):
    run = copy_of(project, f"prep-{key}-{type(value).__name__}")
    stored = json.loads((run / "preparation.json").read_text())
    if value is None:
        del stored[key]
    else:
        stored[key] = value
    (run / "preparation.json").write_text(json.dumps(stored))
    reseal(run, "preparation.json")
    line = refused(capsys, project, "predict", f"runs/{run.name}", code="LS636")
    assert "preparation.json does not match its format: " in line
    assert "abc" not in line  # never the file's content


def test_a_damaged_onnx_export_under_runtime_auto_is_one_line(capsys, project):
    run = copy_of(project, "onnx-damaged")
    onnx = run / "model.onnx"
    onnx.write_bytes(onnx.read_bytes()[:100])
    line = refused(capsys, project, "predict", "runs/onnx-damaged", code="LS635")
    assert line.split(" [error] ")[1].startswith("model.onnx: not the export")
    exports = json.loads((run / "exports.json").read_text())
    exports["onnx"]["sha256"] = hashlib.sha256(onnx.read_bytes()).hexdigest()
    (run / "exports.json").write_text(json.dumps(exports))
    line = refused(capsys, project, "predict", "runs/onnx-damaged", code="LS631")
    assert "model.onnx cannot be loaded by onnxruntime" in line


@pytest.mark.parametrize("case", ["running", "failed", "no run.json", "no digests"])
def test_an_unfinished_run_is_not_predicted(capsys, project, case):
    run = copy_of(project, f"unfinished-{case.replace(' ', '-')}")
    state = json.loads((run / "run.json").read_text())
    if case == "no run.json":
        (run / "run.json").unlink()
    else:
        if case == "no digests":
            del state["sha256"]
        else:
            state["status"] = case
            state["error"] = "--device gpu: TensorFlow sees no GPU" if case == "failed" else None
        (run / "run.json").write_text(json.dumps(state))
    refused(capsys, project, "predict", f"runs/{run.name}", code="LS631")


def test_a_run_directory_being_written_is_refused_at_once(capsys, project):
    run = copy_of(project, "busy")
    held = acquire(str(run))  # as `lstmspec run` holds it while it trains
    try:
        line = refused(capsys, project, "predict", "runs/busy", code="LS637")
    finally:
        held.release()
    assert "is being written by lstmspec run (pid " in line
    ran = lstmspec(capsys, "predict", "runs/busy", cwd=project)
    assert ran.code == 0, ran.err
