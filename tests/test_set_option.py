"""`--set PATH=VALUE` on lint and summary: values replaced by path (layers by name) before lint,
bad paths located with a did-you-mean (LS480), findings on a replaced value attributed."""

from __future__ import annotations

import json

import pytest
from cli_support import lstmspec

CONFIG = """\
input:
  shape: [12, 1]
layers:
  - name: rnn
    type: LSTM
    units: 8
  - type: Dense
    units: 1
compile:
  optimizer: adam
  loss: mse
data:
  kind: synthetic
"""


@pytest.fixture()
def config(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return str(path)


def triples(ran) -> set:
    return {(d["code"], d["line"], d["column"]) for d in json.loads(ran.out)}


def test_set_changes_the_static_table(capsys, config):
    ran = lstmspec(capsys, "summary", config, "--format", "json", "--set", "layers.rnn.units=3",
                   "--set", "input.shape=[5, 2]")
    assert ran.code == 0, ran.err
    table = json.loads(ran.out)
    assert table["input_shape"] == [None, 5, 2]
    # LSTM(3) on 2 features: 4 * 3 * (2 + 3 + 1) = 72; Dense(1) on 3: 4
    assert [row["params"] for row in table["layers"]] == [72, 4]


def test_automatic_names_and_shorthand_optimizer(capsys, config):
    ran = lstmspec(capsys, "lint", config, "--format", "json", "--set", "layers.dense.units=1",
                   "--set", "compile.optimizer.learning_rate=0.01")
    assert (ran.code, triples(ran)) == (0, set())


@pytest.mark.parametrize("setting, expected", [
    ("layers.rnn.unit=4", ("LS480", 4, 5)),          # a key the layer does not have
    ("layers.rnm.units=4", ("LS480", 4, 3)),         # no such layer: at the list of layers
    ("layers.0.units=4", ("LS480", 4, 3)),           # layers by name, not index
    ("compile.optimiser=sgd", ("LS480", 10, 3)),     # a key the section does not have
    ("layers.rnn.units=abc", ("LS303", 6, 12)),      # the value lands and is checked there
    ("layers.rnn.dropout=1.5", ("LS304", 4, 5)),     # a key the file leaves out, then checked
])
def test_bad_settings_are_located(capsys, config, setting, expected):
    ran = lstmspec(capsys, "lint", config, "--format", "json", "--set", setting)
    assert ran.code == 1
    assert triples(ran) == {expected}


def test_did_you_mean_and_attribution(capsys, config):
    ran = lstmspec(capsys, "lint", config, "--format", "json", "--set", "layers.rnn.unit=4",
                   "--set", "layers.rnn.activation=3")
    messages = {d["code"]: d["message"] for d in json.loads(ran.out)}
    assert "did you mean units?" in messages["LS480"]
    assert messages["LS304"].endswith("(value from --set layers.rnn.activation=3)")


@pytest.mark.parametrize("setting", ["layers.rnn.units", "=4", "layers.rnn.units=[1"])
def test_a_malformed_setting_is_a_usage_error(capsys, config, setting):
    ran = lstmspec(capsys, "lint", config, "--set", setting)
    assert ran.code == 2
    assert "--set" in ran.err


def test_set_refuses_fix(capsys, config):
    ran = lstmspec(capsys, "lint", config, "--fix", "--set", "layers.rnn.units=4")
    assert ran.code == 2


def test_an_optimizer_argument_on_the_default_optimizer(capsys, tmp_path):
    """A config that leaves `optimizer:` out trains with Keras's default, adam: setting one of
    its arguments starts from it (issue 27, item 2), not from a nameless optimizer (LS305)."""
    path = tmp_path / "model.yaml"
    path.write_text(CONFIG.replace("  optimizer: adam\n", ""), encoding="utf-8")
    ran = lstmspec(capsys, "lint", str(path), "--format", "json",
                   "--set", "compile.optimizer.learning_rate=0.01")
    assert (ran.code, triples(ran)) == (0, set())
    wrong = lstmspec(capsys, "lint", str(path), "--format", "json",
                     "--set", "compile.optimizer.momentum=0.9")  # adam has no momentum
    assert (wrong.code, triples(wrong)) == (1, {("LS304", 10, 3)})  # in `compile:`


def test_a_layer_keeps_the_name_the_file_gave_it(capsys, config):
    """`--set layers.X.type=...` changes Keras's automatic name (lstm -> gru); a later --set
    still addresses the layer by the name it had in the file."""
    path = config.replace("model.yaml", "auto.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(CONFIG.replace("  - name: rnn\n    type: LSTM\n", "  - type: LSTM\n"))
    ran = lstmspec(capsys, "summary", path, "--format", "json", "--set", "layers.lstm.type=GRU",
                   "--set", "layers.lstm.units=3", "--set", "layers.dense.units=2")
    assert ran.code == 0, ran.err
    table = json.loads(ran.out)
    assert [(row["type"], row["output_shape"]) for row in table["layers"]] == [
        ("GRU", [None, 3]), ("Dense", [None, 2])]
