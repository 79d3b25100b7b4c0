"""A message never echoes a file's first line unless it is the header of a data file of the
config (issue 19, item 9): `data.path` or `--data` naming /etc/passwd (directly, through a
symlink, or a copy inside the project) printed `root:x:0:0:root:/root:/bin/bash` as "its
columns" (lint's LS403, run's gate) and "the file has ..." (predict, evaluate: pinned in
tests/golden/use_bad_data.txt). A header with one of the config's columns is still listed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not os.path.isfile("/etc/passwd"), reason="no /etc/passwd")

CONFIG = """\
name: m
input: {shape: [12, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: DATA, features: [sst], targets: [sst]}
"""
SECRET = open("/etc/passwd", encoding="utf-8", errors="replace").readline().strip() \
    if os.path.isfile("/etc/passwd") else ""


def lstmspec(folder, *args):
    return subprocess.run([sys.executable, "-m", "lstmspec", *args], cwd=folder,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.subprocess
@pytest.mark.parametrize("command", ["lint", "run"])
def test_a_password_file_as_data_is_never_echoed(tmp_path, command):
    shutil.copy("/etc/passwd", tmp_path / "copy.csv")  # inside the project: lint reads it
    (tmp_path / "m.yaml").write_text(CONFIG.replace("DATA", "copy.csv"))
    ran = lstmspec(tmp_path, command, "m.yaml")
    assert ran.returncode == 1
    assert SECRET[:8] not in ran.stdout + ran.stderr
    lines = (ran.stdout if command == "lint" else ran.stderr).splitlines()
    assert [line.split(" ", 2)[:2] for line in lines if " LS" in line] == \
        [["m.yaml:7:46:", "LS403"], ["m.yaml:7:62:", "LS403"]]


@pytest.mark.subprocess
def test_a_symlink_to_a_password_file_is_never_read(tmp_path):
    os.symlink("/etc/passwd", tmp_path / "data.csv")
    (tmp_path / "m.yaml").write_text(CONFIG.replace("DATA", "data.csv"))
    ran = lstmspec(tmp_path, "lint", "m.yaml", "--format", "github")
    assert ran.returncode == 0  # LS012: outside the project, a warning; the file not opened
    assert SECRET[:8] not in ran.stdout + ran.stderr
    assert [line.split("::", 2)[1] for line in ran.stdout.splitlines()] == [
        "warning file=m.yaml,line=7,col=25,endLine=7,endColumn=33,title=LS012"]  # no LS403


def test_a_header_of_the_config_s_data_is_still_listed():
    from lstmspec.datafacts.files import shown_columns

    assert shown_columns(["month", "ssT", "x" * 50], ["sst", "month"]) == \
        "month, ssT, " + "x" * 37 + "..."
    assert shown_columns([SECRET or "root:x:0:0:root:/root:/bin/bash"], ["sst"]) is None
    assert shown_columns(["month", "a\x1b[2Jb"], ["month"]) is None  # a terminal escape
