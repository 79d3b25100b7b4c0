"""`lstmspec build`: every example that lints clean builds in Keras with exactly the shapes and
parameter counts of the static table; --output saves a model that loads in safe mode; a
disagreement is reported with both sides (exit 3)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cli_support import check_golden, lstmspec

from lstmspec.diagnostics import has_errors
from lstmspec.lint import lint_file
from lstmspec.ruledocs import load

# Keras's own saving code on NumPy 2 (keras/src/backend/tensorflow/core.py convert_to_numpy)
pytestmark = pytest.mark.tf

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUILDABLE = [p for p in sorted(EXAMPLES.rglob("*.yaml"))
             if not has_errors(lint_file(str(p)).diagnostics)]


def test_every_runner_example_is_buildable():
    names = {p.name for p in BUILDABLE}
    assert {"sunspots_forecaster.yaml", "sequence_classifier.yaml",
            "encoder_decoder_run.yaml"} <= names


@pytest.mark.parametrize("path", BUILDABLE, ids=[p.stem for p in BUILDABLE])
def test_build_parity(path):
    from lstmspec.runner.build.crosscheck import compare
    from lstmspec.runner.build.model import build_model

    result = lint_file(str(path))
    model = build_model(result.model, [info.spec for info in result.inference.layers])
    assert [p.message() for p in compare(model, result.inference)] == []


def test_build_saves_a_model_that_loads_in_safe_mode(capsys, tmp_path):
    from lstmspec.runner.tf import import_keras

    target = tmp_path / "model.keras"
    ran = lstmspec(capsys, "build", str(EXAMPLES / "encoder_decoder_run.yaml"), "-o",
                   str(target))
    assert ran.code == 0, ran.err
    assert "Total params" in ran.out and "agree with the static table" in ran.out
    model = import_keras().saving.load_model(str(target), safe_mode=True)
    assert model.count_params() == lint_file(
        str(EXAMPLES / "encoder_decoder_run.yaml")).inference.totals()[0]
    assert [p.name for p in tmp_path.iterdir()] == ["model.keras"]  # no temporary file left


def test_build_refuses_a_config_with_errors(capsys):
    ran = lstmspec(capsys, "build", str(EXAMPLES / "broken" / "stacked_lstm.yaml"))
    assert ran.code == 1 and "LS102" in ran.err and ran.out == ""


@pytest.fixture
def wrong_table(monkeypatch):
    """The static table claims 7 more parameters on layer 0 than Keras builds: a disagreement
    that no config can cause, forced here so that the report is tested for real."""
    from lstmspec.runner.build import crosscheck

    real = crosscheck.compare

    def wrong(model, inference):
        first = inference.layers[0]
        fake = first._replace(result=first.result._replace(
            trainable=first.result.trainable + 7))
        return real(model, dataclasses.replace(inference, layers=[fake] + inference.layers[1:]))

    monkeypatch.setattr(crosscheck, "compare", wrong)


DISAGREES = (":1:1: LS423 [error] the built model disagrees with the static table (a bug in "
             "lstmspec or a Keras change; please report it): layer 0 'lstm': params is 4,359 "
             "in the static table but 4,352 in Keras; layer 0 'lstm': trainable params is "
             "4,359 in the static table but 4,352 in Keras\n")


def test_build_reports_a_disagreement_with_both_sides_in_one_coded_line(capsys, wrong_table,
                                                                         tmp_path):
    config = tmp_path / "example.yaml"
    config.write_text(load("LS423").failing.text, encoding="utf-8")
    ran = lstmspec(capsys, "build", "example.yaml", cwd=tmp_path)
    assert ran.code == 3
    assert ran.err == "example.yaml" + DISAGREES
    check_golden("crosscheck_disagrees.txt", f"$ lstmspec build example.yaml\n{ran.err}")


def test_run_reports_a_disagreement_in_the_same_line_before_training(capsys, wrong_table,
                                                                      tmp_path):
    config = tmp_path / "example.yaml"
    config.write_text(load("LS423").failing.text + "compile: {loss: mse}\n"
                      "data: {kind: synthetic, samples: 64}\n", encoding="utf-8")
    ran = lstmspec(capsys, "run", "example.yaml", "-q", "-o", "out", cwd=tmp_path)
    assert ran.code == 3
    assert ran.err.splitlines()[-1] + "\n" == "example.yaml" + DISAGREES
    assert not (tmp_path / "out" / "model.keras").exists()


LEFT_OUT = EXAMPLES / "graphs" / "left_out_branch.yaml"


def test_build_holds_the_layers_lint_holds_and_no_others(capsys):
    from lstmspec.runner.build.model import build_model

    result = lint_file(str(LEFT_OUT))
    model = build_model(result.model, [info.spec for info in result.inference.layers])
    assert {layer.name for layer in model.layers} - {"past", "future"} == {
        "enc", "keys", "dec", "att"}
    assert model.count_params() == result.inference.totals()[0] == 914
    ran = lstmspec(capsys, "build", str(LEFT_OUT))
    assert ran.code == 0, ran.err
    check_golden("build_left_out.txt", "$ lstmspec build examples/graphs/left_out_branch.yaml\n"
                 f"...\n{ran.out.splitlines()[-1]}\n")


def test_a_table_holding_a_layer_keras_leaves_out_is_a_disagreement(capsys, monkeypatch):
    from lstmspec.runner.build import crosscheck

    real = crosscheck.compare

    def wrong(model, inference):  # the static table claims 'probe' is in the model
        layers = [info._replace(in_model=True) if info.name == "probe" else info
                  for info in inference.layers]
        return real(model, dataclasses.replace(inference, layers=layers))

    monkeypatch.setattr(crosscheck, "compare", wrong)
    ran = lstmspec(capsys, "build", str(LEFT_OUT))
    assert ran.code == 3
    assert ran.err.endswith(": layer 4 'probe': in the model is yes in the static table but no "
                            "in Keras\n")


def test_mixed_precision_survives_the_fresh_session():
    # build_model clears Keras's session for fresh layer names; that must not reset the
    # dtype policy that train.mixed_precision set before it.
    from lstmspec.runner.build.model import build_model, set_precision

    result = lint_file(str(EXAMPLES / "stacked_lstm_fixed.yaml"))
    set_precision(True)
    try:
        model = build_model(result.model, [info.spec for info in result.inference.layers])
        assert {layer.dtype_policy.name for layer in model.layers[1:]} == {"mixed_float16"}
    finally:
        set_precision(False)


def test_the_installed_keras_is_the_one_the_distribute_mend_was_verified_on():
    from lstmspec.runner.distribute import keras_patch
    from lstmspec.runner.tf import import_keras

    keras_patch.check(import_keras().__version__,
                      keras_patch.fingerprint(keras_patch.trainer_module()))
