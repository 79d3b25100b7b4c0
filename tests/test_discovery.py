"""Which files lint checks: one rule for what is a config, the same for `lint DIR`, the files a
hook names and stdin; exclusions and .gitignore by ruff's conventions."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from cli_support import lstmspec

from lstmspec.checking import check_paths
from lstmspec.settings import clear_cache
from lstmspec.settings.discover import is_config

GOOD = "input: {shape: [10, 2]}\nlayers:\n  - {type: GRU, units: 4}\n  - {type: Dense, units: 1}\n"
SLOW = GOOD.replace("units: 4}", "units: 4, recurrent_dropout: 0.1}")  # LS202 at 3:27
BROKEN = "input: {shape: [10, 2]}\nlayers:\n  - {type: GRU, units: 4}\n  - {type: GRU, units: 2}\n"

# (file name, content, is it a config?)
FILES = [
    ("model.yaml", GOOD, True),
    ("indented.yaml", "  input: {shape: [3, 1]}\n  layers: []\n", True),
    ("bom.yaml", "\ufeff" + GOOD, True),
    ("typo.yaml", "input: {shape: [3]}\nlayer:\n  - {type: Dense, units: 1}\n", True),
    ("graph.yml", "inputs:\n  a: {shape: [3, 1]}\nlayers: []\n", True),
    ("stack-only.yaml", "layers:\n  - {type: Dense, units: 1}\ncompile: {loss: mse}\n", True),
    ("extra-key.yaml", GOOD + "notes: kept by the team\n", True),
    ("broken-yaml.yaml", "input: {shape: [3, 1]\nlayers:\n  - [\n", True),
    ("utf16.yaml", GOOD.encode("utf-16"), True),
    ("modeline.yaml", "# yaml-language-server: $schema=../lstmspec.schema.json\n", True),
    ("empty.lstm.yaml", "", True),
    ("ci.yml", "name: ci\non: push\njobs: {}\n", False),
    ("compose.yaml", "services:\n  web: {image: nginx}\n", False),
    ("serverless.yml", "service: x\nprovider: {name: aws}\nlayers:\n  deps: {}\n", False),
    ("k8s.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", False),
    ("empty.yaml", "", False),
    ("comment.yaml", "# nothing\n", False),
    ("playbook.yaml", "- hosts: all\n  tasks: []\n", False),
    ("notes.txt", GOOD, False),
]


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("name, content, config", FILES, ids=[f[0] for f in FILES])
def test_the_one_rule(tmp_path, name, content, config):
    assert is_config(str(write(tmp_path, name, content))).config is config


def checked_paths(paths, cwd: Path) -> set:
    clear_cache()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        found = check_paths(paths)
    finally:
        os.chdir(old)
    return {r.source.path for r in found.results}


def test_a_folder_and_its_files_named_one_by_one_agree(tmp_path):
    """What `lint models/` checks is what a hook that names every file checks."""
    for name, content, _ in FILES:
        write(tmp_path / "models", name, content)
        write(tmp_path / "models" / "sub", name, content)
    named = [str(p.relative_to(tmp_path)) for p in sorted((tmp_path / "models").rglob("*"))
             if p.is_file()]
    walked = checked_paths(["models"], tmp_path)
    assert walked == checked_paths(named, tmp_path)
    expected = {f"models/{d}{name}" for name, _, config in FILES if config
                for d in ("", "sub/") if name.endswith((".yaml", ".yml"))}
    assert walked == expected


def test_a_skipped_file_is_named_in_a_note_and_exit_is_0(tmp_path, capsys):
    write(tmp_path, "models/ci.yml", "name: ci\non: push\njobs: {}\n")
    ran = lstmspec(capsys, "lint", "models/ci.yml", cwd=tmp_path)
    assert ran.code == 0 and ran.out == "No file was checked.\n"
    assert ran.err == ("lstmspec: note: models/ci.yml is not an lstmspec config (no top-level "
                       "`layers:`, `input:` or `inputs:`; its keys: `name`, `on`, `jobs`): not "
                       "checked; name it *.lstm.yaml to have it checked\n")
    quiet = lstmspec(capsys, "lint", "-q", "models/ci.yml", cwd=tmp_path)
    assert quiet.code == 0 and quiet.err == ""


def git_repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "models/good.yaml", BROKEN)
    write(tmp_path, "build/gen.yaml", BROKEN)
    write(tmp_path, "models/drafts/d.yaml", BROKEN)
    write(tmp_path, "models/drafts/keep.yaml", BROKEN)
    write(tmp_path, "models/tmp.yaml", BROKEN)
    write(tmp_path, ".gitignore", "build/\n*.tmp\ntmp.yaml\n")
    write(tmp_path, "models/.gitignore", "drafts/*\n!drafts/keep.yaml\n")
    return tmp_path


def test_gitignored_files_are_left_out_of_a_walk(tmp_path, capsys):
    repo = git_repo(tmp_path)
    ran = lstmspec(capsys, "lint", "--format", "concise", ".", cwd=repo)
    assert ran.code == 1
    assert sorted(line.split(":")[0] for line in ran.out.splitlines()) == [
        "models/drafts/keep.yaml", "models/good.yaml"]
    everything = lstmspec(capsys, "lint", "--format", "concise", "--no-respect-gitignore", ".",
                          cwd=repo)
    assert len(everything.out.splitlines()) == 5


def test_exclude_force_exclude_and_the_command_line(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nextend-exclude = ["legacy", '
          '"models/old-*.yaml"]\n')
    write(tmp_path, "models/good.yaml", BROKEN)
    write(tmp_path, "models/legacy/a.yaml", BROKEN)
    write(tmp_path, "models/old-b.yaml", BROKEN)

    def files(*args):
        ran = lstmspec(capsys, "lint", "--format", "concise", *args, cwd=tmp_path)
        return sorted({line.split(":")[0] for line in ran.out.splitlines()})

    assert files(".") == ["models/good.yaml"]
    named = ["models/good.yaml", "models/legacy/a.yaml", "models/old-b.yaml"]
    assert files(*named) == named  # a file named on the command line is checked...
    assert files("--force-exclude", *named) == ["models/good.yaml"]  # ...unless forced
    assert files("--exclude", "good.yaml", ".") == ["models/legacy/a.yaml",
                                                    "models/old-b.yaml"]
    assert files("--extend-exclude", "good.yaml", ".") == []


def test_paths_have_no_dot_slash(tmp_path, capsys):
    write(tmp_path, "models/m.yaml", BROKEN)
    ran = lstmspec(capsys, "lint", "--format", "json", ".", "./models/m.yaml", cwd=tmp_path)
    assert [d["path"] for d in json.loads(ran.out)] == ["models/m.yaml", "models/m.yaml"]
    github = lstmspec(capsys, "lint", "--format", "github", ".", cwd=tmp_path)
    assert github.out.startswith("::error file=models/m.yaml,line=4,col=5,")


def stdin_lint(capsys, monkeypatch, text: str, *args, cwd: Path):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    return lstmspec(capsys, "lint", *args, cwd=cwd)


def test_stdin_is_linted_as_the_file_it_stands_for(tmp_path, capsys, monkeypatch):
    write(tmp_path, "pyproject.toml",
          '[tool.lstmspec]\nper-file-ignores = {"models/legacy/*" = ["LS202"]}\n')
    ran = stdin_lint(capsys, monkeypatch, SLOW, "-", "--stdin-filename", "models/m.yaml",
                     "--format", "concise", cwd=tmp_path)
    assert ran.code == 0 and ran.out.startswith("models/m.yaml:3:27: LS202 [warning]")
    legacy = stdin_lint(capsys, monkeypatch, SLOW, "-", "--stdin-filename",
                        "models/legacy/m.yaml", "--format", "concise", cwd=tmp_path)
    assert legacy.out == ""
    plain = stdin_lint(capsys, monkeypatch, BROKEN, "-", "--format", "concise", cwd=tmp_path)
    assert plain.code == 1 and plain.out.startswith("<stdin>:4:5: LS102 [error]")
    not_config = stdin_lint(capsys, monkeypatch, "services: {}\n", "-", "--stdin-filename",
                            "models/compose.yaml", cwd=tmp_path)
    assert not_config.code == 0 and "not an lstmspec config" in not_config.err


def test_stdin_fix_prints_the_fixed_text(tmp_path, capsys, monkeypatch):
    ran = stdin_lint(capsys, monkeypatch, BROKEN, "-", "--fix", "--stdin-filename", "m.yaml",
                     cwd=tmp_path)
    assert ran.code == 0
    assert ran.out == BROKEN.replace("{type: GRU, units: 4}",
                                     "{type: GRU, units: 4, return_sequences: true}")
    assert not (tmp_path / "m.yaml").exists()


def test_stdin_with_other_paths_or_a_filename_alone_is_a_usage_error(tmp_path, capsys):
    assert lstmspec(capsys, "lint", "-", "x.yaml", cwd=tmp_path).code == 2
    assert lstmspec(capsys, "lint", "--stdin-filename", "a.yaml", "x.yaml",
                    cwd=tmp_path).code == 2
