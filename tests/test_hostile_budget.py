"""The resource budget (LS501-LS503): models too big to train or slow to build are caught by lint,
before anything is allocated, in well under a second."""

from __future__ import annotations

import pytest
from hostile_support import assert_sound, lint, run_cli, write

from lstmspec.inference.budget import (
    DEFAULT_BUDGET, Budget, estimate, optimizer_state, parse_size, with_overrides,
)
from lstmspec.lint import lint_text

HEAD = "input: {shape: [10, 64]}\nlayers:\n"


def config(*layers: str, extra: str = "") -> str:
    return HEAD + "".join(f"  - {layer}\n" for layer in layers) + extra


def triples(text: str, budget: Budget = DEFAULT_BUDGET) -> list[tuple]:
    result = lint_text(text, budget=budget)
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


def test_small_model_is_within_budget():
    text = config("{type: LSTM, units: 64}", "{type: Dense, units: 1}")
    assert triples(text) == []
    result = lint_text(text)
    est = estimate(result.inference, result.model)
    params = 4 * 64 * (64 + 64 + 1) + 65
    assert est.params == params
    assert est.weight_bytes == 4 * params
    assert est.optimizer_bytes == 2 * 4 * params  # Adam: m and v, so weights + state = 3x
    assert est.batch_size == 32 and est.batch_assumed
    # input 10x64, LSTM output 64 plus 10 steps x 4 gates x 64 units, Dense output 1
    assert est.activation_bytes == 32 * 4 * (640 + 64 + 10 * 4 * 64 + 1)
    assert est.total_bytes == 2 * est.weight_bytes + est.optimizer_bytes + est.activation_bytes


def test_too_many_parameters_points_at_the_biggest_layer():
    text = config("{type: LSTM, units: 8, return_sequences: true}", "{type: LSTM, units: 4000}")
    assert ("LS501", 4, 5) in triples(text)


def test_too_much_memory_from_activations():
    text = ("input: {shape: [100000, 1000], batch_size: 64}\nlayers:\n"
            "  - {type: Dense, units: 512}\n")
    assert triples(text) == [("LS502", 3, 5)]


def test_dense_of_a_million_units_is_refused_before_anything_is_allocated():
    text = config("{type: Flatten}", "{type: Dense, units: 1000000}")
    assert triples(text) == [("LS501", 4, 5), ("LS502", 4, 5)]


def test_orthogonal_on_large_units_is_slow_to_build():
    assert triples(config("{type: LSTM, units: 1024}")) == []
    # the default recurrent_initializer is orthogonal: the warning points at units
    assert triples(config("{type: LSTM, units: 2048}")) == [("LS503", 3, 25)]
    named = config("{type: GRU, units: 2500, recurrent_initializer: orthogonal}")
    assert triples(named) == [("LS503", 3, 53)]
    assert triples(config("{type: GRU, units: 2500, recurrent_initializer: glorot_uniform}")) \
        == []
    wrapped = config("type: Bidirectional\n    layer: {type: LSTM, units: 2048, "
                     "recurrent_initializer: orthogonal}")
    assert triples(wrapped) == [("LS503", 4, 61)]


def test_optimizer_state_follows_the_compile_section():
    result = lint_text(config("{type: Dense, units: 4}",
                              extra="compile: {optimizer: sgd, loss: mse}\n"))
    assert optimizer_state(result.model) == ("SGD", 0)
    assert optimizer_state(None) == ("Adam", 2)


def test_limits_are_configurable():
    text = config("{type: LSTM, units: 64}")
    assert triples(text, Budget(max_params=1000)) == [("LS501", 3, 5)]
    assert triples(text, Budget(max_memory=1024)) == [("LS502", 3, 5)]
    assert with_overrides(DEFAULT_BUDGET, max_params=7).max_params == 7
    assert with_overrides(DEFAULT_BUDGET) is DEFAULT_BUDGET


@pytest.mark.parametrize("text,size", [("2GB", 2 * 1024**3), ("512 MiB", 512 * 1024**2),
                                       ("1.5g", int(1.5 * 1024**3)), ("100", 100)])
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["0", "x", "1e9", "-5GB", "9" * 40])
def test_parse_size_refuses(text):
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.subprocess
def test_cli_options_and_summary_line(tmp_path):
    path = write(tmp_path, "big.yaml", "input: {shape: [10, 2]}\nlayers:\n"
                 "  - {type: LSTM, units: 4000, recurrent_initializer: glorot_uniform}\n")
    run = lint(path)
    assert (run.returncode, run.triples) == (1, [("LS501", 3, 5)])
    run = lint(path, "--max-params", "100000000")
    assert (run.returncode, run.triples) == (0, [])
    run = lint(path, "--max-params", "100000000", "--max-memory", "100MB")
    assert (run.returncode, run.triples) == (1, [("LS502", 3, 5)])
    run = run_cli("lint", "--max-memory", "lots", path)
    assert_sound(run)
    assert run.returncode == 2 and "'lots' is not a size" in run.stderr
    run = run_cli("summary", "--max-params", "100000000", path)
    assert_sound(run)
    assert run.returncode == 0
    assert "Estimated training memory: " in run.stdout


def test_the_batch_of_the_train_section_is_used():
    result = lint_text(config("{type: Dense, units: 4}", extra="train: {batch_size: 8}\n"))
    est = estimate(result.inference, result.model)
    assert (est.batch_size, est.batch_assumed) == (8, False)
