"""preparation.json's strict format (runner/data/preparation_schema.py) has exactly the keys of
the Preparation value it describes: a field added to one and not the other fails here, by
name. A value Preparation writes always passes; a key it does not have is refused."""

from __future__ import annotations

import dataclasses
import json

import pytest

from lstmspec.runner.data.preparation import Preparation, Scaling
from lstmspec.runner.data.preparation_schema import PreparationFile, check

pytestmark = pytest.mark.tf


def test_the_schema_has_every_field_of_preparation_and_no_other():
    fields = {f.name for f in dataclasses.fields(Preparation)} | {"format"}
    assert set(PreparationFile.model_fields) == fields


def test_what_preparation_writes_reads_back_through_the_schema():
    prep = Preparation(kind="csv", input_shape=(8, 2), input_dtype="float32",
                       output_shape=(2,), loss="mse", data_path="../d.csv",
                       features=("a", "b"), targets=("a",), time="day", window=8,
                       normalize="standard",
                       feature_scaling=Scaling(("a", "b"), (1.0, 2.0), (1.0, 0.5)),
                       target_scaling=Scaling(("a",), (1.0,), (1.0,)))
    assert Preparation.from_json(prep.to_json()) == prep
    with pytest.raises(ValueError, match=r"^colour: Extra inputs are not permitted$"):
        check({**json.loads(json.dumps(prep.to_json())), "colour": "red"})


def test_the_target_transform_is_the_specs_own_model():
    """One owner: preparation.json's target_transform is read with the spec's TargetTransform
    (a transform declared there is read here, with its checks), not a copy of its fields."""
    from lstmspec.spec.sections.series import TargetTransform

    prep = Preparation(kind="npz", input_shape=(3,), input_dtype="float32", output_shape=(1,),
                       loss="mse", target_transform={"log1p": True, "difference": 1})
    stored = check(json.loads(json.dumps(prep.to_json())))
    assert set(stored["target_transform"]) == set(TargetTransform.model_fields)
    both = {**json.loads(json.dumps(prep.to_json())),
            "target_transform": {"log": True, "log1p": True}}
    with pytest.raises(ValueError, match=r"^target_transform: log and log1p both take a "):
        check(both)  # the spec's own check, not repeated here
