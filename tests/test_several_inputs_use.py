"""After training, a model with several named inputs: predict, forecast, evaluate and export.

Two tiny runs, each trained once for the module (in this process, 1 epoch, random data):
- a CSV series whose encoder reads the past rows (`past`: v, season) and whose decoder reads
  the known-future covariate of the rows it forecasts (`future`: season, `rows: future`),
  exported to ONNX by `output.export`;
- an NPZ run with two inputs and two outputs (one array per input name, `y_<reference>` per
  output), split shuffled.
The oracle is Keras itself: model.keras loaded and called on windows cut and scaled here by
hand from preparation.json, and onnxruntime on the exported file.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import numpy as np
import pytest
from cli_support import lstmspec
from use_support import train

pytestmark = pytest.mark.tf

SERIES = """\
inputs:
  past: {shape: [8, 2]}
  future: {shape: [3, 1]}
layers:
  - {name: enc, type: GRU, units: 4, return_state: true, from: past}
  - {name: dec, type: GRU, units: 4, return_sequences: true, from: future, initial_state: [enc.1]}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
compile: {optimizer: adam, loss: mse, metrics: [mae]}
data:
  kind: csv
  path: s.csv
  time: day
  features: [v, season]
  targets: [v]
  horizon: 3
  inputs:
    past: {columns: [v, season]}
    future: {columns: [season], rows: future}
train: {epochs: 1, batch_size: 16, seed: 1}
output: {dir: run, export: [onnx]}
"""
ROWS, WINDOW, HORIZON = 80, 8, 3
FIRST_DAY = datetime.date(2024, 1, 1)

ARRAYS = """\
inputs:
  past: {shape: [8, 2]}
  future: {shape: [3, 1]}
layers:
  - {name: enc, type: GRU, units: 4, return_state: true, from: past}
  - {name: enc_out, type: Activation, activation: linear, from: enc.1}
  - {name: dec, type: GRU, units: 4, return_sequences: true, from: future, initial_state: [enc.1]}
  - {name: head, type: TimeDistributed, layer: {type: Dense, units: 1}}
outputs: [head, enc_out]
compile: {optimizer: adam, loss: mse, metrics: [mae]}
data: {kind: npz, path: d.npz, split: {train: 0.6, validation: 0.2, shuffle: true}}
train: {epochs: 1, batch_size: 16, seed: 1}
output: {dir: run}
"""
SAMPLES = 60


def table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def day(k: int) -> str:
    return str(FIRST_DAY + datetime.timedelta(days=k))


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """The CSV run's project folder: s.csv (random v and season), c.yaml, run/."""
    folder = tmp_path_factory.mktemp("series")
    rng = np.random.default_rng(4)
    season = rng.random(ROWS)
    v = rng.normal(size=ROWS) + 2 * season
    (folder / "s.csv").write_text("day,v,season\n" + "".join(
        f"{day(k)},{v[k]:.4f},{season[k]:.4f}\n" for k in range(ROWS)))
    (folder / "c.yaml").write_text(SERIES)
    train(folder / "c.yaml")
    return folder


@pytest.fixture(scope="module")
def arrays(tmp_path_factory):
    """The NPZ run's project folder: d.npz (past, future, y_head, y_enc_out), c.yaml, run/."""
    folder = tmp_path_factory.mktemp("arrays")
    rng = np.random.default_rng(2)
    np.savez(folder / "d.npz", past=rng.normal(size=(SAMPLES, 8, 2)).astype("float32"),
             future=rng.normal(size=(SAMPLES, 3, 1)).astype("float32"),
             y_head=rng.normal(size=(SAMPLES, 3, 1)).astype("float32"),
             y_enc_out=rng.normal(size=(SAMPLES, 4)).astype("float32"))
    (folder / "c.yaml").write_text(ARRAYS)
    train(folder / "c.yaml")
    return folder


def keras_forecast(run, rows: np.ndarray, future_season: np.ndarray, runtime="keras"):
    """The oracle: the last window of `rows` (v, season) and the season of the 3 rows after
    it, scaled by preparation.json, through model.keras (or model.onnx), back in v's units."""
    prep = json.loads((run / "preparation.json").read_text())
    shift = np.array(prep["feature_scaling"]["shift"])
    scale = np.array(prep["feature_scaling"]["scale"])
    past = ((rows[-WINDOW:] - shift) / scale)[None].astype("float32")
    future = ((future_season - shift[1]) / scale[1])[None, :, None].astype("float32")
    if runtime == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(str(run / "model.onnx"),
                                               providers=["CPUExecutionProvider"])
        out = session.run(None, {"past": past, "future": future})[0]
    else:
        import keras

        out = keras.saving.load_model(str(run / "model.keras"), compile=False).predict(
            {"past": past, "future": future}, verbose=0)
    target = prep["target_scaling"]
    return out.reshape(HORIZON) * target["scale"][0] + target["shift"][0]


def data_rows(folder) -> np.ndarray:
    return np.array([[float(r["v"]), float(r["season"])]
                     for r in table((folder / "s.csv").read_text())])


def test_predict_reproduces_the_runs_predictions_on_both_runtimes(capsys, series):
    run = series / "run"
    written = table((run / "predictions.csv").read_text())
    assert len(written) == 10  # the test part
    for runtime in ("keras", "onnx"):
        ran = lstmspec(capsys, "predict", str(run), "--runtime", runtime)
        assert ran.code == 0, ran.err
        again = {row["day"]: row for row in table(ran.out)}
        # every window whose 3 forecast rows the file holds (their season is an input)
        assert len(again) == ROWS - WINDOW - HORIZON + 1
        for row in written:
            for step in (1, 2, 3):
                assert float(again[row["day"]][f"v+{step}_predicted"]) == pytest.approx(
                    float(row[f"v+{step}_predicted"]), abs=1e-5)


def test_predict_of_a_window_is_keras_on_its_past_and_future_rows(capsys, series):
    rows = data_rows(series)
    ran = lstmspec(capsys, "predict", str(series / "run"), "--runtime", "keras")
    last = table(ran.out)[-1]  # the window of rows 69..76, forecasting rows 77..79
    assert last["day"] == day(ROWS - HORIZON)
    want = keras_forecast(series / "run", rows[:ROWS - HORIZON], rows[-HORIZON:, 1])
    got = [float(last[f"v+{step}_predicted"]) for step in (1, 2, 3)]
    assert got == pytest.approx(want, abs=1e-5)


def test_evaluate_reproduces_metrics_json(capsys, series):
    ran = lstmspec(capsys, "evaluate", str(series / "run"), "--format", "json")
    assert ran.code == 0, ran.err
    got = json.loads(ran.out)
    want = json.loads((series / "run" / "metrics.json").read_text())
    assert (got["split"], got["samples"]) == ("test", 10) == (want["split"], want["samples"])
    for key in ("loss", "mae"):
        assert got[key] == pytest.approx(want[key], rel=1e-5)
    for key in ("mae", "rmse", "smape", "mase", "naive_mae", "seasonal_naive_mae"):
        assert got["original_units"][key] == pytest.approx(want["original_units"][key],
                                                           rel=1e-5)


def write_future(path, first: int, seasons) -> None:
    path.write_text("day,season\n" + "".join(f"{day(first + k)},{s}\n"
                                             for k, s in enumerate(seasons)))


def test_forecast_feeds_the_decoder_the_future_covariates(capsys, series, tmp_path):
    rows, run = data_rows(series), series / "run"
    seasons = [0.1, 0.5, 0.9, 0.2, 0.3, 0.4]
    write_future(tmp_path / "future.csv", ROWS, seasons)
    ran = lstmspec(capsys, "forecast", str(run), "--steps", "3", "--runtime", "keras",
                   "--future", str(tmp_path / "future.csv"))
    assert ran.code == 0, ran.err
    made = table(ran.out)
    assert [r["day"] for r in made] == [day(ROWS + k) for k in range(3)]
    first = [float(r["v"]) for r in made]
    assert first == pytest.approx(keras_forecast(run, rows, np.array(seasons[:3])), abs=1e-5)
    assert first == pytest.approx(keras_forecast(run, rows, np.array(seasons[:3]), "onnx"),
                                  abs=1e-5)
    # recursive: steps 4-6 read the forecast of steps 1-3 as v and the future's season
    ran = lstmspec(capsys, "forecast", str(run), "--steps", "6", "--runtime", "keras",
                   "--future", str(tmp_path / "future.csv"))
    assert ran.code == 0, ran.err
    made = table(ran.out)
    assert [r["source"] for r in made] == ["direct"] * 3 + ["recursive"] * 3
    fed = np.vstack([rows, np.column_stack([first, seasons[:3]])])
    assert [float(r["v"]) for r in made[3:]] == pytest.approx(
        keras_forecast(run, fed, np.array(seasons[3:])), abs=1e-5)


def test_forecast_without_the_future_rows_an_input_reads_is_one_located_line(capsys, series,
                                                                            tmp_path):
    run = series / "run"
    ran = lstmspec(capsys, "forecast", str(run), "--steps", "3")
    assert ran.code == 1 and ran.out == ""
    assert ran.err.startswith(f"{run}:1:1: LS660 [error] input(s) future read season over "
                              "the 3 rows forecast")
    assert len(ran.err.strip().splitlines()) == 1
    write_future(tmp_path / "short.csv", ROWS, [0.1, 0.2, 0.3])  # steps 4-6 need 3 more
    ran = lstmspec(capsys, "forecast", str(run), "--steps", "4", "--runtime", "keras",
                   "--future", str(tmp_path / "short.csv"))
    assert ran.code == 1 and ran.out == ""
    assert ran.err.startswith(f"{run}:1:1: LS630 [error] {tmp_path / 'short.csv'}: 3 future "
                              "row(s) for the series; the model reads the covariates of the 6")


def test_export_round_trips_through_onnxruntime(capsys, series, tmp_path):
    run, rows = series / "run", data_rows(series)
    assert json.loads((run / "exports.json").read_text())["onnx"]["max_abs_diff"] < 1e-4
    out = tmp_path / "again.onnx"
    ran = lstmspec(capsys, "export", str(run), "--format", "onnx", "-o", str(out))
    assert ran.code == 0, ran.err
    assert "checked on 32 window(s)" in ran.out
    import onnxruntime

    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == ["past", "future"]
    prep = json.loads((run / "preparation.json").read_text())
    shift = np.array(prep["feature_scaling"]["shift"])
    scale = np.array(prep["feature_scaling"]["scale"])
    past = ((rows[-WINDOW:] - shift) / scale)[None].astype("float32")
    future = np.full((1, 3, 1), 0.25, "float32")
    import keras

    want = keras.saving.load_model(str(run / "model.keras"), compile=False).predict(
        {"past": past, "future": future}, verbose=0)
    got = session.run(None, {"past": past, "future": future})[0]
    assert np.max(np.abs(got - want)) < 1e-5


def test_arrays_predict_reproduces_the_runs_predictions_by_sample(capsys, arrays):
    run = arrays / "run"
    written = table((run / "predictions.csv").read_text())
    assert len(written) == 12  # the test part, shuffled: each row names its sample
    ran = lstmspec(capsys, "predict", str(run))
    assert ran.code == 0, ran.err
    again = table(ran.out)
    assert len(again) == SAMPLES
    columns = [c for c in written[0] if c != "sample"]
    assert columns == list(again[0])
    for row in written:
        mine = again[int(row["sample"])]
        assert [float(mine[c]) for c in columns] == pytest.approx(
            [float(row[c]) for c in columns], abs=1e-5)
    with np.load(arrays / "d.npz") as data:
        x = {"past": data["past"][:2], "future": data["future"][:2]}
    import keras

    want = keras.saving.load_model(str(run / "model.keras"), compile=False).predict(
        x, verbose=0)
    assert float(again[1]["head/y2_0_predicted"]) == pytest.approx(float(want[0][1, 2, 0]),
                                                                   abs=1e-5)
    assert float(again[0]["enc_out/y3_predicted"]) == pytest.approx(float(want[1][0, 3]),
                                                                    abs=1e-5)


def test_arrays_evaluate_reproduces_metrics_json(capsys, arrays):
    ran = lstmspec(capsys, "evaluate", str(arrays / "run"), "--format", "json")
    assert ran.code == 0, ran.err
    got = json.loads(ran.out)
    want = json.loads((arrays / "run" / "metrics.json").read_text())
    assert (got["split"], got["samples"]) == ("test", 12)
    assert got["loss"] == pytest.approx(want["loss"], rel=1e-5)
    for ref in ("head", "enc_out"):
        for key in ("loss", "mae"):
            assert got["per_output"][ref][key] == pytest.approx(want["per_output"][ref][key],
                                                                rel=1e-5)


def test_arrays_export_and_npz_predictions_and_a_missing_array(capsys, arrays, tmp_path):
    run = arrays / "run"
    ran = lstmspec(capsys, "export", str(run), "--format", "onnx", "-o",
                   str(run / "model.onnx"))  # where --runtime onnx finds it
    assert ran.code == 0, ran.err
    ran = lstmspec(capsys, "predict", str(run), "--runtime", "onnx", "-o",
                   str(tmp_path / "p.npz"))
    assert ran.code == 0, ran.err
    ran = lstmspec(capsys, "predict", str(run), "--runtime", "keras", "-o",
                   str(tmp_path / "k.npz"))
    assert ran.code == 0, ran.err
    with np.load(tmp_path / "p.npz") as onnx, np.load(tmp_path / "k.npz") as keras_made:
        assert sorted(onnx) == ["y_pred_enc_out", "y_pred_head", "y_true_enc_out",
                                "y_true_head"]
        assert onnx["y_pred_head"].shape == (SAMPLES, 3, 1)
        for name in ("y_pred_head", "y_pred_enc_out"):
            assert np.max(np.abs(onnx[name] - keras_made[name])) < 1e-5
    with np.load(arrays / "d.npz") as data:
        np.savez(tmp_path / "no_future.npz", past=data["past"])
    ran = lstmspec(capsys, "predict", str(run), "--data", str(tmp_path / "no_future.npz"))
    assert ran.code == 1 and ran.out == ""
    assert ran.err == (f"{run}:1:1: LS630 [error] {tmp_path / 'no_future.npz'}: this run's "
                       "model reads past (samples, 8, 2), future (samples, 3, 1) and y_head, "
                       "y_enc_out: the file has past\n")


def test_backtest_feeds_each_fold_the_covariates_after_its_origin(capsys, series):
    """--no-refit: one model (bt/fit) for both folds; each fold's forecast is `forecast` of
    that run on the rows before its origin with --future the season of the 3 rows after."""
    config = series / "bt.yaml"
    config.write_text(SERIES.replace(", export: [onnx]", ""))
    ran = lstmspec(capsys, "backtest", str(config), "--folds", "2", "--no-refit", "-o",
                   str(series / "bt"))
    assert ran.code == 0, ran.err
    said = table((series / "bt" / "backtest.csv").read_text())
    origins = [ROWS - 6, ROWS - 3]
    assert [(r["fold"], r["day"]) for r in said] == [
        (str(k), day(o + s)) for k, o in enumerate(origins, 1) for s in range(3)]
    rows = (series / "s.csv").read_text().splitlines(True)
    for k, origin in enumerate(origins, 1):
        (series / "before.csv").write_text("".join(rows[:1 + origin]))
        write_future(series / "after.csv", origin,
                     [line.split(",")[2].strip() for line in rows[1 + origin:4 + origin]])
        ahead = lstmspec(capsys, "forecast", str(series / "bt" / "fit" / "run"), "--steps", "3",
                         "--data", str(series / "before.csv"), "--future",
                         str(series / "after.csv"))
        assert ahead.code == 0, ahead.err
        assert [float(r["v"]) for r in table(ahead.out)] == pytest.approx(
            [float(r["v_predicted"]) for r in said if r["fold"] == str(k)], abs=1e-5)
    leak = SERIES.replace("columns: [season], rows: future", "columns: [v], rows: future")
    config.write_text(leak)
    refused = lstmspec(capsys, "backtest", str(config), "--folds", "2")
    assert refused.code == 1 and refused.out == ""  # lint refuses it before any fold (LS490)
    assert refused.err.startswith(f"{config}:18:24: LS490 [error] data.inputs.future reads "
                                  "target v over the rows forecast"), refused.err
    # with lint's error suppressed, backtest still refuses to score a fold on what it was fed
    config.write_text(leak.replace("rows: future}\n", "rows: future}  # lstmspec: "
                                   "disable=LS490\n"))
    refused = lstmspec(capsys, "backtest", str(config), "--folds", "2")
    assert refused.code == 1 and refused.out == ""
    note, line = refused.err.splitlines()
    assert note.startswith("lstmspec: note: LS490 (error) at line 18 is suppressed")
    assert line == (f"{config}:1:1: LS653 [error] data.inputs: future reads v over the "
                    "rows forecast (rows: future), a target: each fold would be scored "
                    "on values its model was fed; feed inputs of the forecast rows only "
                    "covariates known in advance")
