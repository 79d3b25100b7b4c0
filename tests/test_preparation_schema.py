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
