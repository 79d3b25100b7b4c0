"""`lint`, `summary` and `schema` never import TensorFlow or Keras, and work without them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import child_env

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("tensorflow", "keras", "tf_keras", "tensorboard", "jax", "torch")

CONFIG = """\
input:
  shape: [30, 1]
layers:
  - type: Bidirectional
    layer: {type: LSTM, units: 8, return_sequences: true}
  - type: Conv1D
    filters: 4
    kernel_size: 3
  - type: GRU
    units: 4
  - type: Dense
    units: 1
"""
WITH_RUNNER_SECTIONS = CONFIG + """\
compile:
  optimizer: adam
  loss: mse
"""
BROKEN = CONFIG.replace("return_sequences: true", "return_sequence: true")


@pytest.fixture(scope="module")
def configs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("configs")
    for name, text in (("ok.yaml", CONFIG), ("sections.yaml", WITH_RUNNER_SECTIONS),
                       ("broken.yaml", BROKEN)):
        (folder / name).write_text(text)
    return folder


def imported_modules(importtime_stderr: str) -> set[str]:
    """Module names from `python -X importtime` output (`import time: self | cum | name`)."""
    names = set()
    for line in importtime_stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def forbidden(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in FORBIDDEN)


def commands(configs: Path) -> dict[str, list[str]]:
    return {
        "lint": ["lint", str(configs / "ok.yaml")],
        "lint a broken file": ["lint", str(configs / "broken.yaml")],
        "lint runner sections": ["lint", str(configs / "sections.yaml")],
        "lint json of a directory": ["lint", "--format", "json", str(configs)],
        "summary": ["summary", str(configs / "ok.yaml")],
        "summary --explain": ["summary", "--explain", str(configs / "ok.yaml")],
        "summary json": ["summary", "--format", "json", str(configs / "ok.yaml")],
        "summary svg": ["summary", "--format", "svg", str(configs / "ok.yaml")],
        "schema": ["schema"],
        "help": ["--help"],
    }


def run(args, **env):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          env=child_env(**env), timeout=120)


@pytest.mark.parametrize("name", list(commands(Path("x"))))
def test_command_imports_no_tensorflow(name, configs):
    args = commands(configs)[name]
    done = run(["-X", "importtime", "-m", "lstmspec", *args])
    assert "Traceback" not in done.stderr
    names = imported_modules(done.stderr)
    assert "lstmspec.cli" in names, "importtime output not parsed"
    assert not forbidden(names), forbidden(names)


@pytest.fixture(scope="module")
def no_tensorflow(tmp_path_factory) -> str:
    """A directory that, first on PYTHONPATH, makes tensorflow and keras unimportable."""
    shim = tmp_path_factory.mktemp("no_tf")
    for package in ("tensorflow", "keras"):
        (shim / package).mkdir()
        (shim / package / "__init__.py").write_text(
            f"raise ImportError('{package} is made unimportable by the test shim')\n")
    return str(shim)


def test_the_shim_works(no_tensorflow):
    done = run(["-c", "import tensorflow"], PYTHONPATH=no_tensorflow)
    assert done.returncode != 0 and "unimportable" in done.stderr


@pytest.mark.parametrize("name,expected", [
    ("lint", 0), ("lint a broken file", 1), ("lint runner sections", 0), ("summary", 0),
    ("summary --explain", 0), ("summary json", 0), ("summary svg", 0), ("schema", 0),
    ("help", 0),
])
def test_command_works_without_tensorflow(name, expected, configs, no_tensorflow):
    args = commands(configs)[name]
    done = run(["-m", "lstmspec", *args], PYTHONPATH=no_tensorflow)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == expected, done.stdout + done.stderr
    assert done.stdout.strip()
