"""predict/evaluate/forecast beyond the one-target series: a per-timestep classifier on NPZ
arrays (a class per position, probabilities only on request, under names that say so), a
two-target daily series (per-target metrics, YYYYMMDD dates continued as dates), a
log-differenced target, and a panel of series with their own statistics."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import numpy as np
import pytest
from cli_support import ROOT, lstmspec
from use_support import train

pytestmark = pytest.mark.tf

TAGGER = """\
name: tagger
input: {shape: [10, 2]}
layers:
  - {type: LSTM, units: 4, return_sequences: true}
  - {type: TimeDistributed, layer: {type: Dense, units: 3, activation: softmax}}
compile: {optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy]}
data: {kind: npz, path: tags.npz}
train: {epochs: 1, batch_size: 32, seed: 1}
output: {dir: run}
"""
DAILY = """\
name: daily
input: {shape: [8, 2]}
layers:
  - {type: GRU, units: 4}
  - {type: Dense, units: 2}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: daily.csv, time: day, features: [a, b], targets: [a, b]}
train: {epochs: 1, batch_size: 32, seed: 1}
output: {dir: run}
"""


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def tagger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tagger")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(90, 10, 2)).astype("float32")
    y = (x[..., 0] > 0).astype("int64") + (x[..., 1] > 1)
    np.savez(folder / "tags.npz", x=x, y=y)
    (folder / "tagger.yaml").write_text(TAGGER)
    train(folder / "tagger.yaml")
    return folder


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    folder = tmp_path_factory.mktemp("daily")
    days = np.arange(np.datetime64("2024-01-20"), np.datetime64("2024-05-09"))
    lines = [f"{str(d).replace('-', '')},{np.sin(i / 5):.4f},{100 + 30 * np.cos(i / 7):.3f}"
             for i, d in enumerate(days)]
    (folder / "daily.csv").write_text("day,a,b\n" + "\n".join(lines) + "\n")
    (folder / "daily.yaml").write_text(DAILY)
    train(folder / "daily.yaml")
    return folder


def test_a_per_timestep_classifier_predicts_a_class_per_position(capsys, tagger):
    ran = lstmspec(capsys, "predict", str(tagger / "run"), "--data", str(tagger / "tags.npz"))
    assert ran.code == 0, ran.err
    header = ran.out.splitlines()[0].split(",")
    assert header == [f"label_{t}" for t in range(10)] + \
        [f"predicted_class_{t}" for t in range(10)]
    labels = np.load(tagger / "tags.npz")["y"]
    first = rows_of(ran.out)[0]
    assert [int(first[f"label_{t}"]) for t in range(10)] == labels[0].tolist()


def test_probabilities_on_request_and_npz_output_agree(capsys, tagger):
    out = tagger / "p.npz"
    assert lstmspec(capsys, "predict", str(tagger / "run"), "-o", str(out)).code == 0
    probabilities = np.load(out)["y_pred"]
    assert probabilities.shape == (90, 10, 3)
    assert np.allclose(probabilities.sum(axis=-1), 1.0, atol=1e-5)
    ran = lstmspec(capsys, "predict", str(tagger / "run"), "--probabilities")
    rows = rows_of(ran.out)
    assert [int(rows[5][f"predicted_class_{t}"]) for t in range(10)] == \
        probabilities[5].argmax(axis=-1).tolist()
    assert float(rows[5]["probability_3_class_2"]) == pytest.approx(probabilities[5, 3, 2],
                                                                   abs=1e-6)


def test_evaluate_arrays_gives_the_keras_metrics(capsys, tagger):
    ran = lstmspec(capsys, "evaluate", str(tagger / "run"), "--data", str(tagger / "tags.npz"),
                   "--format", "json")
    assert ran.code == 0, ran.err
    scores = json.loads(ran.out)
    assert scores["samples"] == 90 and 0.0 <= scores["accuracy"] <= 1.0 and scores["loss"] > 0
    assert scores["split"] == "all"


def test_evaluate_without_data_scores_the_test_part_of_the_arrays(capsys, tagger):
    """90 samples cut 63/14/13 in order: metrics.json scored the last 13; so does evaluate."""
    metrics = json.loads((tagger / "run" / "metrics.json").read_text())
    ran = lstmspec(capsys, "evaluate", str(tagger / "run"), "--format", "json")
    assert ran.code == 0, ran.err
    scores = json.loads(ran.out)
    assert scores["split"] == metrics["split"] == "test"
    assert scores["samples"] == metrics["samples"] == 13
    for key in ("loss", "accuracy"):
        assert scores[key] == pytest.approx(metrics[key], rel=1e-5)


def test_two_targets_get_their_own_columns_and_metrics(capsys, daily):
    ran = lstmspec(capsys, "predict", str(daily / "run"))
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[0] == "day,a,a_predicted,b,b_predicted"
    scores = json.loads(lstmspec(capsys, "evaluate", str(daily / "run"), "--data",
                                 str(daily / "daily.csv"), "--format", "json").out)
    per = scores["original_units"]["per_target"]
    assert set(per) == {"a", "b"}
    assert per["b"]["naive_mae"] > 5 * per["a"]["naive_mae"]  # b's units are larger


def test_a_recursive_forecast_continues_compact_dates_as_dates(capsys, daily):
    ran = lstmspec(capsys, "forecast", str(daily / "run"), "--steps", "3", "--runtime", "keras")
    assert ran.code == 0, ran.err
    rows = rows_of(ran.out)
    assert [r["day"] for r in rows] == ["20240509", "20240510", "20240511"]
    assert [r["source"] for r in rows] == ["direct", "recursive", "recursive"]


def test_the_forecast_plot_has_one_panel_per_target(daily):
    png = (daily / "run" / "forecast.png").read_bytes()
    assert png[12:16] == b"IHDR"
    height = int.from_bytes(png[20:24], "big")
    assert height > 500  # two panels of 280 px (one target: under 400)


SALES = """\
name: sales
input: {shape: [14, 3]}
layers:
  - {type: GRU, units: 8}
  - {type: Dense, units: 2}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: sales.csv, time: day, features: [sales], targets: [sales], horizon: 2,
       calendar: [day_of_week], target_transform: {log: true, difference: 1}}
train: {epochs: 1, batch_size: 32, seed: 1}
output: {dir: run}
"""


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    """A run that learned log-differences of its target, with the day of the week as a
    calendar feature (docs/series.md)."""
    folder = tmp_path_factory.mktemp("sales")
    days = np.arange(np.datetime64("2023-06-01"), np.datetime64("2024-03-01"))
    lines = [f"{d},{50 + i * 0.2 + 10 * np.sin(i / 3.5):.3f}" for i, d in enumerate(days)]
    (folder / "sales.csv").write_text("day,sales\n" + "\n".join(lines) + "\n")
    (folder / "sales.yaml").write_text(SALES)
    train(folder / "sales.yaml")
    return folder


def test_a_transformed_target_is_predicted_as_training_predicted_it(capsys, sales):
    ran = lstmspec(capsys, "predict", str(sales / "run"), "--runtime", "keras")
    assert ran.code == 0, ran.err
    again = {row["day"]: row for row in rows_of(ran.out)}
    with open(sales / "run" / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    for row in written:
        for key in ("sales+1", "sales+1_predicted", "sales+2_predicted"):
            assert float(again[row["day"]][key]) == pytest.approx(float(row[key]), rel=1e-6)


def test_a_recursive_forecast_is_the_forecast_of_the_data_it_fed_back(capsys, sales):
    """Steps 3-4 of a 4-step forecast are the 2-step forecast of the file with steps 1-2
    appended: the feedback goes through the same transform and calendar as the data."""
    four = rows_of(lstmspec(capsys, "forecast", str(sales / "run"), "--steps", "4",
                            "--runtime", "keras").out)
    longer = sales / "longer.csv"
    longer.write_text((sales / "sales.csv").read_text() +
                      "".join(f"{r['day']},{r['sales']}\n" for r in four[:2]))
    two = rows_of(lstmspec(capsys, "forecast", str(sales / "run"), "--steps", "2", "--data",
                           str(longer), "--runtime", "keras").out)
    assert [r["day"] for r in two] == [r["day"] for r in four[2:]]
    for fed, direct in zip(four[2:], two):
        assert float(fed["sales"]) == pytest.approx(float(direct["sales"]), rel=1e-5)


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """Grunfeld's eleven firms in one file (data.series, each firm's own statistics)."""
    folder = tmp_path_factory.mktemp("panel")
    shutil.copy(ROOT / "examples" / "data" / "grunfeld.csv", folder / "grunfeld.csv")
    config = (ROOT / "examples" / "grunfeld_panel.yaml").read_text()
    config = re.sub(r"epochs: \d+", "epochs: 1", config).replace("data/grunfeld.csv",
                                                                 "grunfeld.csv")
    (folder / "panel.yaml").write_text(config + "output: {dir: run}\n")
    train(folder / "panel.yaml")
    return folder


def test_each_series_is_predicted_with_its_own_statistics(capsys, panel):
    ran = lstmspec(capsys, "predict", str(panel / "run"), "--runtime", "keras")
    assert ran.code == 0, ran.err
    again = {(row["firm"], row["year"]): row for row in rows_of(ran.out)}
    with open(panel / "run" / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len({row["firm"] for row in written}) == 11
    for row in written:
        for key in ("invest_predicted", "value_predicted"):
            assert float(again[(row["firm"], row["year"])][key]) == pytest.approx(
                float(row[key]), rel=1e-6)
    ahead = rows_of(lstmspec(capsys, "forecast", str(panel / "run"), "--steps", "1").out)
    assert len(ahead) == 11 and {row["year"] for row in ahead} == {"1955"}


def test_a_series_unknown_to_training_has_no_statistics(capsys, panel):
    rows = rows_of((panel / "grunfeld.csv").read_text())
    first = rows[0]["firm"]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({**row, "firm": "Nobody Inc"} for row in rows if row["firm"] == first)
    (panel / "stranger.csv").write_text(text.getvalue())
    ran = lstmspec(capsys, "predict", str(panel / "run"), "--data", str(panel / "stranger.csv"))
    assert ran.code == 1
    assert re.search(r":1:1: LS630 \[error\] .*series 'Nobody Inc' of column 'firm' was not "
                     "in the training data", ran.err)
