"""Shared test set-up: quiet TensorFlow for the tests that import it, the examples folder, and
the fast lane: under `-m "not tf"` a module marked tf (`pytestmark = pytest.mark.tf`) is not
imported at all, so that the lane runs where TensorFlow and NumPy are not installed."""

from __future__ import annotations

import ast
import itertools
import os
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


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"
