"""Data errors stop `lstmspec run` with exit status 1 and one line on stderr, no traceback, before
TensorFlow starts (each case runs the real command in a subprocess)."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from lstmspec.runner.run import RunOptions
from lstmspec.runner.errors import RunDirError
from lstmspec.runner.rundir.directory import prepare
from conftest import child_env, lstmspec_argv

pytestmark = pytest.mark.tf

ROWS = "".join(f"{i},{i % 5}.25\n" for i in range(1, 41))
CONFIG = """\
input: {shape: [4, 1]}
layers:
  - {type: LSTM, units: 2}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: csv, path: s.csv, features: [v], targets: [v]}
"""


def run(folder, config: str = CONFIG):
    (folder / "c.yaml").write_text(config)
    done = subprocess.run(lstmspec_argv("run", folder / "c.yaml", "-o", folder / "out",
                                        python=("-X", "importtime")),
                          capture_output=True, text=True, timeout=120, env=child_env())
    messages = [line for line in done.stderr.splitlines() if not line.startswith("import time")]
    assert "Traceback" not in done.stderr
    assert not any(line.endswith("| tensorflow") for line in done.stderr.splitlines()), \
        "a data error must come back before TensorFlow is imported"
    return done.returncode, messages


@pytest.mark.parametrize("name, data, expected", [
    ("missing file", None, ["LS402"]),
    ("missing column", "t,v\n" + ROWS, ["LS403", "'u'"]),
    ("fewer rows than one window", "t,v\n1,2\n2,3\n", ["LS413"]),
    ("non-numeric value", "t,v\n" + ROWS.replace("7,2.25", "7,abc"), ["s.csv", "line 8", "'v'"]),
    ("NaN", "t,v\n" + ROWS.replace("9,4.25", "9,NaN"),  # rows 9, 19, 29, 39
     ["s.csv", "4 missing value(s)", "lines 10, 20, 30, 40", "'v'", "data.missing"]),
    ("empty cell", "t,v\n" + ROWS.replace("12,2.25", "12,"), ["s.csv", "line 13", "'v'"]),
])
@pytest.mark.subprocess
def test_data_error_is_one_line(tmp_path, name, data, expected):
    if data is not None:
        (tmp_path / "s.csv").write_text(data)
    config = CONFIG.replace("features: [v]", "features: [u]") if name == "missing column" \
        else CONFIG
    code, messages = run(tmp_path, config)
    assert code == 1
    assert len(messages) == 1, messages
    assert all(part in messages[0] for part in expected), messages[0]
    assert not (tmp_path / "out").exists()  # nothing was started


@pytest.mark.subprocess
def test_npz_nan_is_one_line(tmp_path):
    x = np.zeros((30, 4, 1), np.float32)
    x[7, 2, 0] = np.nan
    np.savez(tmp_path / "a.npz", x=x, y=np.zeros((30, 1), np.float32))
    code, messages = run(tmp_path, CONFIG.replace(
        "{kind: csv, path: s.csv, features: [v], targets: [v]}", "{kind: npz, path: a.npz}"))
    assert code == 1 and len(messages) == 1
    assert "a.npz: the train x holds NaN or infinite values (first at sample 7)" in messages[0]


def test_run_directory_policy(tmp_path):
    made = prepare(str(tmp_path / "r"), "runs", "m", "key1", resume=False, overwrite=False)
    assert made.status == "running" and not made.resumed
    made.release()  # what the end of a run does; prepare locks the directory
    again = prepare(str(tmp_path / "r"), "runs", "m", "key1", resume=False, overwrite=False)
    assert again.resumed  # an interrupted run of the same config is resumed
    again.release()
    with pytest.raises(RunDirError, match="different config"):
        prepare(str(tmp_path / "r"), "runs", "m", "key2", resume=True, overwrite=False)
    made.save_state(status="complete")
    with pytest.raises(RunDirError, match="finished run"):
        prepare(str(tmp_path / "r"), "runs", "m", "key1", resume=False, overwrite=False)
    (tmp_path / "r" / "notes.txt").write_text("mine")
    fresh = prepare(str(tmp_path / "r"), "runs", "m", "key2", resume=False, overwrite=True)
    assert fresh.status == "running" and (tmp_path / "r" / "notes.txt").exists()
    fresh.release()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("")
    with pytest.raises(RunDirError, match="not an lstmspec run directory"):
        prepare(str(tmp_path / "other"), "runs", "m", "key1", resume=False, overwrite=True)
    with pytest.raises(RunDirError, match="no interrupted run"):
        prepare(None, str(tmp_path / "runs"), "m", "key1", resume=True, overwrite=False)
    assert RunOptions().device == "auto"


@pytest.mark.subprocess
def test_build_with_lint_errors_never_imports_tensorflow(tmp_path):
    (tmp_path / "c.yaml").write_text(CONFIG.replace("units: 2}", "units: 2, return_sequence: "
                                                    "true}"))
    done = subprocess.run(lstmspec_argv("build", tmp_path / "c.yaml", python=("-X", "importtime")),
                          capture_output=True, text=True, timeout=120, env=child_env())
    lines = [line for line in done.stderr.splitlines() if not line.startswith("import time")]
    # the typo is read as fixed, so the runner sections are checked too (issue 9, item 12)
    assert done.returncode == 1 and [line.split()[1] for line in lines] == ["LS301", "LS402"]
    assert not any(line.endswith("| tensorflow") for line in done.stderr.splitlines())

