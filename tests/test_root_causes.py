"""A shape error names its root cause: the recurrent layer that dropped the time axis, found
through the layers that keep the rank after it, and the fix goes there (and works)."""

from __future__ import annotations

import itertools

import pytest

from lstmspec.fix import fix_text
from lstmspec.lint import lint_text

KEEPERS = {
    "Dropout": "{type: Dropout, rate: 0.2}",
    "GaussianNoise": "{type: GaussianNoise, stddev: 0.1}",
    "LayerNormalization": "{type: LayerNormalization}",
    "BatchNormalization": "{type: BatchNormalization}",
    "Activation": "{type: Activation, activation: tanh}",
    "Masking": "{type: Masking}",
    "Dense": "{type: Dense, units: 16}",
}
HEAD = "input: {shape: [10, 2]}\nlayers:\n"


def stack(first: str, between: list, last: str) -> str:
    return HEAD + "".join(f"  - {layer}\n" for layer in [first, *between, last])


def triples(text: str) -> list:
    return [(d.code, d.span.line, d.span.column, d.fix) for d in lint_text(text).diagnostics]


CHAINS = [[k] for k in KEEPERS] + [list(c) for c in itertools.combinations(KEEPERS, 2)][:8]


@pytest.mark.parametrize("between", CHAINS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("last", ["{type: LSTM, units: 8}",
                                  "{type: TimeDistributed, layer: {type: Dense, units: 1}}",
                                  "{type: Conv1D, filters: 2, kernel_size: 3}"])
def test_the_fix_goes_to_the_layer_that_dropped_the_time_axis(between, last):
    text = stack("{type: LSTM, units: 64}", [KEEPERS[k] for k in between], last)
    line = 3 + len(between) + 1
    assert triples(text) == [("LS102", line, 5, "set return_sequences: true on layer 0")]
    fixed = fix_text(text, "f.yaml")
    assert fixed.text.splitlines()[2] == "  - {type: LSTM, units: 64, return_sequences: true}"
    assert fixed.result.ok  # no error left (Masking before Conv1D: the LS201 warning stays)
    assert {d.code for d in fixed.result.diagnostics} <= {"LS201"}


def test_the_message_names_the_cause():
    text = stack("{type: LSTM, units: 64}", [KEEPERS["Dropout"]], "{type: LSTM, units: 8}")
    message = lint_text(text).diagnostics[0].message
    assert message.startswith(
        "LSTM 'lstm_1' expects 3D input (batch, timesteps, features) but layer 1 'dropout' gives "
        "(None, 64), since layer 0 'lstm' returns only its last step (return_sequences is false) "
        "and the layers after it keep that shape: set return_sequences: true on layer 0")


def test_a_bidirectional_layer_gets_it_on_its_wrapped_layer():
    text = stack("{type: Bidirectional, layer: {type: GRU, units: 4}}", [KEEPERS["Dense"]],
                 "{type: TimeDistributed, layer: {type: Dense, units: 1}}")
    assert triples(text) == [("LS102", 5, 5, "set return_sequences: true on layer 0")]
    fixed = fix_text(text, "f.yaml")
    assert "layer: {type: GRU, units: 4, return_sequences: true}" in fixed.text
    assert fixed.result.ok


@pytest.mark.parametrize("between", ["{type: Flatten}", "{type: RepeatVector, n: 3}"])
def test_no_fix_through_a_layer_that_changes_the_shape(between):
    """Flatten would keep the output 2D whatever the LSTM returns; RepeatVector makes 3D: the
    LSTM is not the cause, so no fix names it."""
    text = stack("{type: LSTM, units: 64}", [between, "{type: Dense, units: 4}"],
                 "{type: LSTM, units: 8}")
    found = triples(text)
    assert all(fix is None or "layer 0" not in fix for *_, fix in found)
