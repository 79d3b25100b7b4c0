"""Shared test set-up: quiet TensorFlow for the tests that import it, the examples folder, the
fast lane (under `-m "not tf"` a module marked tf, `pytestmark = pytest.mark.tf`, is not
imported at all, so that the lane runs where TensorFlow and NumPy are not installed), and the
child lstmspec process: its environment (child_env) and its command line (lstmspec_argv,
run_argv), imported by the tests that start one (`from conftest import child_env`; they are
marked subprocess)."""

from __future__ import annotations

import ast
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The command boundary's last handler (cli/__init__.py) prints LS699 "this is a bug" instead
# of a traceback; under the tests it re-raises, in this process and in every child process,
# so that a bug fails the test that meets it (tests/test_bug_line.py unsets it).
os.environ["LSTMSPEC_RAISE_BUGS"] = "1"

ROOT = Path(__file__).resolve().parent.parent
LANE_MARKERS = ("tf", "subprocess", "slow")


def module_marks(path: Path) -> set:
    """The markers of a test module's `pytestmark`, read without importing it."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark"
                                                for t in node.targets):
            return {n.attr for n in ast.walk(node.value) if isinstance(n, ast.Attribute)} \
                & set(LANE_MARKERS)
    return set()


def selectable(expression: str, marks: set) -> bool:
    """Whether any test of a module with `marks` can match the -m expression, whatever marks
    its tests add."""
    from _pytest.mark.expression import Expression

    compiled = Expression.compile(expression)
    others = [m for m in LANE_MARKERS if m not in marks]
    return any(compiled.evaluate(lambda name, **_: name in marks | set(extra))
               for k in range(len(others) + 1) for extra in itertools.combinations(others, k))


def pytest_ignore_collect(collection_path: Path, config):
    expression = config.getoption("markexpr")
    if not expression or collection_path.suffix != ".py" \
            or not collection_path.name.startswith("test_"):
        return None
    marks = module_marks(collection_path)
    return True if marks and not selectable(expression, marks) else None


def pytest_collection_modifyitems(config, items):
    """The modules that hold a slow test run first (a stable sort by module, each module's
    tests kept together and in order): under `-n auto --dist loadfile` (README's command)
    the long ones start at once instead of ending the run alone on one worker. No test
    depends on the order of another."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pytest-xdist): one worker per core, at most 4; each worker imports
    TensorFlow and holds trained models (about 1.5 GB)."""
    return max(1, min(os.cpu_count() or 1, 4))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(autouse=True)
def children_are_marked(request, monkeypatch):
    """A test that starts a child process (itself or through a function-scoped fixture) must
    be marked subprocess, so that `-m "not subprocess"` leaves out exactly those. (A module
    fixture starts before this check: its tests are marked by hand.)"""
    if request.node.get_closest_marker("subprocess") is None:
        real = subprocess.Popen.__init__

        def refuse(self, args, *rest, **kwargs):
            if started_by_us():
                raise AssertionError(f"{request.node.nodeid} starts a child process "
                                     f"({args!r:.80}) but is not marked subprocess: add "
                                     "@pytest.mark.subprocess")
            real(self, args, *rest, **kwargs)

        monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    yield


def started_by_us() -> bool:
    """Whether the code that asked for the child is lstmspec's or a test's (a library's own
    probe, such as platform.processor() running `uname -p` once, is not the test's doing)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == subprocess.__file__:
        frame = frame.f_back
    return frame is not None and Path(frame.f_code.co_filename).is_relative_to(ROOT) \
        and "site-packages" not in frame.f_code.co_filename


FAULT_POINTS = ("LSTMSPEC_FAULT", "LSTMSPEC_PAUSE", "LSTMSPEC_FAULTS_ARMED")


def child_env(**extra) -> dict:
    """The environment of a child process: this one's, TensorFlow quiet, the GPUs hidden (the
    tests' expectations are CPU ones), no fault point inherited from the caller, and `extra`
    on top (a value None removes the variable)."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "-1"}
    for name in FAULT_POINTS:
        env.pop(name, None)
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def armed(env: dict, **points) -> dict:
    """`env` with fault points set (LSTMSPEC_FAULT="STEP@N", LSTMSPEC_PAUSE="STEP") and armed:
    lstmspec/source/faults.py ignores them without LSTMSPEC_FAULTS_ARMED=1."""
    return {**env, **points, "LSTMSPEC_FAULTS_ARMED": "1"}


def lstmspec_argv(*args, python: tuple = ()) -> list:
    """`python [PYTHON OPTIONS] -m lstmspec ARGS`, with this interpreter."""
    return [sys.executable, *python, "-m", "lstmspec", *map(str, args)]


def run_argv(config, output_dir, *extra, python: tuple = ()) -> list:
    """`python -m lstmspec run CONFIG --quiet --output-dir DIR EXTRA`: how the tests train."""
    return lstmspec_argv("run", config, "--quiet", "--output-dir", output_dir, *extra,
                         python=python)


def absent_packages(folder: Path, *packages: str) -> dict:
    """child_env's PYTHONPATH under which importing each of `packages` fails as it does on a
    machine without them (stub packages in `folder` that raise ImportError)."""
    for package in packages:
        (folder / package).mkdir(parents=True, exist_ok=True)
        (folder / package / "__init__.py").write_text(
            f'raise ImportError("No module named {package}")\n')
    return {"PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}
