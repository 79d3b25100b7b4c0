"""Messages that name the cause and say what to write: merge keys, .nan, Keras 2 class names,
an unknown type (the nearest few, not all 33). Positions pinned here, wording in one golden
file (tests/golden/lint_messages.txt)."""

from __future__ import annotations

import pytest
from cli_support import check_golden, lstmspec

from lstmspec.fix import fix_text
from lstmspec.lint import lint_text

HEAD = "input: {shape: [10, 2]}\nlayers:\n"
CASES = {
    "merge-key": (HEAD + "  - <<: &base {type: LSTM, units: 4}\n    return_sequences: true\n"
                  "  - {type: Dense, units: 1}\n", [("LS013", 3, 5)]),
    "nan-dropout": (HEAD + "  - {type: LSTM, units: 4, dropout: .nan}\n",
                    [("LS304", 3, 37)]),
    "inf-units-rate": (HEAD + "  - {type: Dropout, rate: -.inf}\n", [("LS304", 3, 27)]),
    "cudnn-lstm": (HEAD + "  - {type: CuDNNLSTM, units: 4}\n", [("LS302", 3, 12)]),
    "cudnn-gru": (HEAD + "  - {type: CuDNNGRU, units: 4}\n", [("LS302", 3, 12)]),
    "far-type": (HEAD + "  - {type: Transformer, units: 4}\n", [("LS302", 3, 12)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_message_is_located(name):
    text, expected = CASES[name]
    assert [(d.code, d.span.line, d.span.column) for d in lint_text(text).diagnostics] == \
        expected


def test_messages_golden(tmp_path, capsys):
    for name, (text, _) in CASES.items():
        (tmp_path / f"{name}.yaml").write_text(text)
    ran = lstmspec(capsys, "lint", "--format", "concise", *sorted(f"{n}.yaml" for n in CASES),
                   cwd=tmp_path)
    assert ran.code == 1
    check_golden("lint_messages.txt", ran.out)


def test_an_unknown_type_lists_five_near_types_not_all():
    message = lint_text(CASES["far-type"][0]).diagnostics[0].message
    listed = message.split("the nearest types are ")[1].split(" (")[0].split(", ")
    assert len(listed) == 5


@pytest.mark.parametrize("old, new", [("CuDNNLSTM", "LSTM"), ("CuDNNGRU", "GRU")])
def test_fix_writes_the_keras_3_type(old, new):
    fixed = fix_text(HEAD + f"  - {{type: {old}, units: 4}}\n", "f.yaml")
    assert fixed.text == HEAD + f"  - {{type: {new}, units: 4}}\n"
    assert fixed.result.ok and not fixed.result.diagnostics
