"""Issue 27, item 6: a shape error stops the walk, and the rules still run on what was
checked: the per-layer advice (LS202, LS203) and the budget (a lower bound: over it with the
checked layers is over it for sure, LS501 "at least"); the first error's note says which
checks wait. In a graph nothing is certain before the walk ends: no rule runs."""

from __future__ import annotations

from lstmspec.lint import lint_text

HEAD = "input: {shape: [10, 2]}\nlayers:\n"


def triples(text: str, **options) -> list:
    return [(d.code, d.span.line, d.span.column) for d in lint_text(text).diagnostics]


def test_advice_on_checked_layers_is_reported_beside_the_shape_error():
    text = HEAD + ("  - {type: GRU, units: 4, recurrent_dropout: 0.1}\n"  # LS202, checked
                   "  - {type: GRU, units: 3}\n"                          # LS102 stops here
                   "  - {type: LSTM, units: 2, unroll: true}\n")          # not checked
    assert triples(text) == [("LS202", 3, 27), ("LS102", 4, 5)]
    assert lint_text(text).diagnostics[1].message.endswith(
        "(layer 2 is not shape-checked until this is fixed)")


def test_the_note_names_the_whole_model_advice_that_waits():
    text = ("input: {shape: [10], dtype: int32}\nlayers:\n"
            "  - {type: Embedding, input_dim: 9, output_dim: 4, mask_zero: true}\n"
            "  - {type: GRU, units: 3}\n  - {type: GRU, units: 2}\n"
            "  - {type: Dense, units: 3, activation: softmax}\n")
    assert triples(text) == [("LS102", 5, 5)]
    assert lint_text(text).diagnostics[0].message.endswith(
        "(layer 3 is not shape-checked, and the whole-model advice (LS201, LS204) waits, "
        "until this is fixed)")


def test_the_budget_is_a_lower_bound_on_the_checked_layers():
    text = HEAD + "  - {type: LSTM, units: 4000}\n  - {type: LSTM, units: 2}\n"
    found = lint_text(text).diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("LS501", 3, 5), ("LS503", 3, 25), ("LS102", 4, 5)]
    assert found[0].message.startswith("the model has at least 64,048,000 parameters")


def test_an_embedding_fed_floats_is_reported_before_a_shape_error():
    text = ("input: {shape: [10]}\nlayers:\n  - {type: Embedding, input_dim: 9, output_dim: 4}\n"
            "  - {type: LSTM, units: 2}\n  - {type: LSTM, units: 2}\n")
    assert triples(text) == [("LS203", 1, 8), ("LS102", 5, 5)]


def test_no_rule_runs_on_a_graph_that_stopped():
    text = ("inputs:\n  a: {shape: [10, 2]}\nlayers:\n"
            "  - {name: g, type: GRU, units: 4, recurrent_dropout: 0.1, from: a}\n"
            "  - {type: GRU, units: 2, from: g}\n")
    assert [code for code, *_ in triples(text)] == ["LS102"]
