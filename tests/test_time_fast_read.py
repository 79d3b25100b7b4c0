"""The time formats NumPy reads in one call (timeaxis._FAST: YYYY-MM and YYYYMMDD, the path a
service request and a CSV take) read every cell as strptime does, and refuse the same cells
with the same located line: generated cells, valid and not, compared with the fast path off."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmspec.runner.errors import DataError
from lstmspec.runner.series import timeaxis

pytestmark = pytest.mark.tf  # NumPy

DIGITS = st.text("0123456789", min_size=1, max_size=3)
MONTHS = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(900, 9999), st.integers(0, 13))
DAYS = st.builds(lambda y, m, d: f"{y:04d}{m:02d}{d:02d}", st.integers(990, 2999),
                 st.integers(0, 13), st.integers(0, 32))
ODD = st.sampled_from(["1950-1", "1950-001", " 1950-01", "1950-01 ", "19500101", "1950/01",
                       "2023-02", "20230230", "20240229", "20230229", "99991231", "1000-01"])


def read(cells: list, fmt: str | None):
    try:
        times = timeaxis.parse_times(cells, list(range(2, len(cells) + 2)), "t", "data.csv",
                                     fmt)
    except DataError as err:
        return "error", str(err)
    return "times", times.values.tolist(), times.how, times.fmt, times.offsets


def both(cells: list, fmt: str | None) -> tuple:
    fast = read(cells, fmt)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(timeaxis, "_FAST", {})
        slow = read(cells, fmt)
    return fast, slow


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.one_of(MONTHS, ODD), min_size=1, max_size=12),
       fmt=st.sampled_from(["%Y-%m", None]))
def test_months_read_as_strptime_reads_them(cells, fmt):
    fast, slow = both(cells, fmt)
    assert fast == slow


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.one_of(DAYS, ODD), min_size=1, max_size=12),
       fmt=st.sampled_from(["%Y%m%d", None]))
def test_days_read_as_strptime_reads_them(cells, fmt):
    fast, slow = both(cells, fmt)
    assert fast == slow


def test_the_fast_path_is_taken(monkeypatch):
    calls = []
    monkeypatch.setattr(timeaxis, "read_format", lambda c, f: calls.append(c))
    assert read(["1950-01", "1950-02"], None)[0] == "times"
    assert read(["19500101", "19500102"], "%Y%m%d")[0] == "times"
    assert calls == []
