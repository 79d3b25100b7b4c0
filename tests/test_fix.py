"""`lint --fix` and `--diff`: the safe fixes, applied as text edits that keep everything else.

Exact before/after texts pin each kind of edit; the fixtures in tests/data/fix/ and every
fixable config in examples/ go through --fix, must then lint clean, keep every comment line,
and build in Keras with the shapes and parameter counts that lint computes.
"""

from __future__ import annotations

import os
import shutil

import pytest
from cli_support import ROOT, lstmspec

from lstmspec.fix import FIXABLE, fix_text
from lstmspec.lint import lint_text

FIXTURES = sorted((ROOT / "tests" / "data" / "fix").glob("*.yaml"))
HEAD = "input:\n  shape: [10, 2]\nlayers:\n"


def fixed(text: str) -> str:
    return fix_text(text, "f.yaml").text


@pytest.mark.parametrize("before, after", [
    # a block layer gets the key after its last line (after a trailing comment too)
    ("  - type: LSTM\n    units: 8  # h\n  - type: LSTM\n    units: 4\n",
     "  - type: LSTM\n    units: 8  # h\n    return_sequences: true\n"
     "  - type: LSTM\n    units: 4\n"),
    # a flow layer gets it before its closing brace; an explicit false becomes true
    ("  - {type: GRU, units: 8}\n  - type: GRU\n    units: 4\n    return_sequences: false\n"
     "  - {type: SimpleRNN, units: 2}\n",
     "  - {type: GRU, units: 8, return_sequences: true}\n  - type: GRU\n    units: 4\n"
     "    return_sequences: true\n  - {type: SimpleRNN, units: 2}\n"),
    # in a Bidirectional, the wrapped layer is the one that gets it
    ("  - type: Bidirectional\n    layer:\n      type: LSTM\n      units: 6\n"
     "  - {type: GRU, units: 3}\n",
     "  - type: Bidirectional\n    layer:\n      type: LSTM\n      units: 6\n"
     "      return_sequences: true\n  - {type: GRU, units: 3}\n"),
    # misspelt type and key (quotes kept), YAML 1.1 booleans on boolean arguments
    ("  - type: 'Lstm'\n    \"unit\": 8\n    go_backwards: On\n    unroll: no\n",
     "  - type: 'LSTM'\n    \"units\": 8\n    go_backwards: true\n    unroll: false\n"),
    # the last line without a newline
    ("  - {type: LSTM, units: 4}\n  - type: LSTM\n    units: 2",
     "  - {type: LSTM, units: 4, return_sequences: true}\n  - type: LSTM\n    units: 2"),
])
def test_fix_edits(before, after):
    assert fixed(HEAD + before) == HEAD + after
    assert not {d.code for d in lint_text(HEAD + after).diagnostics} & set(FIXABLE)


@pytest.mark.parametrize("text", [
    "  - type: LSTM\n    units: 8\n    go_backwards: \"no\"\n",  # quoted: text on purpose
    "  - type: Embedding\n    iput_dim: 10\n    output_dim: 4\n",  # input_dim or output_dim?
    "  - type: Dense\n    units: 1\n  - type: LSTM\n    units: 2\n",  # Dense is not recurrent
    "  - type: Dense\n    unit: 1\n    units: 2\n",  # the right key is already there
    "  - type: Xyzzy\n",  # no close type
])
def test_unsafe_cases_are_left_alone(text):
    assert fixed(HEAD + text) == HEAD + text


def test_line_endings_are_kept():
    before = (HEAD + "  - type: LSTM\n    units: 8\n  - type: LSTM\n    units: 4\n")
    after = fixed(before.replace("\n", "\r\n"))
    assert after.count("\r\n") == after.count("\n") and "return_sequences: true\r\n" in after


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def fixable_examples() -> list:
    """The fixtures, and every config of examples/ that --fix makes clean."""
    found = list(FIXTURES)
    for path in sorted((ROOT / "examples").rglob("*.y*ml")):
        result = lint_text(path.read_text(encoding="utf-8"), str(path))
        if {d.code for d in result.diagnostics} & set(FIXABLE):
            found.append(path)
    return found


@pytest.fixture(scope="module")
def fixed_examples():
    out = {}
    for path in fixable_examples():
        text = path.read_text(encoding="utf-8")
        outcome = fix_text(text, str(path))
        if outcome.fixed and outcome.result.ok:  # warnings may remain
            out[path.relative_to(ROOT).as_posix()] = (text, outcome)
    assert len(out) >= len(FIXTURES)
    return out


def test_fixed_examples_lint_clean_and_keep_every_comment(fixed_examples):
    for name, (before, outcome) in fixed_examples.items():
        assert outcome.result.ok, name
        assert comment_lines(outcome.text) == comment_lines(before), name
        assert outcome.text.splitlines()[:1] == before.splitlines()[:1], name


@pytest.mark.tf
def test_fixed_examples_build_in_keras_as_lint_says(fixed_examples):
    from lstmspec.runner.build.model import build_model

    for name, (_, outcome) in fixed_examples.items():
        result = outcome.result
        model = build_model(result.model, [i.spec for i in result.inference.layers])
        built = [(tuple(layer.output.shape), layer.count_params()) for layer in model.layers[1:]]
        static = [(i.result.output, i.result.params) for i in result.inference.layers]
        assert built == static, name


def test_diff_prints_the_fixes_and_changes_nothing(capsys, tmp_path):
    target = tmp_path / "stacked.yaml"
    shutil.copy(FIXTURES[0], target)
    before = target.read_bytes()
    ran = lstmspec(capsys, "lint", str(target), "--diff")
    assert ran.code == 1 and target.read_bytes() == before
    assert ran.out.startswith(f"--- a/{target}\n+++ b/{target}\n")
    assert "+    return_sequences: true\n" in ran.out
    clean = lstmspec(capsys, "lint", str(ROOT / "tests" / "data" / "fmt" / "ok.yaml"), "--diff")
    assert clean.code == 0 and clean.out == ""


def test_fix_writes_the_file_and_reports_what_is_left(capsys, tmp_path):
    target = tmp_path / "m.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + (HEAD + "  - type: LSTM\n    units: 8\n  - type: LSTM\n"
                                          "    units: 4\n  - type: Dense\n").encode())
    ran = lstmspec(capsys, "lint", str(target), "--fix", "--format", "concise")
    assert ran.code == 1
    assert ran.out.splitlines() == [f"{target}:9:5: LS305 [error] Dense needs `units`"]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"    return_sequences: true\n" in data


def test_fix_writes_atomically_keeping_the_mode(capsys, tmp_path):
    """Through the runner's atomic writer: a unique temporary name (a stale file or folder
    where a fixed name would go is no obstacle), the file's mode kept, nothing left over."""
    target = tmp_path / "m.yaml"
    target.write_text(HEAD + "  - type: Lstm\n    units: 8\n")
    os.chmod(target, 0o640)
    (tmp_path / "m.yaml.lstmspec-fix").mkdir()  # where the old writer put its temporary file
    ran = lstmspec(capsys, "lint", str(target), "--fix")
    assert (ran.code, ran.err) == (0, "lstmspec: fixed 1 problem\n")
    assert "type: LSTM" in target.read_text()
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml", "m.yaml.lstmspec-fix"]


def test_fix_applies_only_to_selected_codes(capsys, tmp_path):
    target = tmp_path / "m.yaml"
    text = HEAD + "  - type: Lstm\n    units: 8\n    unroll: yes\n"
    target.write_text(text)
    lstmspec(capsys, "lint", str(target), "--fix", "--ignore", "LS303")
    assert target.read_text() == text.replace("Lstm", "LSTM")


def test_diff_reports_what_it_cannot_fix_and_exits_1(capsys, tmp_path):
    """Issue 27, item 1: --diff on a file whose error no fix removes printed "0 fixes
    available" and exited 0, so a CI job using --diff passed a broken file."""
    target = tmp_path / "m.yaml"
    target.write_text(HEAD + "  - type: Dense\n")  # LS305: Dense needs units, no fix
    ran = lstmspec(capsys, "lint", str(target), "--diff")
    assert (ran.code, ran.out) == (1, "")
    assert ran.err.splitlines() == [
        "lstmspec: 0 fixes available", "lstmspec: lint still finds:",
        f"{target}:4:5: LS305 [error] Dense needs `units`"]
    fixable = tmp_path / "f.yaml"
    fixable.write_text(HEAD + "  - {type: LSTM, units: 4}\n  - {type: LSTM, units: 2}\n"
                       "  - {type: Dense}\n")
    both = lstmspec(capsys, "lint", str(fixable), "--diff")
    assert both.code == 1 and "+  - {type: LSTM, units: 4, return_sequences: true}" in both.out
    assert both.err.splitlines()[1:] == [
        "lstmspec: after these fixes, lint still finds:",
        f"{fixable}:6:5: LS305 [error] Dense needs `units`"]


def test_diff_and_fix_together_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "m.yaml"
    target.write_text(HEAD + "  - {type: LSTM, units: 4}\n  - {type: LSTM, units: 2}\n")
    before = target.read_text()
    ran = lstmspec(capsys, "lint", str(target), "--diff", "--fix")
    assert ran.code == 2 and ran.out == "" and target.read_text() == before
    assert ran.err.startswith("lstmspec: error: --fix writes the fixes and --diff only shows")
