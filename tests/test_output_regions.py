"""Regions and carets that show what they mean: LS001's region is one character, not empty;
the text format's caret stops before a trailing comment; SARIF rules carry their page as
Markdown and plain text, and no link to a domain the project does not own."""

from __future__ import annotations

import json

from cli_support import lstmspec

from lstmspec.lint import lint_text


def test_a_syntax_error_covers_one_character():
    found = lint_text("input: {shape: [10, 2]}\nlayers: [1\n").diagnostics
    assert [(d.code, d.span) for d in found] == [("LS001", (3, 1, 3, 2))]


def test_the_caret_does_not_underline_a_trailing_comment(tmp_path, capsys):
    (tmp_path / "m.yaml").write_text(
        "input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 2}\n"
        "  - type: LSTM   # the decoder, 'quoted # too'\n    units: 4\n")
    ran = lstmspec(capsys, "lint", "m.yaml", cwd=tmp_path)
    assert ran.out.splitlines()[1:3] == [
        "  4 |   - type: LSTM   # the decoder, 'quoted # too'",
        "    |     ^^^^^^^^^^"]


def test_sarif_rules_carry_their_page_and_no_foreign_link(tmp_path, capsys):
    (tmp_path / "m.yaml").write_text("input: {shape: [10, 2]}\nlayers: [1\n")
    log = json.loads(lstmspec(capsys, "lint", "--format", "sarif", "m.yaml", cwd=tmp_path).out)
    driver = log["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver and "$id" not in log
    (rule,) = driver["rules"]
    assert "helpUri" not in rule and rule["help"]["markdown"].startswith("## What it catches")
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 2}
