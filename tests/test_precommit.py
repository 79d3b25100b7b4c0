"""The pre-commit hook, for real: a throwaway repository, `pre-commit install`, `git commit`.

pre-commit clones the hook repository at a revision and pip-installs it into a virtualenv of
its own (core dependencies from PyPI: no TensorFlow). The hook repository here is a snapshot of
this checkout (its tracked and untracked, not ignored, files) committed in a temporary folder,
so the test also covers work that is not committed yet. One test: the install dominates.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 16
    return_sequences: true
  - type: LSTM
    units: 8
  - type: Dense
    units: 1
"""
BROKEN = GOOD.replace("    return_sequences: true\n", "")


def git_env(home: Path) -> dict:
    """No user or system git configuration (hooksPath, signing...), no inherited GIT_* state."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    (home / "gitconfig").write_text("")
    env.update(GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "pre-commit"), PIP_CACHE_DIR=str(home / "pip"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x")
    return env


def run(args, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def checkout_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.fail(f"this checkout is not a git repository: {listed.stderr}")
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


def snapshot(dest: Path, env: dict) -> str:
    """Commit this checkout's files in `dest`; return the commit id (the hook's `rev`)."""
    for name in checkout_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for args in (["git", "init", "-q"], ["git", "add", "-A"],
                 ["git", "commit", "-q", "-m", "snapshot"]):
        done = run(args, dest, env)
        assert done.returncode == 0, done.stderr
    return run(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


def commit(project: Path, env: dict, *paths: str) -> subprocess.CompletedProcess:
    run(["git", "add", *paths], project, env)
    return run(["git", "commit", "-m", "change"], project, env)


def test_hook_refuses_the_broken_config_and_accepts_it_fixed(tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["lstmspec-lint"] and hooks[0]["language"] == "python"
    env = git_env(tmp_path)
    hook_repo, project = tmp_path / "hook-repo", tmp_path / "project"
    hook_repo.mkdir()
    project.mkdir()
    rev = snapshot(hook_repo, env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: lstmspec-lint\n")
    (project / "models").mkdir()
    (project / "models" / "good.yaml").write_text(GOOD)
    (project / "models" / "broken.yaml").write_text(BROKEN)
    (project / "notes.yaml").write_text("title: not a model, outside the hook's pattern\n")
    assert run(["git", "init", "-q"], project, env).returncode == 0
    installed = run([sys.executable, "-m", "pre_commit", "install"], project, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    refused = commit(project, env, ".")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "models/broken.yaml:6:5: LS102" in out
    assert "models/good.yaml:" not in out and "notes.yaml" not in out

    (project / "models" / "broken.yaml").write_text(GOOD)
    accepted = commit(project, env, ".")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # YAML that is not a config, in the hook's folders: the hook skips what `lint models/`
    # skips (one rule, settings/discover.py), and `exclude` holds for the files it hands over
    # (the hook runs `lint --force-exclude`, as ruff's does)
    (project / "models" / "labels.yaml").write_text("classes: [cat, dog]\n")
    (project / "models" / "compose.yaml").write_text("services:\n  web: {image: nginx}\n")
    (project / "models" / "empty.yml").write_text("")
    (project / "models" / "legacy").mkdir()
    (project / "models" / "legacy" / "old.yaml").write_text(BROKEN)
    (project / "pyproject.toml").write_text('[tool.lstmspec]\nextend-exclude = ["legacy"]\n')
    passed = commit(project, env, ".")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    walked = run([sys.executable, "-m", "lstmspec", "lint", "--format", "concise", "models"],
                 project, {**env, "PYTHONPATH": str(ROOT)})
    assert (walked.returncode, walked.stdout) == (0, ""), walked.stdout + walked.stderr

    (project / "models" / "labels.yaml").write_text("input: {shape: [3]}\nlayer:\n"
                                                     "  - {type: Dense, units: 1}\n")
    judged = commit(project, env, ".")  # `layer:` for `layers:`: a config, and a broken one
    assert judged.returncode != 0
    assert "models/labels.yaml:2:1: LS301" in judged.stdout + judged.stderr

    envs = glob.glob(str(tmp_path / "pre-commit" / "repo*" / "py_env-*"))
    assert envs, "pre-commit made no python environment for the hook"
    site = glob.glob(f"{envs[0]}/lib/python*/site-packages")
    assert site and not glob.glob(f"{site[0]}/tensorflow*"), "the hook installed TensorFlow"
