"""Every example lints to exactly the diagnostics its `# expect:` header declares (no TF).

A header lists (code, line, column) triples, `# expect: LS102@15:5`, one or more per line,
comma separated; `# expect: clean` declares none. Valid examples may declare warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lstmspec.codes import severity_of
from lstmspec.diagnostics import Severity
from lstmspec.lint import lint_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCHEMA = EXAMPLES.parent / "schemas" / "lstmspec.schema.json"
FILES = sorted(p for p in EXAMPLES.rglob("*.yaml") if p.relative_to(EXAMPLES).parts[0] != "data")
EXPECT = re.compile(r"^#\s*expect:(.*)$", re.MULTILINE)
TRIPLE = re.compile(r"(LS\d{3})@(\d+):(\d+)")
MODELINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")
# The situations the issue asks the examples to show, by file (relative to examples/).
REQUIRED = (
    "stacked_lstm_fixed.yaml", "broken/stacked_lstm.yaml", "sine_forecaster.yaml",
    "text_classifier.yaml", "encoder_decoder.yaml", "cnn_lstm.yaml", "stateful_lstm.yaml",
    "gru_model.yaml", "broken/typo_return_sequence.yaml", "broken/input_2d.yaml",
    "broken/units_string.yaml", "broken/return_sequences_yes.yaml",
    "broken/stateful_no_batch.yaml", "broken/conv_kernel_too_long.yaml",
    "broken/bidirectional_go_backwards.yaml", "broken/unknown_type_lstm.yaml",
)


def declared(text: str) -> set[tuple[str, int, int]] | None:
    """The header's triples; None when the file has no `# expect:` line."""
    lines = EXPECT.findall(text)
    if not lines:
        return None
    found = set()
    for line in lines:
        items = [item.strip() for item in line.split(",") if item.strip()]
        for item in items:
            match = TRIPLE.fullmatch(item)
            assert item == "clean" or match, f"malformed expectation {item!r}"
            if match:
                found.add((match[1], int(match[2]), int(match[3])))
    return found


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(EXAMPLES)) for p in FILES])
def test_example_lints_as_declared(path):
    expected = declared(path.read_text(encoding="utf-8"))
    assert expected is not None, "the example has no `# expect:` header"
    result = lint_file(str(path))
    got = {(d.code, d.span.line, d.span.column) for d in result.diagnostics}
    assert got == expected


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(EXAMPLES)) for p in FILES])
def test_example_names_the_schema(path):
    found = MODELINE.match(path.read_text(encoding="utf-8"))
    assert found, "the first line must be the yaml-language-server $schema modeline"
    assert (path.parent / found[1]).resolve() == SCHEMA.resolve()


def test_examples_cover_the_issue():
    present = {str(p.relative_to(EXAMPLES)) for p in FILES}
    assert set(REQUIRED) <= present, sorted(set(REQUIRED) - present)
    assert len(FILES) >= 12
    for path in FILES:
        codes = [code for code, _, _ in declared(path.read_text(encoding="utf-8")) or ()]
        errors = [code for code in codes if severity_of(code) is Severity.ERROR]
        if path.parent.name == "broken":
            assert codes, f"{path.name} is in broken/ but declares no diagnostic"
        else:
            assert not errors, f"{path.name} declares errors: move it to broken/"
