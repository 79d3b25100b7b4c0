"""Running the `lstmspec` command line in-process (fast) for the tooling tests."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from lstmspec.cli import main
from lstmspec.settings import clear_cache

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("LSTMSPEC_UPDATE_GOLDEN") == "1"


@dataclass
class Ran:
    code: int
    out: str
    err: str


def lstmspec(capsys, *args: str, cwd: Path | None = None) -> Ran:
    """`lstmspec ARGS` in this process, in `cwd`; returns its exit status and output."""
    clear_cache()
    old_cwd, old_argv = os.getcwd(), sys.argv
    capsys.readouterr()
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = ["lstmspec", *args]
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        os.chdir(old_cwd)
        sys.argv = old_argv
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return Ran(exited.value.code or 0, captured.out, captured.err)


def lstmspec_outside_a_test(*args: str) -> Ran:
    """`lstmspec ARGS` in this process, its output caught here rather than by capsys: for a
    module-scoped fixture, which runs before any test has a capsys."""
    out, err = io.StringIO(), io.StringIO()
    clear_cache()
    old_argv = sys.argv
    try:
        sys.argv = ["lstmspec", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                pytest.raises(SystemExit) as exited:
            main()
    finally:
        sys.argv = old_argv
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return Ran(exited.value.code or 0, out.getvalue(), err.getvalue())


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; LSTMSPEC_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with LSTMSPEC_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), (
        f"output differs from {path}; if the change is intended, rerun with "
        "LSTMSPEC_UPDATE_GOLDEN=1 and review the diff")
