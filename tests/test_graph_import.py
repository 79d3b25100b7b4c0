"""`lstmspec import` of functional models: a plain chain with Masking (whose NotEqual/Any mask
op nodes Keras 3 records) imports as a stack; an encoder-decoder with states, attention,
MultiHeadAttention, a merge and two outputs imports as a graph whose static table equals the
Keras model's, layer by layer."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from cli_support import lstmspec  # noqa: E402

from lstmspec.lint import lint_text  # noqa: E402

pytestmark = pytest.mark.tf


def masked_chain():
    x = keras.Input((5, 3))
    y = keras.layers.Dense(1)(keras.layers.LSTM(4)(keras.layers.Masking()(x)))
    return keras.Model(x, y)


def encoder_decoder():
    past, future = keras.Input((6, 2), name="past"), keras.Input((3, 1), name="fut")
    seq, h, c = keras.layers.LSTM(4, return_state=True, return_sequences=True, name="enc")(past)
    dec = keras.layers.LSTM(4, return_sequences=True, name="dec")(future, initial_state=[h, c])
    att = keras.layers.Attention(name="att")([dec, seq])
    mha = keras.layers.MultiHeadAttention(2, 2, name="mha")(dec, seq)
    total = keras.layers.Add(name="s")([att, mha])
    return keras.Model([past, future], [total, h])


def imported(capsys, tmp_path, model) -> str:
    keras.backend.clear_session(free_memory=False)
    model.save(tmp_path / "m.keras")
    ran = lstmspec(capsys, "import", str(tmp_path / "m.keras"))
    assert ran.code == 0, ran.err
    return ran.out


def test_a_chain_with_masking_imports_as_a_stack(capsys, tmp_path):
    text = imported(capsys, tmp_path, masked_chain())
    config = yaml.safe_load(text)
    assert config["input"] == {"shape": [5, 3]}
    assert [layer["type"] for layer in config["layers"]] == ["Masking", "LSTM", "Dense"]
    assert not any("from" in layer for layer in config["layers"])
    assert lint_text(text).ok


def test_a_functional_graph_imports_with_its_references_and_its_table(capsys, tmp_path):
    model = encoder_decoder()
    text = imported(capsys, tmp_path, model)
    config = yaml.safe_load(text)
    assert list(config["inputs"]) == ["past", "fut"]
    layers = {layer["name"]: layer for layer in config["layers"]}
    assert layers["dec"]["initial_state"] == ["enc.1", "enc.2"]
    assert layers["att"]["from"] == ["dec", "enc.0"]
    assert config["outputs"] == ["s", "enc.1"]
    result = lint_text(text)
    assert result.ok, [d.message for d in result.diagnostics]
    table = {i.name: ([tuple(s) for s in i.result.outputs], i.result.params)
             for i in result.inference.layers}
    for layer in model.layers[2:]:
        shapes = [tuple(t.shape) for t in keras.tree.flatten(layer.output)]
        assert table[layer.name] == (shapes, layer.count_params()), layer.name
