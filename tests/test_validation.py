"""Schema errors (LS3xx): each pinned as (code, line, column) on inline YAML.

Wording is pinned once, in tests/golden/; here only codes and positions, and a few facts a
message must carry (the did-you-mean target, the layer a fix names).
"""

from __future__ import annotations

import textwrap

import pytest

from lstmspec.lint import lint_text

HEAD = "input:\n  shape: [30, 1]\nlayers:\n"  # lines 1-3; the first layer starts on line 4


def diagnostics(body: str, head: str = HEAD):
    """Lint HEAD + the body (a list of layers, indented under `layers:`)."""
    text = textwrap.indent(textwrap.dedent(body), "  ") if head else body
    return lint_text(head + text).diagnostics


def triples(body: str, head: str = HEAD) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in diagnostics(body, head)]


def only(body: str, head: str = HEAD):
    found = diagnostics(body, head)
    assert len(found) == 1, [(d.code, d.span.line, d.span.column, d.message) for d in found]
    return found[0]


CASES = {
    "unknown key, did-you-mean": (
        """\
        - type: LSTM
          units: 4
          return_sequence: true
        """, [("LS301", 6, 5)]),
    "unknown layer type": (
        """\
        - type: Lstm
          units: 4
        """, [("LS302", 4, 11)]),
    "units as text": (
        """\
        - type: LSTM
          units: "64"
        """, [("LS303", 5, 12)]),
    "units as float": (
        """\
        - type: LSTM
          units: 64.5
        """, [("LS303", 5, 12)]),
    "units as boolean": (
        """\
        - type: Dense
          units: true
        """, [("LS303", 5, 12)]),
    "YAML 1.1 boolean": (
        """\
        - type: LSTM
          units: 4
          return_sequences: yes
        """, [("LS303", 6, 23)]),
    "units 0": (
        """\
        - type: LSTM
          units: 0
        """, [("LS304", 5, 12)]),
    "dropout 1.5": (
        """\
        - type: LSTM
          units: 4
          dropout: 1.5
        """, [("LS304", 6, 14)]),
    "recurrent_dropout -0.1": (
        """\
        - type: GRU
          units: 4
          recurrent_dropout: -0.1
        """, [("LS304", 6, 24)]),
    "Dropout rate 1.0": (
        """\
        - type: LSTM
          units: 4
        - type: Dropout
          rate: 1.0
        """, [("LS304", 7, 11)]),
    "unknown activation": (
        """\
        - type: LSTM
          units: 4
          activation: relux
        """, [("LS304", 6, 17)]),
    "unknown initializer": (
        """\
        - type: LSTM
          units: 4
          kernel_initializer: glorot_unifrom
        """, [("LS304", 6, 25)]),
    "missing units": (
        """\
        - type: LSTM
          return_sequences: true
        """, [("LS305", 4, 5)]),
    "missing type": (
        """\
        - units: 4
        """, [("LS305", 4, 5)]),
    "layer not a mapping": (
        """\
        - LSTM
        """, [("LS303", 4, 5)]),
    "layers empty": (
        """\
        []
        """, [("LS304", 4, 3)]),
    "Bidirectional wrapping Dense": (
        """\
        - type: Bidirectional
          layer: {type: Dense, units: 3}
        """, [("LS307", 5, 19)]),
    "wrapper inner errors point into layer:": (
        """\
        - type: Bidirectional
          layer:
            type: LSTM
            units: -1
            return_sequence: true
        """, [("LS304", 7, 14), ("LS301", 8, 7)]),
    "TimeDistributed inner missing key": (
        """\
        - type: TimeDistributed
          layer:
            type: Dense
        """, [("LS305", 6, 7)]),
    "two missing keys, both reported": (
        """\
        - type: Conv1D
          padding: same
        """, [("LS305", 4, 5), ("LS305", 4, 5)]),
    "union argument: one error, the informative one": (
        """\
        - type: Conv1D
          filters: 2
          kernel_size: [3, 3]
        """, [("LS304", 6, 18)]),
    "layer name with a space": (
        """\
        - type: Dense
          units: 2
          name: my layer
        """, [("LS304", 6, 11)]),
}


@pytest.mark.parametrize("body,expected", CASES.values(), ids=CASES.keys())
def test_schema_error_positions(body, expected):
    assert triples(body) == expected


FILE_CASES = {
    "version 2": ("version: 2\ninput:\n  shape: [3]\nlayers:\n  - type: Dense\n    units: 1\n",
                  [("LS306", 1, 10)]),
    "version as text": (
        "version: '1'\ninput:\n  shape: [3]\nlayers:\n  - {type: Dense, units: 1}\n",
        [("LS306", 1, 10)]),
    "input.shape with strings": (
        'input:\n  shape: ["30", 1]\nlayers:\n  - type: Dense\n    units: 1\n',
        [("LS303", 2, 11)]),
    "input.shape negative": ("input:\n  shape: [-3, 2]\nlayers:\n  - {type: Dense, units: 1}\n",
                             [("LS304", 2, 11)]),
    "input missing": ("layers:\n  - type: Dense\n    units: 1\n", [("LS305", 1, 1)]),
    "input.shape missing": ("input:\n  batch_size: 3\nlayers:\n  - {type: Dense, units: 1}\n",
                            [("LS305", 2, 3)]),
    "layers a mapping": ("input:\n  shape: [3]\nlayers:\n  type: Dense\n", [("LS303", 4, 3)]),
    "unknown top-level key": (
        "input:\n  shape: [3]\nlayer:\n  - {type: Dense, units: 1}\nlayers:\n  - {type: Dense, "
        "units: 1}\n", [("LS301", 3, 1)]),
    "unknown input key": (
        "input:\n  shape: [3]\n  batchsize: 4\nlayers:\n  - {type: Dense, units: 1}\n",
        [("LS301", 3, 3)]),
    "unknown dtype": ("input:\n  shape: [3]\n  dtype: float64\nlayers:\n  - {type: Dense, "
                      "units: 1}\n", [("LS304", 3, 10)]),
    "duplicate key": ("input:\n  shape: [3]\nlayers:\n  - type: Dense\n    units: 1\n"
                      "    units: 2\n", [("LS002", 6, 5)]),
    "a list, not a config": ("- 1\n", [("LS008", 1, 1)]),
    # another YAML file handed to lint: one finding, not an unknown key plus two missing ones
    "some other YAML": ("repos:\n  - repo: local\n", [("LS008", 1, 1)]),
    "an empty mapping": ("{}\n", [("LS008", 1, 1)]),
    "a config missing layers is still a config": ("input:\n  shape: [3]\n",
                                                  [("LS305", 1, 1)]),
}


@pytest.mark.parametrize("text,expected", FILE_CASES.values(), ids=FILE_CASES.keys())
def test_file_level_error_positions(text, expected):
    assert triples(text, head="") == expected


def test_did_you_mean_key():
    found = only("- type: LSTM\n  units: 4\n  return_sequence: true\n")
    assert found.fix and "return_sequences" in found.fix


def test_did_you_mean_layer_type():
    found = only("- type: Lstm\n  units: 4\n")
    assert found.fix and "LSTM" in found.fix


@pytest.mark.parametrize("key,value,suggestion", [
    ("activation", "relux", "relu"),
    ("recurrent_activation", "sigmod", "sigmoid"),
    ("kernel_initializer", "glorot_unifrom", "glorot_uniform"),
    ("recurrent_initializer", "orthogonl", "orthogonal"),
])
def test_did_you_mean_names(key, value, suggestion):
    found = only(f"- type: LSTM\n  units: 4\n  {key}: {value}\n")
    assert found.code == "LS304"
    assert found.fix == f"write {suggestion}"


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "Yes", "OFF", '"true"', "1"])
def test_booleans_are_only_true_and_false(value):
    assert triples(f"- type: LSTM\n  units: 4\n  return_sequences: {value}\n") == [
        ("LS303", 6, 23)]


@pytest.mark.parametrize("value", ["true", "false", "True", "FALSE"])
def test_yaml12_booleans_accepted(value):
    assert triples(f"- type: LSTM\n  units: 4\n  return_sequences: {value}\n") == []


@pytest.mark.parametrize("key,value,code", [
    ("dropout", "1.0", "LS304"), ("dropout", "-0.01", "LS304"),
    ("recurrent_dropout", "1.5", "LS304"),
    ("dropout", '"0.2"', "LS303"),  # a number in quotes is text: the wrong type, not a range
])
def test_recurrent_rates_outside_zero_one(key, value, code):
    found = only(f"- type: SimpleRNN\n  units: 4\n  {key}: {value}\n")
    assert (found.code, found.span.line, found.span.column) == (code, 6, 5 + len(key) + 2)


def test_scientific_notation_is_a_number():
    # YAML 1.2: 1e-3 is a float (PyYAML's YAML 1.1 resolver would make it a string)
    assert triples("- type: LSTM\n  units: 4\n  dropout: 1e-3\n") == []


def test_all_layers_checked_in_one_pass():
    body = """\
    - type: LSTM
      units: 0
    - type: Dense
      unitz: 3
    - type: Foo
    - type: GRU
      units: 8
      return_sequences: maybe
    """
    assert triples(body) == [("LS304", 5, 12), ("LS305", 6, 5), ("LS301", 7, 5),
                             ("LS302", 8, 11), ("LS303", 11, 23)]


def test_schema_checked_after_a_shape_error():
    body = """\
    - type: LSTM
      units: 64
    - type: LSTM
      units: 32
    - type: Dense
      units: "1"
    """
    assert triples(body) == [("LS102", 6, 5), ("LS303", 9, 12)]


@pytest.mark.parametrize("extra,expected", [
    ("complie:\n  loss: mse\n", ("LS301", 6, 1)),
    ("compile: 3\n", ("LS303", 6, 10)),
])
def test_top_level_problems_do_not_hide_the_layers(extra, expected):
    text = "input:\n  shape: [30, 1]\nlayers:\n  - {type: LSTM, units: 4}\n" \
           "  - {type: LSTM, units: 4}\n" + extra
    assert triples(text, head="") == [("LS102", 5, 5), expected]


def test_valid_stack_has_no_diagnostics():
    body = """\
    - type: LSTM
      units: 64
      return_sequences: true
    - type: LSTM
      units: 32
    - type: Dense
      units: 1
    """
    assert triples(body) == []


def test_null_activation_is_linear():
    assert triples("- type: Dense\n  units: 2\n  activation: null\n") == []


def test_every_diagnostic_has_an_end_after_its_start():
    body = "- type: Lstm\n- type: Dense\n  units: x\n- units: 3\n"
    for d in diagnostics(body):
        assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column)
