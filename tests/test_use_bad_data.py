"""Bad data for predict, forecast, evaluate and export: one coded line on stderr, exit 1,
and TensorFlow never started (the checks run on the stored preparation before any model is
loaded). All cases run in one child process, which then proves that TensorFlow and Keras were
never imported; the messages are pinned in tests/golden/use_bad_data.txt."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from cli_support import check_golden
from use_support import seal

from lstmspec.runner.data.preparation import FILE, Preparation, Scaling

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]

# 56 consecutive days (a daily series without gaps), 2024-01-01 to 2024-02-25
ROWS = "".join(f"2024{1 + k // 31:02d}{1 + k % 31:02d},{(1 + k % 31) % 7}.5,{(1 + k % 31) % 5},"
               f"{1 + k % 31}\n" for k in range(56))


def series_run(folder) -> None:
    """A run directory as `run` leaves it, as far as the data checks look: the preparation
    (features a, b; target a only; window 8, horizon 2; a YYYYMMDD time column)."""
    folder.mkdir()
    prep = Preparation(kind="csv", input_shape=(8, 2), input_dtype="float32",
                       output_shape=(2,), loss="mse", data_path="../good.csv",
                       features=("a", "b"), targets=("a", "c"), time="day", window=8,
                       horizon=2, normalize="standard",
                       feature_scaling=Scaling(("a", "b"), (1.0, 2.0), (1.0, 1.0)),
                       target_scaling=Scaling(("a", "c"), (1.0, 3.0), (1.0, 2.0)))
    (folder / FILE).write_text(json.dumps(prep.to_json()))


def decoder_run(folder, future_columns=("b",)) -> None:
    """A series run whose decoder reads the forecast rows (data.inputs rows: future)."""
    series_run(folder)
    prep = json.loads((folder / FILE).read_text())
    prep["named_inputs"] = {
        "past": {"shape": [8, 2], "dtype": "float32", "columns": ["a", "b"], "rows": "past"},
        "future": {"shape": [2, len(future_columns)], "dtype": "float32",
                   "columns": list(future_columns), "rows": "future"}}
    (folder / FILE).write_text(json.dumps(prep))


def npz_run(folder) -> None:
    folder.mkdir()
    prep = Preparation(kind="npz", input_shape=(5, 3), input_dtype="float32",
                       output_shape=(5, 4), loss="sparse_categorical_crossentropy",
                       data_path="../seq.npz")
    (folder / FILE).write_text(json.dumps(prep.to_json()))


CASES = [
    ("predict", "series", "--data", "no_b.csv"),
    ("predict", "series", "--data", "short.csv"),
    ("predict", "series", "--data", "nan.csv"),
    ("predict", "series", "--data", "text.csv"),
    ("predict", "series", "--data", "latin1.csv"),
    ("predict", "series", "--data", "seq.npz"),
    ("predict", "series", "--data", "missing.csv"),
    ("predict", "series", "--data", "underscore.csv"),
    ("predict", "series", "--data", "fifo.csv"),
    ("predict", "series", "--data", "good.csv", "-o", "out.npz"),
    ("predict", "series", "--data", "/etc/passwd"),  # its first line is never echoed
    ("predict", "series", "--data", "passwd.csv"),  # a symlink to it
    ("evaluate", "series", "--data", "passwd.csv"),
    ("forecast", "series", "--steps", "3", "--data", "good.csv"),
    ("forecast", "series", "--steps", "2", "--data", "no_b.csv"),
    ("forecast", "series", "--steps", "2", "--data", "good.csv", "--interval", "0.9"),
    ("forecast", "sequences", "--steps", "2"),
    ("evaluate", "series", "--data", "no_c.csv"),
    ("evaluate", "series", "--data", "nine.csv"),
    ("export", "series", "--format", "onnx", "-o", "m.onnx", "--data", "nan.csv"),
    ("predict", "sequences", "--data", "good.csv"),
    ("predict", "sequences", "--data", "wrong_shape.npz"),
    ("predict", "sequences", "--data", "nan_x.npz"),
    ("predict", "sequences", "--data", "no_x.npz"),
    ("evaluate", "sequences", "--data", "seq.npz"),
    ("predict", "old"),
    ("forecast", "old", "--steps", "1"),
    ("evaluate", "old", "--data", "good.csv"),
    ("export", "old", "--format", "tflite", "-o", "m.tflite"),
    ("predict", "nowhere"),
    ("export", "stateful", "--format", "savedmodel", "-o", "saved"),
    ("forecast", "decoder", "--steps", "2", "--data", "good.csv"),
    ("forecast", "leaky", "--steps", "2", "--data", "good.csv", "--future", "good.csv"),
    ("predict", "untold", "--data", "good.csv"),
]
STATEFUL = """\
input: {shape: [8, 2], batch_size: 4}
layers:
  - {type: LSTM, units: 4, stateful: true}
  - {type: Dense, units: 2}
"""
SEVERAL = """\
inputs: {past: {shape: [8, 2]}, future: {shape: [2, 1]}}
layers:
  - {name: enc, type: GRU, units: 4, return_state: true, from: past}
  - {name: dec, type: GRU, units: 4, from: future, initial_state: [enc.1]}
  - {type: Dense, units: 2}
"""

CHILD = """\
import sys
from lstmspec.cli import main
cases = {cases!r}
for case in cases:
    sys.argv = ["lstmspec", *case]
    try:
        main()
    except SystemExit as exited:
        print(f"$ lstmspec {{' '.join(case)}}\\nexit {{exited.code}}", flush=True)
        sys.stderr.flush()
assert "tensorflow" not in sys.modules and "keras" not in sys.modules
print("TensorFlow never imported")
"""


def write_files(tmp_path) -> None:
    header = "day,a,b,c\n"
    (tmp_path / "good.csv").write_text(header + ROWS)
    (tmp_path / "no_b.csv").write_text("day,a,c\n1,2,3\n")
    (tmp_path / "no_c.csv").write_text("day,a,b\n" + "".join(
        line.rsplit(",", 1)[0] + "\n" for line in ROWS.splitlines()))
    (tmp_path / "short.csv").write_text(header + "".join(ROWS.splitlines(True)[:5]))
    (tmp_path / "nine.csv").write_text(header + "".join(ROWS.splitlines(True)[:9]))
    lines = ROWS.splitlines(True)
    lines[5] = "20240106,NaN,1,6\n"
    (tmp_path / "nan.csv").write_text(header + "".join(lines))
    lines[5] = "20240106,4.5,high,6\n"
    (tmp_path / "text.csv").write_text(header + "".join(lines))
    lines[5] = "20240106,1_000,2,6\n"  # Python's float reads 1000: text in a CSV
    (tmp_path / "underscore.csv").write_text(header + "".join(lines))
    os.mkfifo(tmp_path / "fifo.csv")  # never opened: it would block
    os.symlink("/etc/passwd", tmp_path / "passwd.csv")
    latin1 = header + "20240101,1,2,3\n# caf\xe9\n"
    (tmp_path / "latin1.csv").write_bytes(latin1.encode("latin-1"))
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "seq.npz", x=rng.normal(size=(6, 5, 3)).astype("float32"))
    np.savez(tmp_path / "wrong_shape.npz", x=np.zeros((6, 3, 5), "float32"))
    bad = np.zeros((6, 5, 3), "float32")
    bad[4, 1, 2] = np.nan
    np.savez(tmp_path / "nan_x.npz", x=bad)
    np.savez(tmp_path / "no_x.npz", inputs=np.zeros((6, 5, 3), "float32"))


def test_every_bad_file_is_one_located_line_before_tensorflow(tmp_path):
    write_files(tmp_path)
    series_run(tmp_path / "series")
    npz_run(tmp_path / "sequences")
    series_run(tmp_path / "stateful")  # export refuses it on its config, before TensorFlow
    (tmp_path / "stateful" / "config.yaml").write_text(STATEFUL)
    decoder_run(tmp_path / "decoder")
    decoder_run(tmp_path / "leaky", ("a",))  # its decoder reads a target over those rows
    series_run(tmp_path / "untold")  # several inputs, from before named_inputs
    (tmp_path / "untold" / "config.yaml").write_text(SEVERAL)
    for run in ("series", "sequences", "stateful", "decoder", "leaky", "untold"):
        seal(tmp_path / run)
    (tmp_path / "old").mkdir()  # a run directory from before preparation.json
    (tmp_path / "old" / "run.json").write_text('{"status": "complete"}')
    ran = subprocess.run([sys.executable, "-c", CHILD.format(cases=CASES)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.endswith("TensorFlow never imported\n")
    exits = [line for line in ran.stdout.splitlines() if line.startswith("exit ")]
    assert exits == ["exit 1"] * len(CASES)
    errors = ran.stderr.splitlines()
    assert len(errors) == len(CASES)
    assert "root:" not in ran.stderr  # no line of /etc/passwd (a case reads it) is echoed
    assert all(re.match(r"[^:]+:1:1: LS6[3-6][0-9] \[error\] ", e) for e in errors), errors
    transcript = "".join(f"$ lstmspec {' '.join(case)}\n{line}\n"
                         for case, line in zip(CASES, errors))
    check_golden("use_bad_data.txt", transcript)
