"""`lstmspec import`: Keras models -> configs, by round trip through real Keras models.

Each model is saved as .keras and as model.to_json(); both import to the same config, which
lints clean, whose static summary equals the original's shapes and parameter counts, and which
`build` turns back into the same model. Import itself never imports TensorFlow.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import zipfile

import pytest
from cli_support import ROOT, lstmspec

from lstmspec.importer.convert import INITIALIZERS, ImportProblem, import_model
from lstmspec.lint import lint_text
from lstmspec.runner.tf import import_keras as load_keras


@pytest.fixture(scope="module")
def keras():
    return load_keras()


def stack(keras, name):
    L = keras.layers
    models = {
        "recurrent": lambda: keras.Sequential([
            keras.Input((30, 1)),
            L.Bidirectional(L.LSTM(8, return_sequences=True), merge_mode="sum"),
            L.LSTM(4, dropout=0.1, name="encoder"),
            L.Dense(1, activation="sigmoid")], name="forecaster"),
        "conv": lambda: functional(keras, keras.Input((None, 8), batch_size=4), [
            L.Conv1D(6, 3, padding="causal", dilation_rate=2), L.MaxPooling1D(2),
            L.GRU(5, return_sequences=True, reset_after=False, recurrent_dropout=0.1),
            L.TimeDistributed(L.Dense(2)), L.LayerNormalization(center=False),
            L.GlobalAveragePooling1D()]),
        "tokens": lambda: keras.Sequential([
            keras.Input((20,), dtype="int32"), L.Embedding(100, 8, mask_zero=True),
            L.SimpleRNN(4, activation="relu"), L.Dropout(0.2), L.RepeatVector(3),
            L.LSTM(2, return_sequences=True, kernel_initializer="he_normal"), L.Flatten(),
            L.Dense(3, use_bias=False)]),
        "shapes": lambda: keras.Sequential([
            keras.Input((16, 4)), L.GaussianNoise(0.1), L.SpatialDropout1D(0.1),
            L.AveragePooling1D(2, strides=1), L.BatchNormalization(momentum=0.9),
            L.Permute((2, 1)), L.Reshape((15, 4)), L.Masking(0.5), L.GlobalMaxPooling1D(),
            L.Activation("softmax")]),
    }
    return models[name]()


def functional(keras, inputs, layers):
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x)


def keras_table(model):
    return [(tuple(layer.output.shape), layer.count_params()) for layer in model.layers
            if type(layer).__name__ != "InputLayer"]


@pytest.fixture(scope="module", params=["recurrent", "conv", "tokens", "shapes"])
def saved(request, keras, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    model = stack(keras, request.param)
    model.save(folder / "model.keras")
    (folder / "model.json").write_text(model.to_json())
    return keras_table(model), folder


@pytest.mark.tf
def test_keras_file_and_json_import_to_the_same_config(saved):
    _, folder = saved
    from_keras, from_json = import_model(str(folder / "model.keras")), \
        import_model(str(folder / "model.json"))
    body = [line for line in from_keras.text.splitlines() if not line.startswith("#")]
    assert body == [line for line in from_json.text.splitlines() if not line.startswith("#")]
    assert from_keras.text.startswith("# Imported by `lstmspec import` from model.keras (Keras 3.")


@pytest.mark.tf
def test_the_static_summary_equals_the_original(saved):
    table, folder = saved
    result = lint_text(import_model(str(folder / "model.keras")).text)
    assert result.ok
    assert [(i.result.output, i.result.params) for i in result.inference.layers] == table


@pytest.mark.tf
def test_build_recreates_the_model(saved, keras):
    from lstmspec.runner.build.model import build_model

    table, folder = saved
    result = lint_text(import_model(str(folder / "model.json")).text)
    rebuilt = build_model(result.model, [i.spec for i in result.inference.layers])
    assert keras_table(rebuilt) == table


@pytest.mark.tf
def test_the_config_leaves_keras_defaults_out(keras, tmp_path):
    path = tmp_path / "m.keras"
    stack(keras, "recurrent").save(path)
    assert import_model(str(path)).text.split("\n", 2)[2] == """\
version: 1
name: forecaster
input:
  shape: [30, 1]
layers:
  - type: Bidirectional
    merge_mode: sum
    layer:
      type: LSTM
      units: 8
      return_sequences: true
  - type: LSTM
    name: encoder
    units: 4
    dropout: 0.1
  - type: Dense
    units: 1
    activation: sigmoid
"""


@pytest.mark.tf
@pytest.mark.parametrize("build, words", [
    (lambda k: k.Sequential([k.Input((5, 2)), k.layers.ZeroPadding1D(1), k.layers.LSTM(2)]),
     "'zero_padding1d' (ZeroPadding1D) is not a layer type lstmspec supports"),
    (lambda k: k.Sequential([k.Input((5, 2)), k.layers.LSTM(2, kernel_regularizer="l2")]),
     # issue 9, item 11: the argument and the class, not a JSON dump cut off mid-key
     "(LSTM) sets kernel_regularizer to L2(l2=0.01), which lstmspec configs cannot "
     "express: leave kernel_regularizer unset in the Keras model"),
    (lambda k: k.Sequential([k.Input((5, 2)), k.layers.Dense(2, trainable=False)]),
     "is frozen"),
    (lambda k: shared_layer(k), "is called 2 times"),
])
def test_what_lstmspec_cannot_express_is_a_clear_error(keras, tmp_path, build, words):
    path = tmp_path / "m.keras"
    build(keras).save(path)
    with pytest.raises(ImportProblem, match=words.replace("(", r"\(").replace(")", r"\)")):
        import_model(str(path))


def shared_layer(keras):
    """One layer called twice (shared weights): an lstmspec layer is called once."""
    inputs = keras.Input((5, 2))
    dense = keras.layers.Dense(3)
    return keras.Model(inputs, keras.layers.Add()([dense(inputs), dense(inputs)]))


@pytest.mark.tf
def test_the_initializer_table_matches_keras(keras):
    """The table's defaults are exactly the constructor's (Identity's config is {} in Keras
    3.15 but its constructor takes gain=1.0, which a Keras 2 config writes), and whatever
    Keras writes in a config of a default initializer is among them."""
    for kind, (name, defaults) in INITIALIZERS.items():
        initializer = keras.initializers.get(name)
        assert type(initializer).__name__ == kind
        parameters = inspect.signature(type(initializer).__init__).parameters.values()
        assert {p.name: p.default for p in parameters
                if p.default not in (None, inspect.Parameter.empty)} == defaults, kind
        written = {k: v for k, v in initializer.get_config().items() if v is not None}
        assert written.items() <= defaults.items(), kind


KERAS2_JSON = {
    "class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow",
    "config": {"name": "legacy", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 7, 3],
                                                 "dtype": "float32", "name": "input_1"}},
        {"class_name": "GRU", "config": {"name": "gru", "units": 5, "activation": "tanh",
                                         "implementation": 2, "time_major": False,
                                         "return_sequences": False, "reset_after": True}},
    ]},
}


@pytest.mark.subprocess
def test_a_keras_2_json_imports_without_tensorflow(tmp_path):
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(KERAS2_JSON))
    script = ("import sys; from lstmspec.importer.convert import import_model; "
              f"t = import_model({str(path)!r}).text; "
              "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules; "
              "sys.stdout.write(t)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "(Keras 2.15.0)" in done.stdout and "name: legacy\n" in done.stdout
    assert done.stdout.endswith("layers:\n  - type: GRU\n    units: 5\n")


@pytest.mark.parametrize("content, words", [
    (b"\x89HDF\r\n\x1a\n", "legacy HDF5"),
    (b"not json", "is not JSON"),
    (b'{"layers": []}', "not a Keras model config"),
])
def test_files_that_are_not_models(capsys, tmp_path, content, words):
    path = tmp_path / "m.keras"
    path.write_bytes(content)
    ran = lstmspec(capsys, "import", str(path))
    assert ran.code == 1 and words in ran.err and ran.out == ""


def test_a_zip_without_config_json(capsys, tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("weights.h5", b"")
    ran = lstmspec(capsys, "import", str(path))
    assert ran.code == 1 and "no config.json" in ran.err


def test_output_file_and_force(capsys, tmp_path):
    source, target = tmp_path / "legacy.json", tmp_path / "out.yaml"
    source.write_text(json.dumps(KERAS2_JSON))
    assert lstmspec(capsys, "import", str(source), "-o", str(target)).code == 0
    assert lstmspec(capsys, "lint", str(target)).code == 0
    refused = lstmspec(capsys, "import", str(source), "-o", str(target))
    assert refused.code == 2 and "--force" in refused.err
    assert lstmspec(capsys, "import", str(source), "-o", str(target), "--force").code == 0
    assert lstmspec(capsys, "import", str(tmp_path / "missing.keras")).code == 2
