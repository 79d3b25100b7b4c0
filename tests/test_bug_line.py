"""The command boundary's last handler: an exception no command expected is one coded line,
LS699 "this is a bug, please report it", exit status 70, never a traceback, and it never
quotes the exception's message (which may hold a file's content). Under the test suite the
handler re-raises instead (conftest.py sets LSTMSPEC_RAISE_BUGS=1), so a bug fails its test:
both behaviours are pinned here, on a real command whose function is made to raise."""

from __future__ import annotations

import re
import sys

import pytest
from cli_support import check_golden

from lstmspec.cli import main
from lstmspec.cli import summary_cmd


def broken(*args, **kwargs):
    raise KeyError("root:x:0:0:root:/root:/bin/bash")  # a message that quotes a file


def run_summary(monkeypatch, path) -> int:
    monkeypatch.setattr(summary_cmd.summary, "callback", broken)
    monkeypatch.setattr(sys, "argv", ["lstmspec", "summary", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code


def test_an_unexpected_exception_is_one_ls699_line_and_status_70(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("LSTMSPEC_RAISE_BUGS")
    monkeypatch.chdir(tmp_path)
    assert run_summary(monkeypatch, "model.yaml") == 70
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err and captured.out == ""
    assert re.fullmatch(r"model\.yaml:1:1: LS699 \[error\] lstmspec summary stopped on KeyError "
                        r"at lstmspec/\S+\.py:\d+: this is a bug, please report it \(with the "
                        r"command and this line\)", lines[0]), lines[0]
    assert "root:x" not in captured.err
    masked = re.sub(r"at lstmspec/\S+:\d+", "at lstmspec/FILE:LINE", lines[0])
    check_golden("bug_line.txt", f"$ lstmspec summary model.yaml\n{masked}\n")


def test_under_the_tests_the_handler_re_raises(monkeypatch):
    assert __import__("os").environ.get("LSTMSPEC_RAISE_BUGS") == "1"
    with pytest.raises(KeyError):
        run_summary(monkeypatch, "model.yaml")
