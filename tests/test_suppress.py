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


def test_an_error_that_blocks_the_build_is_never_suppressed():
    """The model cannot be built, so lint must not say "All checks passed" (issue 9, item 5):
    the error stays, saying that the comment does not apply, and no LS290 is added."""
    text = HEAD + "  - type: Dense\n    unitz: 1  # lstmspec: disable=LS301\n    units: 1\n"
    result = lint_text(text, "s.yaml")
    refine(result, Selection())
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("LS301", 5, 5)]
    assert result.diagnostics[0].message.endswith(
        "[`disable=LS301` does not apply: lstmspec never silences an error that keeps the "
        "model from being built]")


def test_an_error_about_the_data_can_be_suppressed(tmp_path):
    """LS4xx errors judge the data and the budget, not whether Keras builds: the user may
    silence them; they are kept as `suppressed` for build/run to mention."""
    text = ("input: {shape: [30, 1]}\nlayers:\n  - {type: LSTM, units: 4}\n"
            "  - {type: Dense, units: 1}\ncompile: {loss: mse, metrics: [accuracy]}"
            "  # lstmspec: disable=LS415\n")
    result = lint_text(text, "s.yaml")
    refine(result, Selection())
    assert result.diagnostics == [] and result.ok
    assert [(d.code, d.span.line, d.span.column) for d in result.suppressed] == [
        ("LS415", 5, 32)]


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


# -- a file-level disable; LS290 in files with errors; directives that do nothing -----------

def test_a_file_level_disable_silences_the_code_everywhere():
    text = ("# lstmspec: disable-file=LS202\n" + HEAD + "  - type: GRU\n    units: 8\n"
            "    recurrent_dropout: 0.1\n    return_sequences: true\n  - type: GRU\n"
            "    units: 4\n    recurrent_dropout: 0.2\n")
    assert lint(text) == set()


def test_an_unused_file_level_disable_is_ls290_at_its_code():
    text = "# lstmspec: disable-file=LS202\n" + HEAD + "  - type: Dense\n    units: 1\n"
    assert lint(text) == {("LS290", 1, 26)}


def test_a_file_level_disable_never_hides_an_error_that_blocks_the_build():
    text = "# lstmspec: disable-file=LS3\n" + HEAD + "  - type: Dense\n    unitz: 1\n"
    result = lint_text(text, "s.yaml")
    refine(result, Selection())
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("LS305", 5, 5), ("LS301", 6, 5)]
    assert all("does not apply" in d.message for d in result.diagnostics)


def test_unused_suppressions_of_checks_that_ran_are_reported_in_a_file_with_errors():
    """A shape error stops the analysis: LS202's suppression waits (the rule did not run), but
    a schema code's (LS303: validation ran) and an unknown code's are judged now."""
    text = (HEAD + "  - type: GRU  # lstmspec: disable=LS303\n    units: 8\n"
            "    recurrent_dropout: 0.1  # lstmspec: disable=LS202,LS999\n"
            "  - type: GRU\n    units: 4\n")
    assert lint(text) == {("LS102", 7, 5), ("LS290", 4, 36), ("LS290", 6, 55)}


@pytest.mark.parametrize("comment, column", [
    ("  # lstmspec: disabel=LS202", 29), ("  # lstmspec: ignore=LS202", 29),
    ("  # lstmspec disable=LS202", 29), ("  # lstmspec: disable=", 29),
    ("  #lstmspec:skip", 29)])
def test_a_misspelt_directive_is_ls291_and_silences_nothing(comment, column):
    assert lint(SLOW_GRU.format(comment=comment)) == {("LS202", 6, 5), ("LS291", 6, column)}


@pytest.mark.parametrize("comment", ["  # noqa: LS202", "  # noqa:ls202,E501", "  # NOQA LS202"])
def test_noqa_naming_an_lstmspec_code_is_ls292(comment):
    assert lint(SLOW_GRU.format(comment=comment)) == {("LS202", 6, 5), ("LS292", 6, 29)}


@pytest.mark.parametrize("comment", ["  # noqa: E501", "  # noqa", "  # see lstmspec docs",
                                     "  # yamllint disable-line rule:line-length"])
def test_comments_for_other_tools_or_people_are_left_alone(comment):
    assert lint(SLOW_GRU.format(comment=comment)) == {("LS202", 6, 5)}
