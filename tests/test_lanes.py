"""The test lanes keep their promises: a test that starts a child process without the
subprocess marker fails (conftest.children_are_marked), and the fast lane's module filter
reads a module's markers without importing it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, module_marks, selectable


def test_an_unmarked_test_cannot_start_a_child_process():
    with pytest.raises(AssertionError, match="is not marked subprocess"):
        subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_a_library_probe_is_not_the_tests_doing():
    """platform.processor() runs `uname -p` itself, once per process (TensorFlow asks, in
    whichever test comes first): allowed, since the test did not start it."""
    import platform

    platform._uname_cache = None  # as before the first call
    assert isinstance(platform.processor(), str)


@pytest.mark.subprocess
def test_a_marked_test_can():
    assert subprocess.run([sys.executable, "-c", "pass"], check=True).returncode == 0


def test_module_markers_are_read_without_importing_the_module():
    assert module_marks(ROOT / "tests" / "test_distribute_run.py") == {"tf", "subprocess",
                                                                      "slow"}
    assert module_marks(ROOT / "tests" / "test_lanes.py") == set()


@pytest.mark.parametrize("expression, marks, expected", [
    ("not tf", {"tf"}, False),
    ("not tf", set(), True),
    ("not slow", {"tf", "subprocess"}, True),  # its tests may still be fast
    ("not subprocess and not tf", {"subprocess"}, False),
    ("slow", set(), True),  # a test of the module may be marked slow
])
def test_a_module_is_skipped_only_when_none_of_its_tests_can_match(expression, marks,
                                                                     expected):
    assert selectable(expression, marks) is expected
