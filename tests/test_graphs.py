"""Graphs without TensorFlow: references, order, merge/attention/state checks as (code, line,
column) triples, the summary's graph form, and that every stack keeps its meaning."""

from __future__ import annotations

import json

import pytest
from cli_support import lstmspec

from lstmspec.lint import lint_text

ENCODER_DECODER = """\
inputs:
  past: {shape: [24, 3]}
  future: {shape: [6, 2]}
layers:
  - {name: enc, type: LSTM, units: 16, return_sequences: true, return_state: true, from: past}
  - {name: dec, type: LSTM, units: 16, return_sequences: true, from: future, initial_state: [enc.1, enc.2]}
  - {name: att, type: Attention, from: [dec, enc.0]}
  - {name: both, type: Concatenate, from: [dec, att]}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
outputs: [time_distributed]
"""


def triples(text: str) -> set:
    return {(d.code, d.span.line, d.span.column) for d in lint_text(text).diagnostics}


def edited(old: str, new: str) -> str:
    assert old in ENCODER_DECODER
    return ENCODER_DECODER.replace(old, new, 1)


def test_the_contract_example_is_clean_and_inferred():
    result = lint_text(ENCODER_DECODER)
    assert result.diagnostics == [] and result.ok
    shapes = {i.name: (i.result.outputs, i.result.params) for i in result.inference.layers}
    assert shapes == {
        "enc": (((None, 24, 16), (None, 16), (None, 16)), 1280),
        "dec": (((None, 6, 16),), 1216),
        "att": (((None, 6, 16),), 0),
        "both": (((None, 6, 32),), 0),
        "time_distributed": (((None, 6, 1),), 33)}
    assert result.inference.output == ((None, 6, 1),)


@pytest.mark.parametrize("old,new,expected", [
    ("from: [dec, att]", "from: [dec, attn]", {("LS120", 8, 49)}),
    ("enc.2]", "enc.3]", {("LS121", 6, 101)}),
    ("from: past}", "from: both}", {("LS122", 5, 90)}),
    ("from: [dec, att]", "from: [dec, time_distributed]", {("LS122", 8, 49)}),
    ("from: future,", "from: past,", {("LS124", 3, 3)}),
    ("from: [dec, att]", "from: [dec, enc.0]", {("LS126", 8, 49)}),
    ("type: Attention, from: [dec, enc.0]", "type: Attention, from: [dec]",
     {("LS127", 7, 40)}),
    ("initial_state: [enc.1, enc.2]", "initial_state: [enc.1]", {("LS128", 6, 93)}),
    ("from: [dec, enc.0]", "from: [dec, past]", {("LS129", 7, 46)}),
    ("name: enc, type: LSTM, units: 16, return_sequences: true, return_state: true, from: past",
     "name: enc, type: LSTM, units: 16, return_sequences: true, return_state: true",
     {("LS130", 5, 23)}),
    ("from: [dec, enc.0]", "from: [dec, enc]", {("LS108", 7, 46)}),
    ("outputs: [time_distributed]", "outputs: [both]", {("LS210", 9, 5)}),
])
def test_reference_and_shape_errors_are_located(old, new, expected):
    assert triples(edited(old, new)) == expected


def test_the_merge_message_names_the_references_and_the_fix():
    text = ("input: {shape: [20, 3]}\nlayers:\n  - {name: a, type: LSTM, units: 16, "
            "return_sequences: true}\n  - {name: b, type: LSTM, units: 8, return_sequences: "
            "true, from: input_layer}\n  - {name: skip, type: Add, from: [a, b]}\n")
    (diagnostic,) = lint_text(text).diagnostics
    assert diagnostic.message.startswith(
        "Add 'skip' gets (None, 20, 16) from 'a' and (None, 20, 8) from 'b': ")
    assert diagnostic.message.endswith(": set units: 16 on layer 1 ('b')")
    assert diagnostic.fix == "set units: 16 on layer 1"
    fixed = text.replace("units: 8", "units: 16")
    assert triples(fixed) == set()


def test_a_bidirectional_takes_forward_then_backward_states():
    text = edited("{name: dec, type: LSTM, units: 16, return_sequences: true, from: future, "
                  "initial_state: [enc.1, enc.2]}",
                  "{name: dec, type: Bidirectional, from: future, initial_state: [enc.1, "
                  "enc.2, enc.1, enc.2], merge_mode: sum, layer: {type: LSTM, units: 16, "
                  "return_sequences: true}}")
    result = lint_text(text)
    assert result.ok, [d.message for d in result.diagnostics]
    assert triples(text.replace("enc.2, enc.1, enc.2]", "enc.2]")) == {("LS128", 6, 67)}


@pytest.mark.parametrize("text,expected", [
    ("input: {shape: [4, 3]}\ninputs: {a: {shape: [4, 3]}}\nlayers:\n  - {type: Dense, units: 1}\n",
     {("LS310", 2, 1)}),
    ("layers:\n  - {type: Dense, units: 1}\n", {("LS305", 1, 1)}),
    ("input: {shape: [4, 3]}\nlayers:\n  - type: Bidirectional\n    layer: {type: GRU, "
     "units: 2, from: input_layer}\n", {("LS311", 4, 34)}),
    ("input: {shape: [4, 3]}\nlayers:\n  - {type: Add}\n", {("LS127", 3, 12)}),
    ("input: {shape: [4, 3]}\nlayers:\n  - {name: a, type: Dense, units: 2, from: b}\n"
     "  - {name: b, type: Dense, units: 2, from: input_layer}\noutputs: [a, b]\n",
     {("LS123", 3, 44)}),
    ("input: {shape: [4, 3]}\nlayers:\n  - type: TimeDistributed\n    layer: {type: Add}\n",
     {("LS307", 4, 19)}),
])
def test_top_level_and_stack_misuse(text, expected):
    assert triples(text) == expected


def test_summary_json_of_a_graph_has_named_inputs_inbound_and_outputs(tmp_path, capsys):
    path = tmp_path / "graph.yaml"
    path.write_text(ENCODER_DECODER.replace("outputs: [time_distributed]",
                                            "outputs: [time_distributed, enc.1]"))
    ran = lstmspec(capsys, "summary", str(path), "--format", "json")
    assert ran.code == 0
    doc = json.loads(ran.out)
    assert doc["input_shape"] == {"past": [None, 24, 3], "future": [None, 6, 2]}
    assert [row["inbound"] for row in doc["layers"]] == [
        ["past"], ["future", "enc.1", "enc.2"], ["dec", "enc.0"], ["dec", "att"], ["both"]]
    assert doc["output_shape"] == [[None, 6, 1], [None, 16]]
    assert doc["total_params"] == 1280 + 1216 + 33


def test_summary_text_has_connected_to_and_explains_attention(tmp_path, capsys):
    path = tmp_path / "graph.yaml"
    path.write_text(ENCODER_DECODER)
    ran = lstmspec(capsys, "summary", str(path), "--explain")
    assert ran.code == 0
    lines = ran.out.splitlines()
    assert lines[1] == "Inputs: past (None, 24, 3), future (None, 6, 2)"
    assert lines[3].split()[-2:] == ["Connected", "to"]
    assert any(line.endswith("future, enc.1, enc.2") for line in lines)
    assert "      inputs: query 'dec', value 'enc.0'" in lines


def test_a_stack_summary_keeps_its_json_keys(tmp_path, capsys):
    path = tmp_path / "stack.yaml"
    path.write_text("input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 4}\n")
    doc = json.loads(lstmspec(capsys, "summary", str(path), "--format", "json").out)
    assert doc["input_shape"] == [None, 10, 2] and "inbound" not in doc["layers"][0]
