"""Continuing a time column past the end of the data (forecast, predict): read as training
reads it (series/timeaxis.parse_times), stepped by its frequency (series/spacing.infer_step,
data.frequency) and written in its own format; a pure function, no TensorFlow."""

from __future__ import annotations

import pytest

from lstmspec.runner.series.spacing import continued

pytestmark = pytest.mark.tf


@pytest.mark.parametrize("labels, expected", [
    (["1700", "1701", "1702"], ["1703", "1704"]),
    (["1700.0", "1701.0"], ["1702.0", "1703.0"]),
    (["0", "5", "10"], ["15", "20"]),
    (["2010-11", "2010-12"], ["2011-01", "2011-02"]),
    (["20240130", "20240131"], ["20240201", "20240202"]),
    (["20240131", "20240229", "20240331"], ["20240430", "20240531"]),
    (["2024-01-15", "2024-02-15"], ["2024-03-15", "2024-04-15"]),
    (["2024-01-01", "2024-01-08"], ["2024-01-15", "2024-01-22"]),
    (["2024-01-01 22:00", "2024-01-01 23:00"], ["2024-01-02 00:00", "2024-01-02 01:00"]),
    (["2024-01-01T00:00:00", "2024-01-01T00:00:30"],
     ["2024-01-01T00:01:00", "2024-01-01T00:01:30"]),
    (["20241223", "20241230"], ["20250106", "20250113"]),  # weekly YYYYMMDD over a year end
    (["2024-11-30", "2024-12-31"], ["2025-01-31", "2025-02-28"]),  # ISO month ends
    (["1995.25", "1995.50"], ["1995.75", "1996.00"]),
])
def test_a_regular_column_is_continued_in_its_own_format(labels, expected):
    assert continued(labels, 2) == expected


@pytest.mark.parametrize("labels", [["a", "b"], ["1", "2", "4"], ["2024-01-01"],
                                    ["2024-01-03", "2024-01-01"], ["3", "3"]])
def test_an_irregular_or_unknown_column_is_not_guessed(labels):
    assert continued(labels, 3) is None



def test_the_frequency_and_time_format_of_training_are_used():
    assert continued(["01/01/2024", "15/01/2024"], 2, "%d/%m/%Y") == ["29/01/2024",
                                                                     "12/02/2024"]
    assert continued(["2024-01-31"], 2, frequency="1 quarter") == ["2024-04-30", "2024-07-31"]
    assert continued(["1", "2", "4"], 2, frequency="1 step") == ["5", "6"]
