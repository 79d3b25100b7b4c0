"""Fix chains converge (issue 20, item 5): for every code's failing example and a generated set
of broken configs, carrying out the fix texts as written (fix_texts.py), round after round,
reaches within 3 rounds a clean config whose head can fit its targets, or stops at errors
that leave the user a decision (no instruction to carry out). `lint --fix` gets there too.
Fast lane: no TensorFlow, no NumPy (the data is written by npz_files.py); the tf test at the
end trains a sample of the converged configs for one epoch and shows that they learn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from fix_chains import (
    CLASSES,
    MAX_ROUNDS,
    ROOT,
    broken_configs,
    config,
    head_fits,
    run_chain,
    write_data,
)
from fix_texts import instruction
from test_rules_docs import FIX_NOT_CARRIED_OUT

from lstmspec.codes import CODES
from lstmspec.fix import fix_text
from lstmspec.ruledocs import load

BROKEN = broken_configs()
# The broken configs whose chain stops at a decision, and the code that asks for it: whole
# numbers 0..2 on one bounded unit under a regression loss are classes or quantities.
DECISIONS = {f"cls-{a}1-{loss}": "LS430" for a in ("sigmoid", "tanh", "softmax")
             for loss in ("mse", "mae")}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    found = tmp_path_factory.mktemp("chains")
    write_data(found)
    return found


def doc_examples() -> list:
    return [code for code in sorted(CODES)
            if load(code).failing.command == "lint" and load(code).failing.encoding == "utf-8"]


@pytest.mark.parametrize("code", doc_examples())
def test_every_failing_example_converges(code, tmp_path):
    """The rule docs' examples name their data by the repository's paths: run from a copy
    of the text beside the repository's files."""
    chain = run_chain(load(code).failing.text, str(ROOT / "example.yaml"))
    assert chain.converged, (code, chain.fixes, [(d.code, d.fix) for d in chain.left])
    assert chain.rounds <= MAX_ROUNDS
    assert not [d for d in chain.left if instruction(d)]
    if code not in FIX_NOT_CARRIED_OUT:  # its fix text is an instruction: the code goes
        assert code not in {d.code for d in chain.left}, chain.fixes


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_config_converges_to_a_head_that_fits(name, folder):
    chain = run_chain(BROKEN[name], str(folder / "model.yaml"))
    assert chain.converged and chain.rounds <= MAX_ROUNDS, chain.fixes
    if name in DECISIONS:
        assert [d.code for d in chain.left] == [DECISIONS[name]]
        assert chain.left[0].fix.startswith("choose: ")
    else:
        assert chain.left == [], [(d.code, d.message) for d in chain.left]
        assert head_fits(chain.text), chain.text


def test_the_matrix_covers_every_kind_of_mistake():
    assert len(BROKEN) == 3 * 5 * 4 * 5 + 3 * 3
    assert set(DECISIONS) <= set(BROKEN)


@pytest.mark.parametrize("data, want", [("cls", [6, 3]), ("reg", [6, 3]), ("csv", [12, 1])])
def test_a_transposed_shape_gets_one_fix_that_swaps_the_axes(data, want, folder):
    steps, features = want
    text = config(data, "linear", 1, "mse", [features, steps]) if data != "cls" else \
        config(data, "softmax", CLASSES, "sparse_categorical_crossentropy", [features, steps])
    chain = run_chain(text, str(folder / "model.yaml"))
    assert chain.fixes == [[f"set input.shape: [{steps}, {features}]"]]
    assert chain.left == []


@pytest.mark.parametrize("name", ["cls-softmax3-mse", "cls-linear2-binary_crossentropy",
                                  "reg-softmax4-mse", "csv-sigmoid1-mse", "cls-batch-axis",
                                  "cls-tanh3-sparse_categorical_crossentropy",
                                  "reg-sigmoid3-sparse_categorical_crossentropy"])
def test_lint_fix_reaches_the_same_clean_config(name, folder):
    """--fix carries out the same texts (lstmspec/fix/instructions.py): the file lints clean."""
    path = folder / f"{name}.yaml"
    outcome = fix_text(BROKEN[name], str(path))
    assert [d.code for d in outcome.result.diagnostics] == []
    assert head_fits(outcome.text)


# -- they learn (TensorFlow) ----------------------------------------------------------------

SAMPLE = ["cls-softmax3-mse", "cls-relu2-binary_crossentropy", "reg-sigmoid1-mse",
          "reg-softmax3-sparse_categorical_crossentropy", "csv-relu1-mae", "cls-transposed"]


@pytest.mark.tf
@pytest.mark.parametrize("name", SAMPLE)
def test_a_converged_config_learns_in_one_epoch(name, folder):
    """Trained for one epoch on its training part, the converged config's loss falls."""
    from lstmspec.lint import lint_text
    from lstmspec.runner.build.model import build_model, compile_model
    from lstmspec.runner.data import load as load_data
    from lstmspec.runner.run import with_defaults
    from lstmspec.runner.tf import import_keras

    chain = run_chain(BROKEN[name], str(folder / "model.yaml"))
    assert chain.left == []
    result = lint_text(chain.text, str(folder / "model.yaml"))
    model = with_defaults(result.model)
    specs = [info.spec for info in result.inference.layers]
    dataset = load_data(model, specs, str(folder / "model.yaml"), result.inference.output[0])
    import_keras().utils.set_random_seed(0)
    keras_model = build_model(model, specs)
    compile_model(keras_model, model.compile, False)
    x, y = dataset.x["train"], dataset.y["train"]
    before = keras_model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    keras_model.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    after = keras_model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    assert after < before, (name, before, after, yaml.safe_load(chain.text)["layers"][-1])


def test_the_data_folder_is_written_without_numpy(folder):
    assert sorted(p.name for p in folder.iterdir()) == ["cls.npz", "reg.npz", "sunspots.csv"]
    assert shutil.which("python") is not None and Path(folder).is_dir()
