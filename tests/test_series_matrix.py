"""A sample of the series matrix (tests/seriesmatrix.py) in the suite: each cell trained in
this process and checked by every invariant of tests/seriesmatrix_check.py. The whole matrix,
or its pairwise covering array, runs with `python tools/series_matrix.py --all` or
`--pairwise` (docs/series.md, "The series matrix").

The sample is the first SAMPLE cells of the pairwise covering array (seed 0) that lint
accepts: the greedy array puts the cells that cover the most value pairs first. A failing cell is shrunk to the
simplest cell that still fails, which the failure names with the command that reruns it.
"""

from __future__ import annotations

import pytest
import seriesmatrix as matrix

pytestmark = [pytest.mark.tf, pytest.mark.slow]

SAMPLE = 10


def sample() -> list:
    """The first cells of the covering array that lint must accept (a cell lint refuses
    trains nothing: tools/series_matrix.py checks those)."""
    return [cell for cell in matrix.pairwise(0) if cell.expected_lint is None][:SAMPLE]


@pytest.mark.parametrize("cell", sample(), ids=lambda cell: cell.id)
def test_a_cell_of_the_matrix_keeps_every_invariant(cell, tmp_path_factory):
    from seriesmatrix_check import check, shrink

    outcome = check(cell, tmp_path_factory.mktemp("cell"))
    if outcome.status == "failed":
        small = shrink(cell, lambda _: tmp_path_factory.mktemp("shrink"),
                       lambda o: o.status == "failed")
        pytest.fail(f"{cell.id} fails: {outcome.problems}; the simplest failing cell: "
                    f"python tools/series_matrix.py --cell '{small.id}'")
    assert outcome.status in ("passed", "refused"), outcome
