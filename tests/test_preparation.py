"""The stored preparation (preparation.json): a round trip through JSON gives the same value,
the windows it makes are the training windows, and a run without it gets a clear message."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lstmspec.runner.errors import PreparationMissing
from lstmspec.runner.data.preparation import FILE, Preparation, Scaling, read, relative_to

pytestmark = pytest.mark.tf


def series_preparation() -> Preparation:
    values = np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0], [4.0, 40.0]])
    return Preparation(kind="csv", input_shape=(3, 2), input_dtype="float32",
                       output_shape=(2,), loss="mse", data_path="../data/s.csv",
                       features=("a", "b"), targets=("b",), time="t", window=3, horizon=2,
                       normalize="standard",
                       feature_scaling=Scaling.fit(("a", "b"), values, "standard"),
                       target_scaling=Scaling.fit(("b",), values[:, 1:], "standard"),
                       fit_rows=(0, 4), split={"train": 0.7, "validation": 0.15, "test": 0.15})


def test_json_round_trip_is_the_same_value(tmp_path):
    prep = series_preparation()
    (tmp_path / FILE).write_text(json.dumps(prep.to_json()))
    assert read(str(tmp_path)) == prep


def test_scaling_inverts_what_it_applies():
    prep = series_preparation()
    values = np.array([[5.0, 7.0]])
    assert np.allclose(prep.feature_scaling.invert(prep.feature_scaling.apply(values)), values)
    assert np.allclose(prep.feature_scaling.apply(np.array([[2.5, 25.0]])), 0.0)


def test_windows_and_original_units():
    prep = series_preparation()
    features = np.arange(12.0).reshape(6, 2)
    x = prep.inputs(features, np.array([0, 2]))
    assert x.shape == (2, 3, 2) and x.dtype == np.float32
    assert np.allclose(prep.feature_scaling.invert(x[1]), features[2:5])
    predicted = prep.target_scaling.apply(np.array([[11.0], [12.0]])).reshape(1, 2)
    assert prep.to_original(predicted) == pytest.approx(np.array([[[11.0], [12.0]]]))


def test_a_later_field_reads_back_with_its_default(tmp_path):
    stored = series_preparation().to_json()
    del stored["split"]  # as if written before the field existed
    (tmp_path / FILE).write_text(json.dumps(stored))
    assert read(str(tmp_path)).split == {}


def test_a_run_without_preparation_asks_for_a_re_run(tmp_path):
    with pytest.raises(PreparationMissing,
                       match=r"has no preparation\.json.*lstmspec run .*config\.yaml --overwrite"):
        read(str(tmp_path))
    (tmp_path / FILE).write_text(json.dumps({"format": 99}))
    with pytest.raises(PreparationMissing, match="format 99"):
        read(str(tmp_path))


def test_paths_are_stored_relative_and_forward_slashed(tmp_path):
    run_dir = tmp_path / "runs" / "a"
    assert relative_to(str(run_dir), str(tmp_path / "data" / "s.csv")) == "../../data/s.csv"
