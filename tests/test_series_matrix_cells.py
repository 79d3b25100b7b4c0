"""The series matrix's generator (tests/seriesmatrix.py) without TensorFlow or NumPy: every
cell id reads back to its cell, the pairwise array covers every pair of values, the time axes
write what they say (their labels parse back to their instants with Python alone), and
tools/series_matrix.py counts the matrix."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import seriesmatrix as matrix

ROOT = Path(__file__).resolve().parent.parent


def test_every_cell_id_reads_back_to_its_cell():
    cells = matrix.all_cells()
    assert len(cells) == matrix.total() == 92 * 3840
    assert all(matrix.parse_id(cell.id) == cell for cell in cells[::97])
    assert matrix.parse_id("form=quarter-dash").values == ("quarter-dash", "quarters") + tuple(
        values[0] for values in list(matrix.DIMENSIONS.values())[2:])


@pytest.mark.parametrize("text, message", [("form=nope", "form=nope: choose one of"),
                                           ("colour=red", "unknown dimension(s) colour")])
def test_a_bad_cell_id_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        matrix.parse_id(text)


REFUSED = {("series", "per-series", "load", "stream"),  # lint: LS468
           ("calendar", "on", "time", "numbers")}  # run: calendar features need dates


def kind(cell) -> str:
    return next(k for k, forms in matrix.KINDS.items() if cell.form in forms)


def trained_pairs(cells, dimensions, value_of) -> dict:
    """(dimension a, dimension b) -> the pairs of values held by cells that train."""
    seen: dict = {}
    for cell in cells:
        if cell.expected_lint or cell.expected_refusal:
            continue
        for a, b in itertools.combinations(dimensions, 2):
            seen.setdefault((a, b), set()).add((value_of(cell, a), value_of(cell, b)))
    return seen


def test_the_pairwise_array_trains_every_pair_of_values():
    cells = matrix.pairwise(0)
    names = list(matrix.DIMENSIONS)
    seen = trained_pairs(cells, names, getattr)
    for a, b in itertools.combinations(names, 2):
        pairs = set(itertools.product(matrix.DIMENSIONS[a], matrix.DIMENSIONS[b]))
        if (a, b) == ("form", "frequency"):  # only the frequencies a form can write
            pairs = {(f, q) for f, q in pairs if q in matrix.FORMS[f].frequencies}
        pairs = {p for p in pairs if not refused(a, p[0], b, p[1], form_kind=True)}
        assert seen[(a, b)] == pairs, (a, b, pairs - seen[(a, b)])
    assert all(cell.valid for cell in cells)
    # one refused cell per reason: lint's LS468, and the run's refusal of a calendar
    assert sorted(c.expected_lint for c in cells if c.expected_lint) == ["LS468"]
    assert sorted(c.expected_refusal for c in cells if c.expected_refusal) == [
        "calendar needs dates"]
    assert len(cells) < 2 * 92 * 4 and matrix.pairwise(0) == cells  # small, reproducible


def refused(a, va, b, vb, form_kind=False) -> bool:
    if form_kind:  # a form of numbers, or the frequency only numbers write
        a, va = ("time", "numbers") if (a == "form" and va in matrix.KINDS["numbers"]) or \
            (a == "frequency" and va == "steps") else (a, va)
        b, vb = ("time", "numbers") if (b == "form" and vb in matrix.KINDS["numbers"]) or \
            (b == "frequency" and vb == "steps") else (b, vb)
    return (a, va, b, vb) in REFUSED or (b, vb, a, va) in REFUSED


def test_the_suite_array_trains_every_pair_of_values_with_the_time_axis_as_its_kind():
    cells = matrix.suite_cells(0)
    names = ["time"] + [n for n in matrix.DIMENSIONS if n not in ("form", "frequency")]
    dims = {"time": list(matrix.KINDS), **matrix.DIMENSIONS}
    seen = trained_pairs(cells, names, lambda c, n: kind(c) if n == "time" else getattr(c, n))
    for a, b in itertools.combinations(names, 2):
        pairs = {p for p in itertools.product(dims[a], dims[b]) if not refused(a, p[0], b, p[1])}
        assert seen[(a, b)] == pairs, (a, b, pairs - seen[(a, b)])
    assert all(cell.valid for cell in cells) and len(cells) <= 30
    forms = [c.form for c in cells if kind(c) == "dates"]
    assert len(set(forms)) == len(forms)  # each cell of a kind takes another form in turn
    assert sorted(c.expected_lint for c in cells if c.expected_lint) == ["LS468"]
    assert sorted(c.expected_refusal for c in cells if c.expected_refusal) == [
        "calendar needs dates"]


AXES = matrix.axes()


@pytest.mark.parametrize("form, frequency", AXES)
def test_each_time_axis_labels_rows_that_parse_back_to_their_instants(form, frequency):
    axis = matrix.Axis(form, frequency)
    labels = [axis.label(i) for i in range(200)]
    assert len(set(labels)) == 200
    for i in (0, 1, 57, 199):
        text, instant = labels[i], axis.instant(i)
        if not axis.dates:
            assert float(text) == instant
        elif axis.time_format:
            assert datetime.strptime(text, axis.time_format) == instant
        elif "Q" in text:
            assert (int(text[:4]), int(text[-1])) == (instant.year, (instant.month + 2) // 3)
            assert instant.day == 1 and instant.month % 3 == 1
        else:
            assert any(parsed == instant for parsed in _readings(text)), (text, instant)


def test_a_form_writes_only_the_frequencies_it_can():
    assert len(AXES) == 92
    with pytest.raises(ValueError, match="form=iso-date cannot write frequency=30min"):
        matrix.parse_id("form=iso-date,frequency=30min")
    assert matrix.parse_id("form=quarter-dash").frequency == "quarters"


def _readings(text: str):
    for fmt in ("%Y%m%d", "%Y-%m", "%b-%d-%Y"):
        try:
            yield datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        yield datetime.fromisoformat(text)
    except ValueError:
        pass


@pytest.mark.subprocess
def test_the_tool_counts_the_matrix():
    ran = subprocess.run([sys.executable, str(ROOT / "tools" / "series_matrix.py"), "--count"],
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == ("353,280 cells (form 18 x frequency 9 where the form can write it: "
                          "92 time axes; series 3, transform 5, calendar 2, missing 4, "
                          "horizon 2, stride 2, source 2, load 2, place 2); pairwise: "
                          f"{len(matrix.pairwise(0))}; suite: {len(matrix.suite_cells(0))}\n")
