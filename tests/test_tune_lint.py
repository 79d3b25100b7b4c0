"""lint of a `tune:` space: paths, bounds, objective, conditions, and the corners that Keras
cannot build or that break the budget, reduced to the values that cause them; no TensorFlow,
no Optuna on the way."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_support import ROOT

from lstmspec.lint import lint_text

BASE = """\
input:
  shape: [12, 1]
layers:
  - name: rnn
    type: LSTM
    units: 8
    unit_forget_bias: true
  - name: head
    type: Dense
    units: 1
compile:
  loss: mse
data:
  kind: synthetic
tune:
  space:
"""


def diagnostics(space: str, extra: str = ""):
    return lint_text(BASE + space + extra, "tune.yaml").diagnostics


def test_type_search_reports_the_argument_the_other_type_lacks():
    found = diagnostics("    layers.rnn.type: {type: categorical, choices: [LSTM, GRU]}\n"
                        "    layers.head.units: {type: int, low: 1, high: 4}\n")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS483", 17, 5)]
    # reduced to the value that causes it: the head's width plays no part
    assert "tune.space: layers.rnn.type=GRU gives" in found[0].message
    assert "layers.head.units" not in found[0].message


def test_a_budget_corner_names_only_the_values_that_break_it():
    found = diagnostics("    layers.rnn.units: {type: int, low: 4, high: 256}\n"
                        "    layers.head.activation: {type: categorical, choices: [linear, relu]}\n",
                        "  budget: {max_params: 5000}\n")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS483", 17, 5)]
    assert "layers.rnn.units=256 gives" in found[0].message
    assert "activation" not in found[0].message


def test_a_condition_keeps_the_invalid_corner_out():
    clean = BASE.replace("    unit_forget_bias: true\n", "") + (
        "    layers.rnn.type: {type: categorical, choices: [LSTM, GRU]}\n"
        "    layers.rnn.unit_forget_bias:\n"
        "      {type: categorical, choices: [true, false], when: {layers.rnn.type: LSTM}}\n")
    assert lint_text(clean, "tune.yaml").diagnostics == []
    unconditional = clean.replace(", when: {layers.rnn.type: LSTM}", "")
    found = lint_text(unconditional, "tune.yaml").diagnostics
    assert {(d.code, d.span.line) for d in found} == {("LS483", 16)}


def test_a_condition_on_a_value_the_choices_lack():
    found = diagnostics("    layers.rnn.type: {type: categorical, choices: [LSTM, GRU]}\n"
                        "    layers.rnn.units:\n"
                        "      {type: int, low: 4, high: 8, when: {layers.rnn.type: SimpleRNN}}\n")
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS484", 19, 60)]


def test_a_wide_space_walks_a_bounded_number_of_corners():
    space = "".join(f"    layers.rnn.{key}: {{type: float, low: 0.0, high: 0.5}}\n"
                    for key in ("dropout", "recurrent_dropout"))
    space += "".join(f"    layers.{name}.{key}: {{type: categorical, choices: [{values}]}}\n"
                     for name, key, values in (
                         ("rnn", "activation", "tanh, relu, sigmoid, elu"),
                         ("rnn", "recurrent_activation", "sigmoid, hard_sigmoid, tanh"),
                         ("rnn", "use_bias", "true, false"), ("rnn", "go_backwards", "true, false"),
                         ("head", "activation", "linear, relu, tanh"),
                         ("head", "use_bias", "true, false")))
    assert diagnostics(space) == []  # 4 * 3 * 2**6 * 3 combinations: each extreme alone


@pytest.mark.subprocess
def test_lint_of_a_tune_config_imports_no_tensorflow_no_optuna():
    code = ("import sys; from lstmspec.lint import lint_file; "
            "r = lint_file('examples/sunspots_tune.yaml'); "
            "assert [d.code for d in r.diagnostics] == ['LS483'], r.diagnostics; "
            "heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'optuna', 'optuna_integration', 'numpy')]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_a_space_over_the_default_optimizer_lints_clean():
    """`compile.optimizer.learning_rate` on a config without `optimizer:` (Keras's adam): every
    corner is a named optimizer (issue 27, item 2), so nothing is refused or pruned."""
    assert diagnostics("    compile.optimizer.learning_rate:\n"
                       "      {type: float, low: 1.0e-4, high: 1.0e-2, log: true}\n") == []


def test_no_corner_linting_clean_is_an_error():
    found = diagnostics("    layers.rnn.units: {type: int, low: 40, high: 64}\n",
                        "  budget: {max_params: 100}\n")
    assert [(d.code, d.severity.value, d.span.line, d.span.column) for d in found] == [
        ("LS485", "error", 16, 3), ("LS483", "warning", 17, 5), ("LS483", "warning", 17, 5)]
