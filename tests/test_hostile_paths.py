"""Paths that cannot be linted: each is one line on stderr and exit status 2, and the other paths
given in the same run are still linted (their diagnostics are on stdout)."""

from __future__ import annotations

import os
import sys

import pytest
from hostile_support import HEAD_ERROR, assert_sound, run_cli, write

pytestmark = pytest.mark.subprocess

# A config with one known error, linted next to every bad path to show that the run goes on.
OTHER = ("LS304", 3, 25)


def lint_with_other(tmp_path, *paths: str):
    other = write(tmp_path, "other.yaml", HEAD_ERROR)
    run = run_cli("lint", "--format", "json", other, *paths, cwd=str(tmp_path))
    assert_sound(run)
    assert run.returncode == 2
    assert run.triples == [OTHER]
    problems = [line for line in run.stderr.splitlines() if line.strip()]
    return problems


def test_missing_file(tmp_path):
    problems = lint_with_other(tmp_path, str(tmp_path / "missing.yaml"))
    assert len(problems) == 1 and "no such file or directory" in problems[0]


def test_symlink_loop(tmp_path):
    os.symlink(tmp_path / "b.yaml", tmp_path / "a.yaml")
    os.symlink(tmp_path / "a.yaml", tmp_path / "b.yaml")
    problems = lint_with_other(tmp_path, str(tmp_path / "a.yaml"))
    assert len(problems) == 1 and "symbolic link loop" in problems[0]


def test_broken_symlink(tmp_path):
    os.symlink(tmp_path / "gone.yaml", tmp_path / "link.yaml")
    problems = lint_with_other(tmp_path, str(tmp_path / "link.yaml"))
    assert len(problems) == 1 and "broken symbolic link" in problems[0]


def test_symlink_loop_inside_a_directory(tmp_path):
    folder = tmp_path / "configs"
    folder.mkdir()
    write(folder, "good.yaml", HEAD_ERROR)
    os.symlink(folder / "y.yaml", folder / "x.yaml")
    os.symlink(folder / "x.yaml", folder / "y.yaml")
    os.symlink(folder, folder / "again")  # a directory loop: not followed
    run = run_cli("lint", "--format", "json", str(folder))
    assert_sound(run)
    assert run.returncode == 2 and run.triples == [OTHER]
    problems = run.stderr.strip().splitlines()
    assert len(problems) == 2 and all("symbolic link loop" in p for p in problems)


def unreadable_file(tmp_path) -> str:
    """A file that this process cannot read: mode 000, or (as root, who reads anything) a link
    to /proc/self/mem, which fails with EIO at offset 0."""
    if os.geteuid() != 0:
        path = write(tmp_path, "secret.yaml", HEAD_ERROR)
        os.chmod(path, 0)
        return path
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("running as root without /proc: no way to make an unreadable file")
    path = str(tmp_path / "mem.yaml")
    os.symlink("/proc/self/mem", path)
    return path


def test_unreadable_file(tmp_path):
    problems = lint_with_other(tmp_path, unreadable_file(tmp_path))
    assert len(problems) == 1 and "cannot read" in problems[0]


def test_directory_named_like_a_config(tmp_path):
    folder = tmp_path / "model.yaml"
    folder.mkdir()
    problems = lint_with_other(tmp_path, str(folder))
    assert len(problems) == 1 and "no lstmspec config" in problems[0]


def test_directory_named_like_a_config_is_walked(tmp_path):
    folder = tmp_path / "model.yaml"
    folder.mkdir()
    write(folder, "inner.yaml", HEAD_ERROR)
    run = run_cli("lint", "--format", "json", str(folder))
    assert_sound(run)
    assert (run.returncode, run.triples, run.stderr) == (1, [OTHER], "")


def test_directory_without_configs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "mkdocs.yml", "site_name: x\n")
    write(folder, "notes.txt", "layers: 1\n")
    problems = lint_with_other(tmp_path, str(folder))
    assert len(problems) == 1 and "no lstmspec config" in problems[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_never_blocks(tmp_path):
    fifo = str(tmp_path / "pipe.yaml")
    os.mkfifo(fifo)
    problems = lint_with_other(tmp_path, fifo)
    assert len(problems) == 1 and "not a regular file" in problems[0]
    folder = tmp_path / "walked"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    problems = lint_with_other(tmp_path, str(folder))
    assert any("not a regular file" in p for p in problems)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_file_names_that_are_not_utf8_or_hold_control_characters(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    write(folder, b"bad\xff.yaml", HEAD_ERROR)
    write(folder, "two\nlines\x1b[2J.yaml", HEAD_ERROR)
    run = run_cli("lint", str(folder))  # text output: the names are printed
    assert_sound(run)
    assert run.returncode == 1
    assert "bad\\xff.yaml:3:25: LS304" in run.stdout
    assert "two\\nlines\\x1b[2J.yaml:3:25: LS304" in run.stdout
    assert "\x1b" not in run.stdout


def test_many_bad_paths_each_one_line(tmp_path):
    paths = [str(tmp_path / f"missing{i}.yaml") for i in range(50)]
    problems = lint_with_other(tmp_path, *paths)
    assert len(problems) == 50
