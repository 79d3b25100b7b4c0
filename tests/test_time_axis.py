"""The time axis at the data level (NumPy only): UTC offsets kept in every time written
(continued times, rows inserted at gaps) and compared as instants, calendar features on the
clock time the file writes, quarters read and written back in their own form, and a time
format that reads the cells as other times than they say refused on its line. Expected
values are written out here, not computed by the code under test."""

from __future__ import annotations

import warnings
from datetime import datetime

import numpy as np
import pytest

from lstmspec.runner.errors import DataError
from lstmspec.runner.series.calendar import calendar_features
from lstmspec.runner.series.spacing import continued
from lstmspec.runner.series.table import RawColumns, build_table
from lstmspec.runner.series.timeaxis import parse_times

pytestmark = pytest.mark.tf


class Data:
    """The keys build_table reads."""

    def __init__(self, **keys):
        self.series, self.time, self.time_format = None, "t", None
        self.frequency, self.decimal = "auto", "."
        self.__dict__.update(keys)


def table_of(cells: list, **keys):
    raw = RawColumns({"v": [str(i) for i in range(len(cells))]}, {"t": cells},
                     np.arange(2, len(cells) + 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's timezone UserWarning, or any other
        return build_table(raw, Data(**keys), "s.csv")


def error(cells: list, **keys) -> str:
    with pytest.raises(DataError) as caught:
        table_of(cells, **keys)
    return str(caught.value)


# -- UTC offsets -----------------------------------------------------------------------------

@pytest.mark.parametrize("labels, expected", [
    (["2021-05-07 00:00:00+00:00", "2021-05-07 00:30:00+00:00"],
     ["2021-05-07 01:00:00+00:00", "2021-05-07 01:30:00+00:00"]),
    (["2021-05-07 04:30:00+01:00", "2021-05-07 05:00:00+01:00"],
     ["2021-05-07 05:30:00+01:00", "2021-05-07 06:00:00+01:00"]),
    (["2021-05-07T23:00Z", "2021-05-07T23:30Z"], ["2021-05-08T00:00Z", "2021-05-08T00:30Z"]),
    (["2021-01-31T00:00-05:00", "2021-02-28T00:00-05:00"],
     ["2021-03-31T00:00-05:00", "2021-04-30T00:00-05:00"]),  # month ends at their own clock
    (["2024-03-30+01:00", "2024-03-31+01:00"], ["2024-04-01+01:00", "2024-04-02+01:00"]),
    (["2021-05-07 10:00:00+0530", "2021-05-07 11:00:00+0530"],
     ["2021-05-07 12:00:00+0530", "2021-05-07 13:00:00+0530"]),
])
def test_a_continued_time_keeps_the_offset_in_the_form_the_data_writes(labels, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert continued(labels, 2) == expected


def test_a_strptime_offset_is_kept_as_written():
    fmt = "%d/%m/%Y %H:%M %z"
    assert continued(["07/05/2021 10:00 +01:00", "07/05/2021 11:00 +01:00"], 2, fmt) == \
        ["07/05/2021 12:00 +01:00", "07/05/2021 13:00 +01:00"]
    assert continued(["07/05/2021 10:00 +0100", "07/05/2021 11:00 +0100"], 1, fmt) == \
        ["07/05/2021 12:00 +0100"]


def test_offsets_are_instants_and_rows_inserted_at_a_gap_are_written_like_their_neighbour():
    table = table_of(["2021-05-07 00:00:00+01:00", "2021-05-07 00:30:00+01:00",
                      "2021-05-07 02:00:00+01:00", "2021-05-07 02:30:00+01:00"])
    assert table.step.describe() == "30 minutes" and table.inserted == 2
    assert table.labels == ["2021-05-07 00:00:00+01:00", "2021-05-07 00:30:00+01:00",
                            "2021-05-07 01:00:00+01:00", "2021-05-07 01:30:00+01:00",
                            "2021-05-07 02:00:00+01:00", "2021-05-07 02:30:00+01:00"]
    assert str(table.times.values[0]) == "2021-05-06T23:00:00"  # the instant, in UTC
    assert np.isnan(table.values[2:4, 0]).all()


def test_a_change_of_offset_is_one_step_in_time_not_a_gap():
    # the last hour of summer time in Paris: 02:30+02:00 is 00:30 UTC, 02:00+01:00 is 01:00
    table = table_of(["2021-10-31T01:30+02:00", "2021-10-31T02:00+02:00",
                      "2021-10-31T02:30+02:00", "2021-10-31T02:00+01:00"])
    assert table.step.describe() == "30 minutes" and table.inserted == 0


def test_rows_inserted_in_a_yyyymmdd_column_stay_yyyymmdd():
    table = table_of(["20240101", "20240108", "20240129"])
    assert table.labels == ["20240101", "20240108", "20240115", "20240122", "20240129"]


def test_cells_with_and_without_an_offset_are_not_mixed():
    message = error(["2021-05-07 00:00+01:00", "2021-05-07 00:30"])
    assert message.startswith("s.csv, line 3, column 't': '2021-05-07 00:30' is not a time in "
                               "ISO times with a UTC offset"), message


def test_calendar_features_are_on_the_clock_time_the_file_writes():
    times = table_of(["2021-05-07 08:00:00+02:00", "2021-05-07 09:00:00+02:00"]).times
    hour = calendar_features(times, ["hour", "day_of_week"], {"written": "s", "column": "t"})
    angle = 2 * np.pi * np.array([8, 9]) / 24  # 8 and 9 o'clock, not 6 and 7 (UTC)
    np.testing.assert_allclose(hour[:, 0], np.sin(angle), atol=1e-12)
    np.testing.assert_allclose(hour[:, 1], np.cos(angle), atol=1e-12)
    friday = 2 * np.pi * 4 / 7
    np.testing.assert_allclose(hour[:, 2], np.sin(friday), atol=1e-12)
    late = table_of(["2021-05-07T23:30-04:00", "2021-05-08T00:30-04:00"]).times
    days = calendar_features(late, ["day_of_week"], {"written": "s", "column": "t"})
    np.testing.assert_allclose(days[0, 0], np.sin(friday), atol=1e-12)  # Friday there


# -- quarters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cells, after", [
    (["1970 Q1", "1970 Q2", "1970 Q3"], ["1970 Q4", "1971 Q1"]),
    (["1970-Q3", "1970-Q4"], ["1971-Q1", "1971-Q2"]),
    (["1999Q3", "1999Q4"], ["2000Q1", "2000Q2"]),
])
def test_quarters_are_read_and_continued_in_their_own_form(cells, after):
    table = table_of(cells)
    assert table.step.describe() == "1 quarter" and table.inserted == 0
    year, quarter = int(cells[0][:4]), int(cells[0][-1])
    assert table.times.values[0] == np.datetime64(datetime(year, 3 * quarter - 2, 1))
    assert continued(cells, 2) == after


def test_a_missing_quarter_is_a_gap_written_as_a_quarter():
    table = table_of(["1970 Q1", "1970 Q2", "1971 Q1"])
    assert table.labels == ["1970 Q1", "1970 Q2", "1970 Q3", "1970 Q4", "1971 Q1"]


def test_a_month_format_on_quarters_leaves_most_rows_as_gaps_and_is_refused():
    cells = [f"{1970 + i // 4} Q{i % 4 + 1}" for i in range(12)]
    message = error(cells, time_format="%Y Q%m")
    assert message.startswith("s.csv, line 6, column 't': read as %Y Q%m with a step of 1 "
                              "month, the time column leaves 16 rows missing"), message
    assert "%m reads a month, not a quarter" in message
    assert "set data.frequency: 1 month" in message


def test_a_format_that_reads_two_cells_as_one_time_names_both_lines():
    # strptime ignores %W without a weekday: every week of a year reads as 1 January
    message = error(["2021-W01", "2021-W02", "2021-W03"], time_format="%Y-W%W")
    assert message.startswith("s.csv, line 3, column 't': '2021-W02' and '2021-W01' of line 2 "
                              "are read as the same time 2021-01-01"), message
    assert "correct data.time_format" in message


def test_a_date_numpy_cannot_read_is_located_in_the_iso_form():
    message = error(["2021-05-07T10:00", "2021-02-30T10:00"])
    assert message.startswith("s.csv, line 3, column 't': '2021-02-30T10:00' is not a time in "
                              "ISO dates like the rows before it"), message


def test_an_explicit_frequency_may_be_sparse():
    table = table_of(["2020-01-01", "2020-01-05", "2020-01-09"], frequency="1 day")
    assert table.inserted == 6


def test_the_unrecognised_time_message_names_quarters_and_q():
    message = error(["Spring 1970", "Summer 1970"])
    assert "quarters like 1970 Q1" in message


def test_parse_times_of_offsets_warns_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        times = parse_times(["2021-05-07T00:00Z", "2021-05-07T00:30Z"], [2, 3], "t", "s.csv")
    assert times.offsets.tolist() == [0, 0]
    assert times.written_like("2021-05-07T00:30Z", times.values) == ["2021-05-07T00:00Z",
                                                                      "2021-05-07T00:30Z"]
