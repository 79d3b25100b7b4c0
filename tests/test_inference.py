"""What Keras cannot build (LS1xx) and the advice (LS2xx): pinned as (code, line, column).

Shapes and parameter counts against real Keras live in the differential suite; here the
static diagnostics: on which layer or key each lands, and what its fix points at.
"""

from __future__ import annotations

import textwrap

import pytest

from lstmspec.diagnostics import Severity
from lstmspec.lint import lint_text


def lint(text: str):
    return lint_text(textwrap.dedent(text))


def triples(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in lint(text).diagnostics]


SEED = """\
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 64
  - type: LSTM
    units: 32
  - type: Dense
    units: 1
"""


def test_seed_mistake_lands_on_the_second_lstm():
    assert triples(SEED) == [("LS102", 6, 5)]


def test_seed_mistake_fix_names_layer_0():
    (found,) = lint(SEED).diagnostics
    assert found.severity is Severity.ERROR
    assert found.yaml_path == ("layers", 1)
    assert "return_sequences: true" in found.fix and "layer 0" in found.fix
    assert "(None, 64)" in found.message  # the shape that layer 0 gives


def test_seed_fixed_is_clean():
    fixed = SEED.replace("units: 64\n", "units: 64\n    return_sequences: true\n")
    result = lint(fixed)
    assert result.diagnostics == [] and result.ok


def test_seed_through_bidirectional_names_the_wrapper():
    text = """\
    input:
      shape: [30, 1]
    layers:
      - type: Bidirectional
        layer: {type: GRU, units: 8}
      - type: LSTM
        units: 4
    """
    (found,) = lint(text).diagnostics
    assert (found.code, found.span.line, found.span.column) == ("LS102", 6, 5)
    assert "layer 0" in found.fix


def test_2d_input_to_lstm_fix_is_input_shape():
    text = """\
    input:
      shape: [30]
    layers:
      - type: LSTM
        units: 4
    """
    (found,) = lint(text).diagnostics
    assert (found.code, found.span.line, found.span.column) == ("LS102", 4, 5)
    assert "input.shape" in found.fix


CASES = {
    "return_state mid-stack (LS108)": ("""\
        input:
          shape: [10, 3]
        layers:
          - type: LSTM
            units: 4
            return_state: true
          - type: Dense
            units: 1
        """, [("LS108", 7, 5)]),
    "return_state on the last layer is fine": ("""\
        input:
          shape: [10, 3]
        layers:
          - type: LSTM
            units: 4
            return_state: true
        """, []),
    "duplicate user name (LS107)": ("""\
        input:
          shape: [10, 3]
        layers:
          - type: LSTM
            units: 4
            return_sequences: true
          - type: LSTM
            units: 4
            name: lstm
        """, [("LS107", 9, 11)]),
    "user name equal to a later auto name (LS107)": ("""\
        input:
          shape: [10, 3]
        layers:
          - type: Dense
            units: 4
            name: dense_1
          - type: Dense
            units: 4
          - type: Dense
            units: 4
        """, [("LS107", 9, 5)]),
    "Flatten of unknown length, then Dense (LS103)": ("""\
        input:
          shape: [null, 3]
        layers:
          - type: Flatten
          - type: Dense
            units: 1
        """, [("LS103", 5, 5)]),
    "Flatten of unknown length alone is legal": ("""\
        input:
          shape: [null, 3]
        layers:
          - type: Flatten
        """, []),
    "Conv1D kernel longer than the sequence (LS104)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Conv1D
            filters: 4
            kernel_size: 40
        """, [("LS104", 6, 18)]),
    "MaxPooling1D window longer than the sequence (LS104)": ("""\
        input:
          shape: [3, 2]
        layers:
          - type: MaxPooling1D
            pool_size: 5
        """, [("LS104", 5, 16)]),
    "Reshape to the wrong size (LS106)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Reshape
            target_shape: [7, 7]
        """, [("LS106", 5, 19)]),
    "Reshape with -1 that does not divide (LS106)": ("""\
        input:
          shape: [4, 6]
        layers:
          - type: Reshape
            target_shape: [5, -1]
        """, [("LS106", 5, 19)]),
    "stateful without batch_size (LS105)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: LSTM
            units: 2
            stateful: true
        """, [("LS105", 6, 15)]),
    "stateful with batch_size is fine": ("""\
        input:
          shape: [30, 1]
          batch_size: 8
        layers:
          - type: LSTM
            units: 2
            stateful: true
        """, []),
    "Bidirectional over go_backwards (LS105)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Bidirectional
            layer: {type: LSTM, units: 2, go_backwards: true}
        """, [("LS105", 5, 49)]),
    "Conv1D strides and dilation together (LS105)": ("""\
        input:
          shape: [30, 4]
        layers:
          - type: Conv1D
            filters: 2
            kernel_size: 3
            strides: 2
            dilation_rate: 2
        """, [("LS105", 8, 20)]),
    "RepeatVector on 3D input (LS101)": ("""\
        input:
          shape: [30, 4]
        layers:
          - type: RepeatVector
            n: 3
        """, [("LS101", 4, 5)]),
    "a broken layer stops propagation, no cascade": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Dense
            units: 4
          - type: GlobalAveragePooling1D
          - type: LSTM
            units: 2
          - type: LSTM
            units: 2
        """, [("LS102", 7, 5)]),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_build_error_positions(text, expected):
    assert triples(text) == expected


WARNINGS = {
    "Masking, then Conv1D drops the mask (LS201)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Masking
          - type: Conv1D
            filters: 2
            kernel_size: 3
        """, [("LS201", 5, 11)]),
    "mask_zero consumed by an LSTM: no warning": ("""\
        input:
          shape: [20]
          dtype: int32
        layers:
          - type: Embedding
            input_dim: 100
            output_dim: 8
            mask_zero: true
          - type: LSTM
            units: 4
          - type: Flatten
        """, []),
    "mask_zero through LSTM(return_sequences), then Flatten (LS201)": ("""\
        input:
          shape: [20]
          dtype: int32
        layers:
          - type: Embedding
            input_dim: 100
            output_dim: 8
            mask_zero: true
          - type: LSTM
            units: 4
            return_sequences: true
          - type: Flatten
        """, [("LS201", 12, 11)]),
    "recurrent_dropout rules out cuDNN (LS202)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: LSTM
            units: 4
            recurrent_dropout: 0.2
        """, [("LS202", 6, 5)]),
    "GRU reset_after false rules out cuDNN (LS202)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: GRU
            units: 4
            reset_after: false
        """, [("LS202", 6, 5)]),
    "cuDNN check inside Bidirectional (LS202)": ("""\
        input:
          shape: [30, 1]
        layers:
          - type: Bidirectional
            layer:
              type: LSTM
              units: 4
              activation: relu
        """, [("LS202", 8, 7)]),
    "Embedding fed floats (LS203)": ("""\
        input:
          shape: [20]
        layers:
          - type: Embedding
            input_dim: 100
            output_dim: 8
        """, [("LS203", 2, 3)]),
}


@pytest.mark.parametrize("text,expected", WARNINGS.values(), ids=WARNINGS.keys())
def test_warning_positions(text, expected):
    result = lint(text)
    assert triples(text) == expected
    assert all(d.severity is Severity.WARNING for d in result.diagnostics)
    assert result.ok  # warnings do not make a config invalid
