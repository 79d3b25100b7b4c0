"""Integer times that float64 cannot hold exactly are refused with a located line (issue 19,
item 10): years 10^30, 10^30 + 1, ... were one float, and `run` said "the time 1e+30 repeats
line 2". Integers up to 2^53, and larger ones that float64 holds exactly (nanosecond epochs of
whole seconds), are read as before."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_support import check_golden

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]  # the data is read with NumPy

CONFIG = """\
name: big
input: {shape: [4, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: big.csv, time: year, features: [v], targets: [v]}
train: {epochs: 1}
output: {plots: false}
"""


def test_years_of_ten_to_the_thirty_are_refused_not_repeats(tmp_path):
    start = 10**30
    (tmp_path / "big.csv").write_text("year,v\n" + "".join(f"{start + k},{k % 7}.5\n"
                                                            for k in range(40)))
    (tmp_path / "big.yaml").write_text(CONFIG)
    ran = subprocess.run([sys.executable, "-m", "lstmspec", "run", "big.yaml"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 1
    lines = ran.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "big.yaml:1:1: LS418 [error] big.csv, line 2, column 'year': "), lines
    check_golden("time_precision.txt", f"$ lstmspec run big.yaml\n{lines[0]}\n")


def test_large_integers_that_float64_holds_are_read():
    from lstmspec.runner.series.timeaxis import parse_times

    cells = [str(2**53), "1700000001000000000", "-" + str(2**60)]
    times = parse_times(cells, [2, 3, 4], "t", "f.csv")
    assert [int(v) for v in times.values] == [int(c) for c in cells]
