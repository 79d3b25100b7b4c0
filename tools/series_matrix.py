"""The series matrix: every option of docs/series.md with every other, checked by invariants.

    python tools/series_matrix.py --all                 # every cell (long: see --count)
    python tools/series_matrix.py --pairwise            # every pair of values: 121 cells
    python tools/series_matrix.py --suite               # the suite's array (time as its kind)
    python tools/series_matrix.py --sample 20 --seed 3  # 20 cells drawn at random
    python tools/series_matrix.py --cell 'form=quarter-space,series=per-series,missing=drop'
    python tools/series_matrix.py --all --shard 2/8     # the second eighth (CI in parallel)
    python tools/series_matrix.py --count               # how many cells, and per dimension

The cells and their data come from tests/seriesmatrix.py, the checks from
tests/seriesmatrix_check.py (the suite's tests/test_series_matrix.py runs the --suite
array). Every cell is trained in this one process (TensorFlow starts once). A failing cell is
shrunk to the simplest cell that still fails (--no-shrink to skip) and printed with its id,
which --cell takes back. Exit status 0 when no cell failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def chosen(args) -> list:
    import seriesmatrix as matrix

    if args.cell:
        return [matrix.parse_id(text) for text in args.cell]
    if args.pairwise:
        cells = matrix.pairwise(args.seed)
    elif args.suite:
        cells = matrix.suite_cells(args.seed)
    elif args.all:
        cells = matrix.all_cells()
    else:
        cells = random.Random(args.seed).sample(matrix.all_cells(), args.sample)
    if args.shard:
        index, count = (int(v) for v in args.shard.split("/"))
        cells = cells[index - 1::count]
    return cells


def main(argv=None) -> int:
    import seriesmatrix as matrix

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every cell of the matrix")
    which.add_argument("--pairwise", action="store_true", help="a covering array: every "
                       "pair of values of two dimensions in some cell")
    which.add_argument("--suite", action="store_true", help="the suite's covering array: "
                       "every pair of values, the time axis as its kind (numbers, dates, "
                       "clock times, offsets)")
    which.add_argument("--sample", type=int, default=10, help="cells drawn at random")
    which.add_argument("--cell", action="append", help="one cell by its id (repeatable)")
    which.add_argument("--count", action="store_true", help="print the size and exit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shard", help="I/N: only every N-th cell from the I-th")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--keep", help="a folder to keep each cell's project in")
    args = parser.parse_args(argv)
    if args.count:
        sizes = ", ".join(f"{k} {len(v)}" for k, v in matrix.DIMENSIONS.items()
                          if k not in ("form", "frequency"))
        axes = sum(len(form.frequencies) for form in matrix.FORMS.values())
        print(f"{matrix.total():,} cells (form {len(matrix.FORMS)} x frequency "
              f"{len(matrix.FREQUENCIES)} where the form can write it: {axes} time axes; "
              f"{sizes}); pairwise: {len(matrix.pairwise(args.seed))}; suite: "
              f"{len(matrix.suite_cells(args.seed))}")
        return 0
    if args.keep:
        return run_cells(args, pathlib.Path(args.keep))
    with tempfile.TemporaryDirectory(prefix="series-matrix-") as folder:  # removed after
        return run_cells(args, pathlib.Path(folder))


def run_cells(args, base: pathlib.Path) -> int:
    """Check the chosen cells, each in its own folder under `base`; shrink the failures."""
    from seriesmatrix_check import check, shrink

    counter = iter(range(10**9))

    def folder_of(cell):
        return base / f"{next(counter):06d}"

    cells = chosen(args)
    tally: dict = {}
    failed = []
    start, cpu = time.monotonic(), time.process_time()
    for number, cell in enumerate(cells, 1):
        outcome = check(cell, folder_of(cell))
        tally[outcome.status] = tally.get(outcome.status, 0) + 1
        print(f"[{number}/{len(cells)}] {outcome.status.upper():9} {cell.id} "
              f"({outcome.seconds:.1f} s)" + (f" {outcome.problems}"
                                              if outcome.status == "rejected" else ""),
              flush=True)
        if outcome.status == "failed":
            for problem in outcome.problems:
                print(f"    {problem}", flush=True)
            failed.append(cell)
    for cell in failed if not args.no_shrink else ():
        small = shrink(cell, folder_of, lambda o: o.status == "failed")
        print(f"smallest failing cell: --cell '{small.id}'", flush=True)
    print(f"{len(cells)} cell(s) in {time.monotonic() - start:.0f} s "
          f"({time.process_time() - cpu:.0f} s of CPU): " +
          ", ".join(f"{n} {s}" for s, n in sorted(tally.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
