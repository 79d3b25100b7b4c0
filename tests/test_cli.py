"""The command-line contract, on the real CLI in a subprocess: exit codes, JSON shapes, schema.

Every run also checks that nothing reached the user as a Python traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import child_env, lstmspec_argv

from lstmspec.codes import CODES

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parent.parent

CLEAN = """\
version: 1
name: sine-forecaster
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 64
    return_sequences: true
  - type: LSTM
    units: 32
  - type: Dense
    units: 1
"""
SEED = CLEAN.replace("    return_sequences: true\n", "")
WARNING_ONLY = """\
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 8
    recurrent_dropout: 0.2
"""
NOT_A_CONFIG = """\
name: CI
on: [push]
jobs:
  test: {runs-on: ubuntu-latest}
"""

LINT_KEYS = {"path": str, "line": int, "column": int, "end_line": int, "end_column": int,
             "code": str, "severity": str, "message": str}
OPTIONAL_LINT_KEYS = {"fix": str}
SUMMARY_KEYS = {"path", "input_shape", "layers", "output_shape", "total_params",
                "trainable_params", "non_trainable_params"}
SUMMARY_LAYER_KEYS = {"index", "name", "type", "output_shape", "params", "trainable_params"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(lstmspec_argv(*args), capture_output=True, text=True,
                          cwd=cwd or ROOT, env=child_env(PYTHONWARNINGS="ignore"), timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout
    return done


@pytest.fixture
def files(tmp_path):
    (tmp_path / "clean.yaml").write_text(CLEAN)
    (tmp_path / "seed.yaml").write_text(SEED)
    (tmp_path / "warn.yaml").write_text(WARNING_ONLY)
    return tmp_path


def test_clean_file_exits_0(files):
    done = run("lint", str(files / "clean.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_errors_exit_1_with_location(files):
    done = run("lint", str(files / "seed.yaml"))
    assert done.returncode == 1
    assert f"{files / 'seed.yaml'}:8:5: LS102 " in done.stdout


def test_warnings_only_exit_0(files):
    done = run("lint", str(files / "warn.yaml"))
    assert done.returncode == 0
    assert "LS202" in done.stdout


def test_missing_path_exits_2_and_others_are_still_linted(files):
    missing = files / "nope.yaml"
    done = run("lint", "--format", "json", str(missing), str(files / "seed.yaml"))
    assert done.returncode == 2
    problem_lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(problem_lines) == 1 and str(missing) in problem_lines[0]
    codes = [d["code"] for d in json.loads(done.stdout)]
    assert codes == ["LS102"]


def test_directory_walk_finds_configs_and_skips_other_yaml(files):
    (files / "nested").mkdir()
    (files / "nested" / "bad.yml").write_text(SEED)
    (files / "workflow.yaml").write_text(NOT_A_CONFIG)
    (files / "notes.txt").write_text("layers: not yaml we read\n")
    done = run("lint", "--format", "json", str(files))
    assert done.returncode == 1
    found = {(Path(d["path"]).name, d["code"]) for d in json.loads(done.stdout)}
    assert found == {("seed.yaml", "LS102"), ("bad.yml", "LS102"), ("warn.yaml", "LS202")}


def test_directory_without_configs_exits_2(tmp_path):
    (tmp_path / "workflow.yaml").write_text(NOT_A_CONFIG)
    done = run("lint", str(tmp_path))
    assert done.returncode == 2
    assert str(tmp_path) in done.stderr


def test_lint_json_has_the_contract_keys_and_types(files):
    done = run("lint", "--format", "json", str(files / "seed.yaml"), str(files / "warn.yaml"))
    report = json.loads(done.stdout)
    assert isinstance(report, list) and len(report) == 2
    for item in report:
        assert set(LINT_KEYS) <= set(item) <= set(LINT_KEYS) | set(OPTIONAL_LINT_KEYS)
        for key, kind in {**LINT_KEYS, **OPTIONAL_LINT_KEYS}.items():
            if key in item:
                assert type(item[key]) is kind, (key, item[key])
        assert item["severity"] == CODES[item["code"]].severity.value
        assert item["line"] >= 1 and item["column"] >= 1
    first = report[0]
    assert (first["code"], first["line"], first["column"], first["severity"]) == (
        "LS102", 8, 5, "error")
    assert first["path"] == str(files / "seed.yaml")


def test_lint_json_of_a_clean_file_is_an_empty_array(files):
    done = run("lint", "--format", "json", str(files / "clean.yaml"))
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


def test_summary_json_is_the_contract_example(files):
    done = run("summary", "--format", "json", str(files / "clean.yaml"))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == SUMMARY_KEYS
    for layer in report["layers"]:
        assert set(layer) == SUMMARY_LAYER_KEYS
    assert report == {
        "path": str(files / "clean.yaml"), "input_shape": [None, 30, 1],
        "layers": [
            {"index": 0, "name": "lstm", "type": "LSTM", "output_shape": [None, 30, 64],
             "params": 16896, "trainable_params": 16896},
            {"index": 1, "name": "lstm_1", "type": "LSTM", "output_shape": [None, 32],
             "params": 12416, "trainable_params": 12416},
            {"index": 2, "name": "dense", "type": "Dense", "output_shape": [None, 1],
             "params": 33, "trainable_params": 33},
        ],
        "output_shape": [None, 1], "total_params": 29345,
        "trainable_params": 29345, "non_trainable_params": 0}


def test_summary_json_batch_size_and_non_trainable(tmp_path):
    config = tmp_path / "bn.yaml"
    config.write_text("input:\n  shape: [10, 6]\n  batch_size: 4\nlayers:\n"
                      "  - type: BatchNormalization\n  - type: GRU\n    units: 3\n")
    report = json.loads(run("summary", "--format", "json", str(config)).stdout)
    assert report["input_shape"] == [4, 10, 6]
    assert [layer["output_shape"] for layer in report["layers"]] == [[4, 10, 6], [4, 3]]
    assert (report["non_trainable_params"], report["layers"][0]["trainable_params"]) == (12, 12)
    assert report["total_params"] == report["trainable_params"] + report["non_trainable_params"]


def test_summary_text_and_explain(files):
    done = run("summary", "--explain", str(files / "clean.yaml"))
    assert done.returncode == 0
    assert "4 x (64 x (1 + 64) + 64) = 16,896" in done.stdout
    assert "29,345" in done.stdout


def test_summary_of_an_invalid_file_exits_1_with_diagnostics(files):
    done = run("summary", str(files / "seed.yaml"))
    assert done.returncode == 1
    assert ":8:5: LS102 " in done.stdout
    done = run("summary", "--format", "json", str(files / "seed.yaml"))
    assert done.returncode == 1
    assert [d["code"] for d in json.loads(done.stdout)] == ["LS102"]


def test_summary_of_a_missing_file_exits_2(tmp_path):
    done = run("summary", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_schema_prints_the_committed_schema():
    done = run("schema")
    assert done.returncode == 0
    committed = (ROOT / "schemas" / "lstmspec.schema.json").read_text(encoding="utf-8")
    assert json.loads(done.stdout) == json.loads(committed), (
        "schemas/lstmspec.schema.json is stale: run `lstmspec schema > "
        "schemas/lstmspec.schema.json`")


@pytest.mark.parametrize("args", [
    ("lint",), ("lint", "--format", "xml", "x.yaml"), ("summary",), ("frobnicate",),
])
def test_usage_errors_exit_2(args):
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.strip()


def test_version_and_help_exit_0():
    assert run("--version").returncode == 0
    assert "lint" in run("--help").stdout


# -- golden files: the wording of representative outputs, pinned once ------------------------
GOLDEN = ROOT / "tests" / "golden"
SCHEMA_ERRORS = """\
input:
  shape: [30, 1]
layers:
  - type: Lstm
    units: 4
  - type: LSTM
    units: "64"
    return_sequence: true
  - type: GRU
    units: 8
    return_sequences: yes
  - type: Dense
    units: 1
    activation: relux
"""
WARNINGS = """\
input:
  shape: [20]
  dtype: int32
layers:
  - type: Embedding
    input_dim: 1000
    output_dim: 16
    mask_zero: true
  - type: Conv1D
    filters: 8
    kernel_size: 3
  - type: LSTM
    units: 8
    recurrent_dropout: 0.1
"""
WIDE = """\
name: text-classifier
input:
  shape: [40]
  dtype: int32
layers:
  - type: Embedding
    input_dim: 5000
    output_dim: 32
  - type: Bidirectional
    layer: {type: LSTM, units: 16, return_sequences: true}
  - type: Conv1D
    filters: 8
    kernel_size: 5
    padding: causal
  - type: BatchNormalization
  - type: TimeDistributed
    layer: {type: Dense, units: 4}
  - type: GlobalMaxPooling1D
  - type: Dense
    units: 3
    activation: softmax
"""
GOLDEN_CASES = {
    "lint_text_seed.txt": (("lint", "seed.yaml"), {"seed.yaml": SEED}),
    "lint_text_clean.txt": (("lint", "clean.yaml"), {"clean.yaml": CLEAN}),
    "lint_text_schema.txt": (("lint", "schema.yaml"), {"schema.yaml": SCHEMA_ERRORS}),
    "lint_text_warnings.txt": (("lint", "warnings.yaml"), {"warnings.yaml": WARNINGS}),
    "summary_explain.txt": (("summary", "--explain", "clean.yaml"), {"clean.yaml": CLEAN}),
    "summary_wide.txt": (("summary", "wide.yaml"), {"wide.yaml": WIDE}),
}


@pytest.mark.parametrize("golden", GOLDEN_CASES)
def test_golden_output(golden, tmp_path):
    args, written = GOLDEN_CASES[golden]
    for name, text in written.items():
        (tmp_path / name).write_text(text)
    output = run(*args, cwd=tmp_path).stdout
    path = GOLDEN / golden
    if os.environ.get("LSTMSPEC_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with LSTMSPEC_UPDATE_GOLDEN=1"
    assert output == path.read_text(encoding="utf-8"), (
        f"{golden} changed; if the new wording is right, rerun with LSTMSPEC_UPDATE_GOLDEN=1 "
        "and review the diff")
