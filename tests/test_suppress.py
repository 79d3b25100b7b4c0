"""Inline suppressions: `# lstmspec: disable=CODE` silences CODE on its own line; one that
silences nothing is LS290 at the code in the comment."""

from __future__ import annotations

import pytest

from lstmspec.lint import lint_text
from lstmspec.settings import Selection
from lstmspec.suppress import find, refine

HEAD = "input:\n  shape: [30, 1]\nlayers:\n"
SLOW_GRU = HEAD + "  - type: GRU\n    units: 8\n    recurrent_dropout: 0.1{comment}\n"


def lint(text: str, selection: Selection = Selection()) -> set:
    result = lint_text(text, "s.yaml")
    refine(result, selection)
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics}


def test_without_a_comment_the_warning_is_reported():
    assert lint(SLOW_GRU.format(comment="")) == {("LS202", 6, 5)}


@pytest.mark.parametrize("comment", ["  # lstmspec: disable=LS202", " #lstmspec:disable=LS202",
                                     "  # lstmspec: disable=ls202", "  # lstmspec: disable=LS2",
                                     "  # lstmspec: disable=ALL"])
def test_a_suppression_silences_its_line(comment):
    assert lint(SLOW_GRU.format(comment=comment)) == set()


def test_one_used_and_one_unused_code():
    text = SLOW_GRU.format(comment="  # lstmspec: disable=LS201,LS202")
    assert lint(text) == {("LS290", 6, 49)}


def test_a_suppression_on_another_line_does_not_apply():
    text = SLOW_GRU.format(comment="").replace("units: 8", "units: 8  # lstmspec: disable=LS202")
    assert lint(text) == {("LS202", 6, 5), ("LS290", 5, 35)}


def test_an_unknown_code_is_reported_as_unused():
    text = HEAD + "  - type: Dense\n    units: 1  # lstmspec: disable=LS999\n"
    assert lint(text) == {("LS290", 5, 35)}


def test_an_error_can_be_suppressed_on_its_line():
    text = HEAD + "  - type: Dense\n    unitz: 1  # lstmspec: disable=LS301\n    units: 1\n"
    assert lint(text) == set()


def test_a_hash_inside_a_quoted_value_is_not_a_comment():
    text = HEAD + '  - type: Dense\n    name: "a # lstmspec: disable=LS202"\n    units: 1\n'
    assert find(text) == []


def test_ignoring_ls290_hides_stale_suppressions():
    text = HEAD + "  - type: Dense\n    units: 1  # lstmspec: disable=LS202\n"
    assert lint(text, Selection(ignore=("LS290",))) == set()


def test_suppressions_are_judged_before_ignore():
    """An --ignore elsewhere does not turn a suppression into an 'unused' one."""
    text = SLOW_GRU.format(comment="  # lstmspec: disable=LS202")
    assert lint(text, Selection(ignore=("LS202",))) == set()


def test_no_unused_warning_while_errors_stop_the_checks():
    """With a broken layer the rules do not run, so LS202's suppression is not judged."""
    text = SLOW_GRU.format(comment="  # lstmspec: disable=LS202") + "  - type: Dense\n"
    assert lint(text) == {("LS305", 7, 5)}
