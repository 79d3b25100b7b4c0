"""The forecasting scores of metrics.json against their definitions, written out here again
the long way (Hyndman and Koehler 2006 for MASE; sMAPE as 2|F - A| / (|A| + |F|)): the
seasonal naive forecast, MASE by each series' own in-sample scale, per target and per series,
a constant training part, and the verdict that names the stronger baseline."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lstmspec.runner.series import baselines
from lstmspec.runner.series.scores import Forecasts, original_units
from lstmspec.runner.series.timeaxis import Step
from lstmspec.runner.series.verdict import gate_failure, verdict

pytestmark = pytest.mark.tf  # NumPy


@pytest.mark.parametrize("step, season", [
    (Step(1800, "second"), 48), (Step(3600, "second"), 24), (Step(86400, "second"), 7),
    (Step(7 * 86400, "second"), 52), (Step(1, "month"), 12), (Step(3, "month"), 4),
    (Step(12, "month"), None), (Step(1, "number"), None), (Step(900, "second"), 96),
    (Step(6 * 3600, "second"), 4), (Step(7 * 3600, "second"), None), (None, None)])
def test_the_season_a_frequency_implies(step, season):
    assert baselines.default_season(step) == season


def test_data_season_overrides_and_one_means_none():
    assert baselines.resolved_season(5, Step(3600, "second")) == 5
    assert baselines.resolved_season(1, Step(3600, "second")) is None
    assert baselines.resolved_season(None, Step(3600, "second")) == 24


def loop_seasonal_naive(series, origin, horizon, m):
    """y-hat[origin + h] = y[origin + h - m * (floor((h - 1) / m) + 1)], h = 1..horizon."""
    return [series[origin + h - m * ((h - 1) // m + 1)] for h in range(1, horizon + 1)]


def loop_scale(train, m):
    return sum(abs(train[t] - train[t - m]) for t in range(m, len(train))) / (len(train) - m)


def test_seasonal_naive_steps_back_whole_seasons_beyond_the_horizon():
    series = np.arange(100, dtype=float)[:, None] ** 1.5
    first = np.array([40, 57, 90])
    made = baselines.seasonal_naive(series, first, horizon=10, season=4,
                                    begins=np.zeros(3, dtype=np.int64))
    for i, f in enumerate(first):
        assert made[i, :, 0].tolist() == loop_seasonal_naive(series[:, 0], f - 1, 10, 4)
    # two rows of history in its own series: only the third step has a value a season back
    short = baselines.seasonal_naive(series, np.array([42]), 3, 4, np.array([40]))
    assert np.isnan(short[0, :2]).all() and short[0, 2, 0] == series[40, 0]


def test_mase_and_smape_match_their_definitions():
    rng = np.random.default_rng(3)
    y = 50 + 10 * np.sin(np.arange(300) * 2 * np.pi / 12) + rng.normal(0, 2, 300)
    train, m = y[:200], 12
    scale = baselines.in_sample_scale(y[:, None], np.arange(300) < 200, m)
    assert scale[0] == pytest.approx(loop_scale(train, m), rel=1e-12)
    first = np.arange(220, 290)
    actual = y[first][:, None, None]
    guess = actual + rng.normal(0, 1, actual.shape)
    units = original_units(("y",), Forecasts(
        actual, guess, baselines.naive(y[:, None], first, 1),
        baselines.seasonal_naive(y[:, None], first, 1, m, np.zeros(len(first), np.int64)),
        np.full((len(first), 1), scale[0]), season=m))
    errors = np.abs(guess - actual).ravel()
    assert units["mase"] == pytest.approx(errors.mean() / loop_scale(train, m), rel=1e-12)
    a, f = actual.ravel(), guess.ravel()
    assert units["smape"] == pytest.approx(
        100 * np.mean([2 * abs(x - z) / (abs(x) + abs(z)) for x, z in zip(a, f)]), rel=1e-12)
    snaive = [loop_seasonal_naive(y, t - 1, 1, m)[0] for t in first]
    assert units["seasonal_naive_mae"] == pytest.approx(np.mean(np.abs(np.array(snaive) - a)))
    assert units["seasonal_naive_mase"] == pytest.approx(
        units["seasonal_naive_mae"] / loop_scale(train, m))
    assert units["stronger_baseline"] == "seasonal_naive"  # a sine of period 12
    assert units["beats_seasonal_naive"] is (units["mae"] < units["seasonal_naive_mae"])


def two_series(scale_b: float = 1000.0, constant_a: bool = False):
    """Series a and b (b 1000 times larger), 30 one-step forecasts each."""
    rng = np.random.default_rng(5)
    out = {}
    for name, size in (("a", 1.0), ("b", scale_b)):
        y = size * (5 + np.sin(np.arange(80) * 2 * np.pi / 7)) + rng.normal(0, 0.1 * size, 80)
        if constant_a and name == "a":
            y[:50] = 3.0
        first = np.arange(50, 80)
        scale = baselines.in_sample_scale(y[:, None], np.arange(80) < 50, 7)
        out[name] = Forecasts(
            y[first][:, None, None], y[first][:, None, None] + 0.05 * size,
            baselines.naive(y[:, None], first, 1),
            baselines.seasonal_naive(y[:, None], first, 1, 7, np.zeros(30, np.int64)),
            np.repeat(scale[None], 30, axis=0), np.array([name] * 30, dtype=object), 7)
    return out


def test_per_series_scores_are_each_series_alone_and_pooled_mase_is_scale_free():
    parts = two_series()
    units = original_units(("y",), Forecasts.joined(list(parts.values())))
    for name, part in parts.items():
        alone = original_units(("y",), part)
        for key in ("mae", "rmse", "smape", "mase", "naive_mae", "seasonal_naive_mae"):
            assert units["per_series"][name][key] == pytest.approx(alone[key], rel=1e-12)
    # the pooled MAE is dominated by b; the pooled MASE is the mean of the two
    assert units["mae"] == pytest.approx((0.05 + 50) / 2)
    mases = [units["per_series"][n]["mase"] for n in "ab"]
    assert units["mase"] == pytest.approx(sum(mases) / 2, rel=1e-12)


def test_beating_a_baseline_means_on_every_series():
    parts = two_series()
    b = parts["b"]
    worse = b.actual + 1.5 * (b.seasonal - b.actual)  # 1.5 times the seasonal naive's errors
    parts["b"] = Forecasts(b.actual, worse, b.naive, b.seasonal, b.scale, b.series, 7)
    units = original_units(("y",), Forecasts.joined(list(parts.values())))
    assert units["per_series"]["a"]["beats_seasonal_naive"] is True
    assert units["per_series"]["b"]["beats_seasonal_naive"] is False
    assert units["beats_seasonal_naive"] is False
    assert units["stronger_baseline"] == "seasonal_naive"
    line = verdict(units)
    assert line.startswith("warning: the model does not beat the seasonal naive forecast "
                           "(the value one season, 7 rows, before), the stronger baseline")
    assert "series b MAE" in line and "series a" not in line
    failure = gate_failure(units, "seasonal_naive")
    assert failure.startswith("--require-beats seasonal_naive: the model does not beat")
    assert gate_failure(units, "naive") is None  # it beats the naive one everywhere


def test_a_constant_training_part_gives_no_infinite_mase_but_says_why():
    units = original_units(("y",), Forecasts.joined(list(two_series(constant_a=True).values())))
    a = units["per_series"]["a"]
    assert a["mase"] is None and "constant" in a["mase_note"]
    assert units["mase"] is None and "constant" in units["mase_note"]
    assert units["per_series"]["b"]["mase"] > 0
    assert a["mae"] is not None
    json.dumps(units, allow_nan=False)  # nothing infinite, nothing NaN


def test_no_season_leaves_the_seasonal_keys_out_and_the_gate_says_so():
    part = two_series()["a"]
    units = original_units(("y",), Forecasts(part.actual, part.guess, part.naive, None,
                                             part.scale))
    assert "seasonal_naive_mae" not in units and units["beats_seasonal_naive"] is None
    assert units["season"] is None and units["stronger_baseline"] == "naive"
    assert "no season" in gate_failure(units, "seasonal_naive")
    assert "the stronger baseline" not in verdict(units)
