"""What a reader would catch only by running the line: names used but never defined or
imported (F821), imports left unused (F401), syntax errors, checked by ruff over the package,
the tests, the benchmarks and the tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import ROOT

# the venv's own ruff first (the test extra installs it there), then one on PATH
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.subprocess
def test_no_undefined_name_unused_import_or_syntax_error():
    assert RUFF, "ruff is part of the test extra (pip install -e '.[test]')"
    ran = subprocess.run([RUFF, "check", "--no-cache", "--select", "F,E9", "--output-format",
                          "concise", "lstmspec", "tests", "bench", "tools"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout + ran.stderr
