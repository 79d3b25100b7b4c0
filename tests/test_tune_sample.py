"""The parts of a trial that need no TensorFlow: define-by-run sampling with `when`, and the
best config written where the study lives (its data path still pointing at the data)."""

from __future__ import annotations

import optuna
import pytest
from cli_support import ROOT

from lstmspec.lint import lint_file
from lstmspec.settings import data_access
from lstmspec.settings.files import settings_for
from lstmspec.source.yaml_source import load_file
from lstmspec.tune.results import movable
from lstmspec.overrides.space import plain_config, resolve
from lstmspec.tune.trial import sample
from lstmspec.source.yamlwrite import dump

pytestmark = pytest.mark.tf

EXAMPLE = ROOT / "examples" / "sunspots_tune.yaml"


def space():
    source = load_file(str(EXAMPLE))
    params, unknown = resolve(source.data, lint_file(str(EXAMPLE)).model.tune)
    assert unknown == []
    return source, params


def test_a_conditional_value_is_sampled_only_when_its_condition_holds():
    _, params = space()
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    kinds = set()
    for _ in range(24):
        trial = study.ask()
        values = sample(trial, params)
        kinds.add(values["layers.rnn.type"])
        assert ("layers.rnn.unit_forget_bias" in values) == (values["layers.rnn.type"] == "LSTM")
        assert values["layers.rnn.units"] % 8 == 0 and 8 <= values["layers.rnn.units"] <= 96
        study.tell(trial, 0.0)
    assert kinds == {"LSTM", "GRU"}


def test_the_best_config_lints_clean_from_the_study_directory(tmp_path):
    source, params = space()
    values = {"layers.rnn.type": "GRU", "layers.rnn.units": 16, "layers.drop.rate": 0.25,
              "compile.optimizer.learning_rate": 0.002}
    folder = tmp_path / "study"
    folder.mkdir()
    # a study outside the repository reads the repository's data only where the settings say
    # so (LS012 otherwise)
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.lstmspec]\ndata-roots = [{str(EXAMPLE.parent / 'data')!r}]\n")
    config = movable(plain_config(source.data, params, values), source.path, str(folder))
    (folder / "best.yaml").write_text(dump(config), encoding="utf-8")
    best = str(folder / "best.yaml")
    result = lint_file(best, access=data_access(best, settings_for(best)))
    assert result.diagnostics == []  # the data file is found (LS402 otherwise), no tune:
    assert result.model.tune is None
    assert result.model.layers[0]["type"] == "GRU"
    assert (folder / config["data"]["path"]).resolve() == \
        (EXAMPLE.parent / "data" / "sunspots.csv").resolve()
