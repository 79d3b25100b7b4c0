"""The series matrix (tests/seriesmatrix.py) in the suite, in two parts that together hold
every pair of values:

- every time axis (form x frequency, 92) is read, filled at a missing row and continued by
  lstmspec's own time code (runner/series/timeaxis.py, spacing.py; NumPy, no TensorFlow),
  and each time it writes is the generator's label of the row, parsing back to its instant;
- `suite_cells()`, a covering array of strength 2 over the time axis's kind (numbers, dates,
  clock times, offsets) and every other dimension (series, transform, calendar, missing,
  horizon, stride, source, load, place): each cell takes the next axis of its kind, is
  trained in this process (TensorFlow starts once) and checked by every invariant of
  tests/seriesmatrix_check.py.

The covering array over every dimension, form and frequency apart (>= 92 cells, one per
axis), and the whole product run with `python tools/series_matrix.py --pairwise` or
`--all` (docs/series.md, "The series matrix"). A failing cell is shrunk to the simplest
cell that still fails, which the failure names with the command that reruns it.
"""

from __future__ import annotations

import pytest
import seriesmatrix as matrix

pytestmark = [pytest.mark.tf, pytest.mark.slow]

AXES = matrix.axes()
GAP = 61  # the row left out of the file, as in the cells with gaps


@pytest.mark.parametrize("form, frequency", AXES)
def test_lstmspec_reads_fills_and_continues_every_time_axis(form, frequency):
    from lstmspec.runner.series.spacing import continued, fill_times, infer_step
    from lstmspec.runner.series.timeaxis import parse_times

    axis = matrix.Axis(form, frequency)
    rows = [r for r in range(matrix.ROWS) if r != GAP]
    cells = [axis.label(r) for r in rows]
    times = parse_times(cells, list(range(2, len(cells) + 2)), "t", "data.csv",
                        axis.time_format)
    assert times.dates == axis.dates
    step = infer_step(times, [(0, len(cells))])
    assert step is not None, cells[:3]
    filled = times.written_like(cells[GAP - 1], fill_times(times, step, GAP - 1, 1))
    assert filled == [axis.label(GAP)]
    after = continued(cells, 3, axis.time_format)
    assert after == [axis.label(matrix.ROWS + k) for k in range(3)]
    from seriesmatrix_check import parse_back

    for written, row in zip(filled + after, [GAP] + [matrix.ROWS + k for k in range(3)]):
        assert parse_back(matrix.parse_id(f"form={form},frequency={frequency}"),
                          written) == axis.instant(row)


@pytest.mark.parametrize("cell", matrix.suite_cells(0), ids=lambda cell: cell.id)
def test_a_cell_of_the_matrix_keeps_every_invariant(cell, tmp_path_factory):
    from seriesmatrix_check import check, shrink

    outcome = check(cell, tmp_path_factory.mktemp("cell"))
    if outcome.status == "failed":
        small = shrink(cell, lambda _: tmp_path_factory.mktemp("shrink"),
                       lambda o: o.status == "failed")
        pytest.fail(f"{cell.id} fails: {outcome.problems}; the simplest failing cell: "
                    f"python tools/series_matrix.py --cell '{small.id}'")
    expected = "rejected" if cell.expected_lint else \
        "refused" if cell.expected_refusal else "passed"
    assert outcome.status == expected, outcome
