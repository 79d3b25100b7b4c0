"""Neovim's own LSP client (headless), configured by the shipped editors/neovim/lua/lstmspec.lua,
opens broken configs, receives lstmspec's diagnostics, applies the quick fixes through its
code-action menu and writes each file: the file then equals what `lstmspec lint --fix`
writes. Skipped, with the reason, where Neovim is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from cli_support import ROOT, lstmspec

pytestmark = [pytest.mark.subprocess]

NVIM = shutil.which("nvim")
FILES = [ROOT / "examples" / "broken" / name for name in (
    "typo_return_sequence.yaml", "stacked_lstm.yaml", "unknown_type_lstm.yaml",
    "return_sequences_yes.yaml")] + sorted((ROOT / "tests" / "data" / "fix").glob("*.yaml"))


def nvim_version() -> tuple:
    first = subprocess.run([NVIM, "--version"], capture_output=True, text=True,
                           timeout=60).stdout.split("\n", 1)[0]  # NVIM v0.7.2
    return tuple(int(p) for p in first.split("v", 1)[1].split("-")[0].split(".")[:2])


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim; "
                    ".ci/run installs it)")
def test_neovim_applies_the_quick_fixes_and_writes_what_lint_fix_writes(tmp_path, capsys):
    assert nvim_version() >= (0, 7), "editors/neovim/lua/lstmspec.lua needs Neovim 0.7"
    edited, by_cli = tmp_path / "nvim", tmp_path / "cli"
    edited.mkdir()
    by_cli.mkdir()
    for path in FILES:
        shutil.copy(path, edited / path.name)
        shutil.copy(path, by_cli / path.name)
    report = tmp_path / "report.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "LSTMSPEC_FILES": "\n".join(str(edited / p.name) for p in FILES),
           "LSTMSPEC_LSP": "\n".join([sys.executable, "-m", "lstmspec", "lsp"]),
           "LSTMSPEC_REPORT": str(report)}
    ran = subprocess.run(
        [NVIM, "--headless", "--clean", "-u", "NONE",
         "--cmd", f"set rtp^={ROOT / 'editors' / 'neovim'}", "-c", "filetype on",
         "-c", f"luafile {ROOT / 'tests' / 'nvim_quickfix.lua'}"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert ran.returncode == 0, lines
    assert [line.split(" ", 1)[0] for line in lines] == [str(edited / p.name) for p in FILES]
    assert all(" fixes=0 " not in line for line in lines), lines  # each file had a fix
    assert lstmspec(capsys, "lint", "--fix", str(by_cli)).code == 0  # every problem has a fix
    for path in FILES:
        assert (edited / path.name).read_bytes() == (by_cli / path.name).read_bytes(), path.name
