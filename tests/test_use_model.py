"""After training: predict, forecast, evaluate and export on a run directory that was moved.

One small encoder-decoder is trained once on the shipped El Nino series (in this process, 2
epochs); its folder is then moved together with its data, so every command below works from
the stored preparation and relative paths alone. Each test gets its own copy of that folder
(moved once more), so what one test writes (exports, exports.json, data files) no other test
reads. Real TensorFlow, onnxruntime and LiteRT.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from cli_support import ROOT, check_golden, lstmspec
from use_support import train

pytestmark = pytest.mark.tf

CONFIG = """\
name: nino
input: {shape: [24, 1]}
layers:
  - {type: LSTM, units: 8}
  - {type: RepeatVector, n: 3}
  - {type: LSTM, units: 8, return_sequences: true}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse, metrics: [mae]}
data: {kind: csv, path: data/elnino.csv, time: month, features: [sst], targets: [sst],
       horizon: 3}
train: {epochs: 3, batch_size: 64, seed: 3, early_stopping: {patience: 1}}
output: {dir: runs/nino, export: [onnx]}
"""
WINDOW, HORIZON = 24, 3


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A trained run, its project folder (config, data, runs/) moved after training: only ever
    copied (`project`), never used in place."""
    first = tmp_path_factory.mktemp("before")
    (first / "data").mkdir()
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", first / "data" / "elnino.csv")
    (first / "nino.yaml").write_text(CONFIG)
    train(first / "nino.yaml")
    after = tmp_path_factory.mktemp("after") / "project"
    shutil.move(str(first), str(after))
    return after


@pytest.fixture
def project(trained, tmp_path):
    """This test's own copy of the trained project."""
    copy = tmp_path / "project"
    shutil.copytree(trained, copy, symlinks=True)
    return copy


@pytest.fixture
def run_dir(project):
    return project / "runs" / "nino"


@pytest.fixture(scope="module")
def series_rows():
    with open(ROOT / "examples" / "data" / "elnino.csv", newline="") as handle:
        return list(csv.reader(handle))


def test_predict_on_the_moved_run_reproduces_the_training_predictions(capsys, run_dir):
    ran = lstmspec(capsys, "predict", str(run_dir), "--runtime", "keras")
    assert ran.code == 0, ran.err
    predicted = {row["month"]: row for row in read_csv(ran.out)}
    with open(run_dir / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) > 50
    for row in written:  # the test part, predicted by `run` before the move
        again = predicted[row["month"]]
        for step in (1, 2, 3):
            assert float(again[f"sst+{step}"]) == pytest.approx(float(row[f"sst+{step}"]))
            assert float(again[f"sst+{step}_predicted"]) == pytest.approx(
                float(row[f"sst+{step}_predicted"]), abs=1e-4)


def test_predict_writes_every_window_with_time_and_named_columns(capsys, run_dir, series_rows):
    out = run_dir.parent / "all.csv"
    ran = lstmspec(capsys, "predict", str(run_dir), "-o", str(out), "--runtime", "keras")
    assert ran.code == 0, ran.err
    rows = read_csv(out.read_text())
    assert list(rows[0]) == ["month", "sst+1", "sst+1_predicted", "sst+2", "sst+2_predicted",
                             "sst+3", "sst+3_predicted"]
    data = series_rows[1:]
    assert len(rows) == len(data) - WINDOW + 1  # every complete window
    assert rows[0]["month"] == data[WINDOW][0]
    assert rows[0]["sst+1"] == f"{float(data[WINDOW][1]):.9g}"
    last = rows[-1]  # the window ending at the last row forecasts past the data
    assert last["month"] == "2011-01" and last["sst+1"] == "" and last["sst+3_predicted"]


def test_forecast_one_shot_equals_the_last_window_and_recursive_says_so(capsys, run_dir):
    shot = lstmspec(capsys, "forecast", str(run_dir), "--steps", "3", "--runtime", "keras")
    assert shot.code == 0, shot.err
    shot_rows = read_csv(shot.out)
    assert [r["month"] for r in shot_rows] == ["2011-01", "2011-02", "2011-03"]
    assert {r["source"] for r in shot_rows} == {"direct"} and "one shot" in shot.err
    last = read_csv(lstmspec(capsys, "predict", str(run_dir), "--runtime", "keras").out)[-1]
    for k, row in enumerate(shot_rows, start=1):
        assert float(row["sst"]) == pytest.approx(float(last[f"sst+{k}_predicted"]), abs=1e-5)
    longer = lstmspec(capsys, "forecast", str(run_dir), "--steps", "7", "--runtime", "keras")
    assert longer.code == 0, longer.err and "recursive" in longer.err
    rows = read_csv(longer.out)
    assert [r["source"] for r in rows] == ["direct"] * 3 + ["recursive"] * 4
    assert rows[-1]["month"] == "2011-07"
    assert [r["sst"] for r in rows[:3]] == [r["sst"] for r in shot_rows]


@pytest.mark.parametrize("first_times, expected", [
    (["20241007", "20241107"], ["20280207", "20280307", "20280407"]),  # YYYYMMDD, monthly
    (["2022-01-31", "2022-02-28"], ["2025-05-31", "2025-06-30", "2025-07-31"]),  # month ends
])
def test_forecast_continues_the_time_column_in_the_format_training_reads(
        capsys, run_dir, series_rows, first_times, expected):
    """40 monthly rows (the run's step; another step is LS470, test_use_other_frequency.py)
    whose time column is YYYYMMDD integers (last 20280107) or ISO month ends (last
    2025-04-30): the forecast's times are the next ones, written the same way."""
    from lstmspec.runner.series.spacing import fill_times, infer_step
    from lstmspec.runner.series.timeaxis import parse_times

    first = parse_times(first_times, [2, 3], "month", "f.csv")
    step = infer_step(first, [(0, 2)])
    times = [first_times[0]] + first.written_like(first_times[0],
                                                  fill_times(first, step, 0, 39))
    part = run_dir.parent / f"times_{first_times[0]}.csv"
    part.write_text("month,sst\n" + "".join(f"{t},{row[1]}\n" for t, row in
                                            zip(times, series_rows[1:])))
    ran = lstmspec(capsys, "forecast", str(run_dir), "--steps", "3", "--runtime", "keras",
                   "--data", str(part))
    assert ran.code == 0, ran.err
    assert [r["month"] for r in read_csv(ran.out)] == expected


def test_evaluate_on_the_test_rows_reproduces_metrics_json(capsys, run_dir, series_rows):
    metrics = json.loads((run_dir / "metrics.json").read_text())
    rows = len(series_rows) - 1
    test_begin = round(rows * 0.7) + round(rows * 0.15)
    part = run_dir.parent / "test_part.csv"
    part.write_text("\n".join(",".join(r) for r in [series_rows[0]] +
                              series_rows[1 + test_begin - WINDOW:]) + "\n")
    ran = lstmspec(capsys, "evaluate", str(run_dir), "--data", str(part), "--format", "json")
    assert ran.code == 0, ran.err
    scores = json.loads(ran.out)
    assert scores["samples"] == metrics["samples"]
    assert scores["loss"] == pytest.approx(metrics["loss"], rel=1e-4)
    for key in ("mae", "rmse", "smape", "mase", "naive_mae", "naive_rmse", "naive_mase"):
        assert scores["original_units"][key] == pytest.approx(metrics["original_units"][key],
                                                              rel=1e-4)
    text = lstmspec(capsys, "evaluate", str(run_dir), "--data", str(part))
    assert text.code == 0 and "naive forecast" in text.out and "MASE" in text.out


@pytest.mark.parametrize("fmt, name", [("savedmodel", "saved"), ("tflite", "nino.tflite"),
                                       ("onnx", "model.onnx")])
def test_export_runs_in_its_own_runtime_and_matches_keras(capsys, run_dir, fmt, name):
    target = run_dir / name
    ran = lstmspec(capsys, "export", str(run_dir), "--format", fmt, "-o", str(target))
    assert ran.code == 0, ran.err
    diff = float(ran.out.split("max |difference| from Keras ")[1].split()[0])
    assert diff < 1e-4 and target.exists()
    record = json.loads((run_dir / "exports.json").read_text())[fmt]
    assert record["file"] == name and record["max_abs_diff"] == pytest.approx(diff, abs=1e-9)


def test_a_tolerance_below_the_difference_is_exit_3(capsys, run_dir):
    ran = lstmspec(capsys, "export", str(run_dir), "--format", "tflite", "-o",
                   str(run_dir.parent / "strict.tflite"), "--tolerance", "0")
    assert ran.code == 3, ran.err  # LiteRT's kernels differ from Keras's by ~1e-7, not 0
    line = re.sub(r"up to [0-9.e+-]+,", "up to D,", ran.err.strip().replace(str(run_dir), "run"))
    check_golden("use_export_differs.txt", "$ lstmspec export run --format tflite -o "
                 f"strict.tflite --tolerance 0\n{line}\n")


def test_run_records_early_stopping_and_its_verified_export(run_dir):
    state = json.loads((run_dir / "run.json").read_text())
    losses = json.loads((run_dir / "history.json").read_text())["val_loss"]
    assert state["early_stopping"]["restored_epoch"] == 1 + int(np.argmin(losses))
    record = json.loads((run_dir / "exports.json").read_text())["onnx"]
    assert record["file"] == "model.onnx" and record["max_abs_diff"] < 1e-4


@pytest.mark.subprocess
def test_predict_on_onnxruntime_never_imports_tensorflow(capsys, run_dir):
    script = ("import sys; from lstmspec.cli import main; sys.argv = ['lstmspec', 'predict', "
              f"{str(run_dir)!r}]\ntry:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "assert code == 0, code\n"
              "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules\n")
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert "Runtime: onnxruntime (model.onnx)" in ran.stderr
    light = read_csv(ran.stdout)
    heavy = read_csv(lstmspec(capsys, "predict", str(run_dir), "--runtime", "keras").out)
    assert len(light) == len(heavy)
    assert np.allclose([float(r["sst+3_predicted"]) for r in light],
                       [float(r["sst+3_predicted"]) for r in heavy], atol=1e-4)


def test_a_changed_model_is_not_predicted_by_its_old_onnx_export(capsys, project, run_dir):
    (run_dir / "model.onnx").write_bytes(b"")  # not the verified export any more: never used
    (run_dir / "exports.json").write_text(json.dumps(
        {"onnx": {"file": "model.onnx", "model_sha256": "0" * 64, "max_abs_diff": 0.0}}))
    ran = lstmspec(capsys, "predict", str(run_dir), "--runtime", "onnx", "--data",
                   str(project / "data" / "elnino.csv"))
    assert ran.code == 1 and re.search(r":1:1: LS631 \[error\] .*no verified ONNX export",
                                       ran.err)
