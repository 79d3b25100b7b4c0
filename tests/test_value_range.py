"""Values beyond float32 in a model with several inputs: one located line, like a plain x."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from lstmspec.runner.errors import DataError
from lstmspec.runner.value_range import check_range

pytestmark = pytest.mark.tf


def test_a_value_beyond_float32_in_one_named_input_is_located():
    past = np.zeros((4, 3, 2), dtype=np.float32)  # the loaders hold float32 arrays
    past[2, 1, 0] = np.inf  # what 1e308 becomes there
    dataset = SimpleNamespace(x={"train": {"future": np.zeros((4, 2, 1)), "past": past}},
                              y={"train": np.zeros((4, 1))})
    with pytest.raises(DataError) as raised:
        check_range(dataset, "seq.npz")
    assert str(raised.value) == (
        "seq.npz: the train x['past'] holds a value beyond the float32 range that training "
        "computes in (+-3.403e+38), first at sample 2 (index [2, 1, 0]): rescale the data")


def test_finite_named_inputs_pass():
    dataset = SimpleNamespace(x={"train": {"past": np.ones((4, 3, 2))}},
                              y={"train": np.ones((4, 1))})
    check_range(dataset, "seq.npz")
