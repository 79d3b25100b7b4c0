"""A config under review cannot make lint read outside its project, nor a special file.

The data path is the config's to name, so a pull request could point it at the runner's
environment, its password file or a secret beside the checkout, and have lint print "its
columns". Each hostile path is linted through the real command line, in every output format,
with the (code, line, column) pinned and every byte of the file looked for in the output.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from cli_support import lstmspec
from hostile_support import assert_sound, run_cli

from lstmspec.checking import gate
from lstmspec.datafacts.access import DataAccess, refusal
from lstmspec.settings import clear_cache, data_access, settings_for

pytestmark = pytest.mark.subprocess

CONFIG = """\
input:
  shape: [10, 1]
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{optimizer: adam, loss: mse}}
data:
  kind: csv
  path: {path}
  features: [x]
  targets: [y]
"""
AT = (9, 9)  # where `path:`'s value starts
FORMATS = ("text", "json", "github", "sarif", "concise")


def passwd_line() -> str | None:
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as handle:
            return handle.readline().strip() or None
    except OSError:
        return None


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """A project folder (no git, no settings: the config's own folder is the project) with one
    config per hostile data path, and the secrets that must not leak."""
    marker = "SECRETENV" + secrets.token_hex(8)
    monkeypatch.setenv("LSTMSPEC_TEST_SECRET", marker)
    secret_header = "SECRETCSV" + secrets.token_hex(8)
    (tmp_path / "secret.csv").write_text(f"{secret_header},y\n1,2\n")
    models = tmp_path / "proj" / "models"
    models.mkdir(parents=True)
    os.mkfifo(models / "pipe.csv")
    os.symlink(tmp_path / "secret.csv", models / "link.csv")
    cases = {"environ.yaml": ("/proc/self/environ", "LS411"),
             "passwd.yaml": ("/etc/passwd", "LS012"),
             "parent.yaml": ("../../secret.csv", "LS012"),
             "pattern.yaml": ("'../../*.csv'", "LS012"),
             "fifo.yaml": ("pipe.csv", "LS411"),
             "zero.yaml": ("/dev/zero", "LS411"),
             "link.yaml": ("link.csv", "LS012")}
    for name, (path, _) in cases.items():
        (models / name).write_text(CONFIG.format(path=path))
    leaks = [marker, secret_header] + [line for line in [passwd_line()] if line]
    return models, {name: code for name, (_, code) in cases.items()}, leaks


def test_every_hostile_path_is_located_and_nothing_of_it_is_printed(hostile):
    models, expected, leaks = hostile
    names = sorted(expected)
    run = run_cli("lint", "--format", "json", *names, cwd=str(models))
    assert_sound(run)
    found = {(Path(d["path"]).name, d["code"], d["line"], d["column"])
             for d in run.diagnostics}
    assert found == {(name, expected[name], *AT) for name in names}
    assert run.returncode == 1  # the special files are errors; outside paths only warnings
    for output_format in FORMATS:
        run = run_cli("lint", "--format", output_format, *names, cwd=str(models))
        assert_sound(run)
        for leak in leaks:
            assert leak not in run.stdout and leak not in run.stderr, (output_format, leak)


def test_outside_paths_alone_are_warnings_that_exit_0(hostile):
    models, _, leaks = hostile
    run = run_cli("lint", "--format", "github", "parent.yaml", "link.yaml", cwd=str(models))
    assert_sound(run)
    assert run.returncode == 0
    assert run.stdout.count("::warning ") == 2 and "title=LS012" in run.stdout
    assert not any(leak in run.stdout for leak in leaks)


def test_data_roots_lets_lint_read_a_folder_outside(hostile, capsys):
    """The restriction is what kept the file closed: with the folder in `data-roots`, the same
    config is read (LS403 names the secret column it found)."""
    models, _, leaks = hostile
    (models / "pyproject.toml").write_text('[tool.lstmspec]\ndata-roots = ["../.."]\n')
    ran = lstmspec(capsys, "lint", "--format", "json", "parent.yaml", "link.yaml", cwd=models)
    assert ran.code == 1
    codes = {(d["path"], d["code"], d["line"], d["column"]) for d in _json(ran.out)}
    assert codes == {(name, code, *at) for name in ("parent.yaml", "link.yaml")
                     for code, at in (("LS403", (10, 14)), ("LS413", AT))}
    assert leaks[1] in ran.out  # read: inside the allowed roots, a printable header


def test_special_files_are_refused_even_inside_the_allowed_roots(hostile, capsys):
    models, _, leaks = hostile
    (models / "pyproject.toml").write_text('[tool.lstmspec]\ndata-roots = ["/"]\n')
    ran = lstmspec(capsys, "lint", "--format", "concise", "environ.yaml", "zero.yaml",
                   "fifo.yaml", "passwd.yaml", cwd=models)
    lines = sorted(line.split(" [")[0] for line in ran.out.splitlines())
    assert [line for line in lines if not line.startswith("passwd")] == [
        "environ.yaml:9:9: LS411", "fifo.yaml:9:9: LS411", "zero.yaml:9:9: LS411"]
    assert "passwd.yaml:10:14: LS403" in lines  # a regular file: read, its header printable
    assert leaks[0] not in ran.out


def test_a_header_that_is_not_printable_text_is_never_quoted(tmp_path, capsys):
    secret = "NULHEADER" + secrets.token_hex(4)
    (tmp_path / "data.csv").write_bytes(f"{secret}\0x,y\n1,2\n".encode())
    (tmp_path / "m.yaml").write_text(CONFIG.format(path="data.csv"))
    ran = lstmspec(capsys, "lint", "--format", "concise", "m.yaml", cwd=tmp_path)
    assert ran.code == 1
    assert ran.out.startswith("m.yaml:9:9: LS411 [error] the data file 'data.csv' cannot be "
                              "used: the first line holds control characters")
    assert secret not in ran.out


def test_a_long_column_name_is_cut_in_the_message(tmp_path, capsys):
    (tmp_path / "data.csv").write_text("a" * 300 + ",y\n1,2\n")
    (tmp_path / "m.yaml").write_text(CONFIG.format(path="data.csv"))
    ran = lstmspec(capsys, "lint", "--format", "concise", "m.yaml", cwd=tmp_path)
    assert "m.yaml:10:14: LS403" in ran.out
    assert "a" * 41 not in ran.out and "a" * 37 + "..." in ran.out


def _json(text: str) -> list:
    import json

    return json.loads(text)


def test_the_git_work_tree_and_the_settings_folder_are_the_project(tmp_path):
    clear_cache()
    config = tmp_path / "repo" / "models" / "m.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("")
    data = tmp_path / "repo" / "data" / "d.csv"
    data.parent.mkdir()
    data.write_text("x,y\n")
    assert refusal(str(data), data_access(str(config))).reason == "outside"
    (tmp_path / "repo" / ".git").mkdir()
    clear_cache()
    assert refusal(str(data), data_access(str(config))) is None
    assert refusal(str(tmp_path / "other.csv"), data_access(str(config))).reason == "outside"


def test_settings_folder_counts_as_the_project_without_git(tmp_path):
    clear_cache()
    (tmp_path / "pyproject.toml").write_text("[tool.lstmspec]\nignore = [\"LS202\"]\n")
    config = tmp_path / "models" / "m.yaml"
    config.parent.mkdir()
    data = tmp_path / "d.csv"
    data.write_text("x\n")
    assert refusal(str(data), data_access(str(config), settings_for(str(config)))) is None
    assert refusal(str(data), data_access(str(config))).reason == "outside"


def test_unrestricted_access_still_refuses_special_files(tmp_path):
    os.mkfifo(tmp_path / "p.csv")
    assert refusal(str(tmp_path / "p.csv"), DataAccess(None)).reason == "special"
    assert refusal("/proc/self/environ", DataAccess(None)).reason == "special"
    assert refusal(str(tmp_path / "none.csv"), DataAccess(None)).reason == "missing"


def test_the_run_gate_reads_the_data_where_it_is(hostile):
    """`run`, `tune` and `backtest` read the data themselves: their lint reads it too (the
    CSV outside the project is read, so its real problems, LS403 and LS413, stop the run)."""
    models, _, _ = hostile
    verdict = gate(str(models / "parent.yaml"))
    assert verdict.status == 1
    assert [(d.code, d.span.line, d.span.column) for d in verdict.result.diagnostics] == [
        ("LS413", *AT), ("LS403", 10, 14)]
