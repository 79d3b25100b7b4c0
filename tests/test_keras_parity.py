"""Differential tests: lstmspec's static inference against what Keras 3 builds from the same stack.

For every example and every generated stack (tests/stackgen.py): lint has no error exactly when
Keras builds the model; when Keras breaks, lint's first error is on the layer that broke; when
it builds, every layer's name, output shape(s) and parameter counts, the totals, and the
mask-destroyed warnings (LS201) equal Keras's. Keras is imported here only.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from math import prod
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import pytest  # noqa: E402
from pydantic_core import PydanticUndefined  # noqa: E402

import stackgen  # noqa: E402
from lstmspec.lint import lint_file, lint_text  # noqa: E402
from lstmspec.runner.build.model import build_model, make_layer  # noqa: E402
from lstmspec.spec.base import GRAPH_FIELDS  # noqa: E402
from lstmspec.spec.layers import LAYER_TYPES, layer_class  # noqa: E402
from lstmspec.validation.config import validate  # noqa: E402

pytestmark = pytest.mark.tf

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MASK_WARNING = re.compile(r"Layer '([^']+)' \(of type \w+\) was passed an input with a mask")
DUPLICATE_NAME = re.compile(r'The name "([^"]+)" is used \d+ times in the model')

# Configs that the contract makes errors although Keras builds them: values Keras clamps,
# ignores or misreads silently. The contract's verdict is asserted instead: Keras builds them,
# and lint's errors are schema errors (LS3xx), the first on the layer at fault (None: the
# input). Keys are test ids; the reason is why the contract refuses what Keras accepts.
SEQ = {"shape": [8, 3]}
CONTRACT_STRICTER = {
    "example-broken/return_sequences_yes": (0, "Keras takes any non-empty text as true"),
    "lstm-dropout-above-1": (0, "Keras clamps dropout to [0, 1]"),
    "gru-recurrent-dropout-negative": (1, "Keras clamps recurrent_dropout to [0, 1]"),
    "dropout-rate-1": (0, "rate 1 drops everything: the contract's rates are in [0, 1)"),
    "dense-units-true": (0, "Keras reads units: true as 1"),
    "bidirectional-merge-null": (0, "merge_mode null returns two tensors, not one"),
    "time-distributed-wrapper": (0, "the contract's TimeDistributed wraps non-wrappers only"),
    "dense-activation-glu": (0, "glu halves the last axis, which Keras's static shape omits"),
    "batchnorm-momentum-above-1": (0, "Keras does not check momentum"),
    "layernorm-epsilon-zero": (0, "Keras does not check epsilon; 0 can divide by zero"),
    "input-zero-length": (None, "Keras accepts a 0 axis; nothing can be learnt from it"),
}
CONTRACT_CASES = [
    ("lstm-dropout-above-1", {"input": SEQ, "layers": [{"type": "LSTM", "units": 2,
                                                        "dropout": 1.5}]}),
    ("gru-recurrent-dropout-negative", {"input": SEQ, "layers": [
        {"type": "Dense", "units": 2}, {"type": "GRU", "units": 2, "recurrent_dropout": -0.1}]}),
    ("dropout-rate-1", {"input": SEQ, "layers": [{"type": "Dropout", "rate": 1.0}]}),
    ("dense-units-true", {"input": SEQ, "layers": [{"type": "Dense", "units": True}]}),
    ("bidirectional-merge-null", {"input": SEQ, "layers": [
        {"type": "Bidirectional", "merge_mode": None, "layer": {"type": "LSTM", "units": 2}}]}),
    ("time-distributed-wrapper", {"input": {"shape": [5, 4, 3]}, "layers": [
        {"type": "TimeDistributed", "layer": {"type": "Bidirectional",
                                              "layer": {"type": "LSTM", "units": 2}}}]}),
    ("dense-activation-glu", {"input": SEQ, "layers": [{"type": "Dense", "units": 4,
                                                        "activation": "glu"}]}),
    ("batchnorm-momentum-above-1", {"input": SEQ, "layers": [
        {"type": "BatchNormalization", "momentum": 1.5}]}),
    ("layernorm-epsilon-zero", {"input": SEQ, "layers": [
        {"type": "LayerNormalization", "epsilon": 0.0}]}),
    ("input-zero-length", {"input": {"shape": [0, 3]}, "layers": [{"type": "LSTM", "units": 2}]}),
]

# The errors about whether Keras can build the stack: reading (LS0), building (LS1), the schema
# (LS3). Runner-section (LS4) and budget (LS5) findings judge other things.
BUILD_CODES = ("LS0", "LS1", "LS3")
STACKS = stackgen.stacks()
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml")
                       if p.relative_to(EXAMPLES).parts[0] not in ("data", "graphs"))


@dataclass
class Built:
    """What Keras made of a stack: the model, or the layer indexes where it broke."""

    model: object = None
    broke_at: set = field(default_factory=set)
    error: str = ""
    at_model: bool = False  # keras.Model() refused the layers (a duplicate name)
    mask_warnings: set = field(default_factory=set)  # indexes of the layers Keras warned about


def raw_layer(data: dict):
    """A Keras layer straight from a config mapping (for stacks the schema refuses)."""
    name = data.get("type")
    cls = getattr(keras.layers, name, None) if isinstance(name, str) else None
    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        raise LookupError(f"keras.layers has no layer type {name!r}")
    kwargs = {k: v for k, v in data.items() if k != "type"}
    if isinstance(kwargs.get("layer"), dict):
        kwargs["layer"] = raw_layer(kwargs["layer"])
    return cls(**kwargs)


def keras_input(config: dict):
    given = config["input"]
    return keras.Input(shape=tuple(given["shape"]), batch_size=given.get("batch_size"),
                       dtype=given.get("dtype", "float32"))


def fresh_session() -> None:
    """keras.backend.clear_session (fresh auto-names) without its full garbage collection,
    which costs ~0.3 s a call once TensorFlow is loaded."""
    keras.backend.clear_session(free_memory=False)


def step_by_step(config: dict, make) -> Built:
    """Build layer by layer to find where Keras breaks: the layer whose constructor or call
    raised, or for a Model() failure (a duplicate name) the layers that hold the name.
    None stands for the input: keras.Input refused it."""
    fresh_session()
    try:
        inputs = x = keras_input(config)
    except Exception as exc:  # noqa: BLE001 - any refusal is a verdict
        return Built(broke_at={None}, error=f"{type(exc).__name__}: {exc}")
    made = []
    for index in range(len(config["layers"])):
        try:
            made.append(make(index))
            x = made[-1](x)
        except Exception as exc:  # noqa: BLE001 - any refusal is a verdict
            return Built(broke_at={index}, error=f"{type(exc).__name__}: {exc}")
    try:
        return Built(model=keras.Model(inputs, x))
    except ValueError as exc:
        found = DUPLICATE_NAME.search(str(exc))
        named = {i for i, layer in enumerate(made) if found and layer.name == found.group(1)}
        return Built(broke_at=named or {-1}, error=str(exc), at_model=True)


def keras_build(config: dict) -> Built:
    """Keras's verdict: through the runner's build_model when the schema accepted the stack."""
    checked = validate(config)
    specs = checked.layers
    # with schema findings, `specs` holds layers as their fixes would leave them (validation/provisional.py):
    # Keras must judge what the user wrote
    valid = checked.model is not None and specs and None not in specs and not checked.findings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if valid:
            try:
                fresh_session()
                built = Built(model=build_model(checked.model, specs, fresh_names=False))
            except Exception:  # noqa: BLE001 - located below
                built = step_by_step(config, lambda i: make_layer(specs[i]))
        else:
            built = step_by_step(config, lambda i: raw_layer(config["layers"][i]))
    if built.model is not None:
        names = [layer.name for layer in built.model.layers[1:]]
        for warning in caught:
            found = MASK_WARNING.search(str(warning.message))
            if found:
                built.mask_warnings.add(names.index(found.group(1)))
    return built


def weights_size(weights) -> int:
    return sum(prod(w.shape) for w in weights)


def assert_same_table(result, model) -> None:
    infos, layers = result.inference.layers, model.layers[1:]
    assert [i.name for i in infos] == [layer.name for layer in layers]
    for info, layer in zip(infos, layers):
        shapes = [tuple(t.shape) for t in keras.tree.flatten(layer.output)]
        assert [tuple(s) for s in info.result.outputs] == shapes, f"output of {info.name}"
        assert info.result.params == layer.count_params(), f"params of {info.name}"
        assert info.result.trainable == weights_size(layer.trainable_weights), info.name
        assert info.result.non_trainable == weights_size(layer.non_trainable_weights), info.name
    assert sum(i.result.params for i in infos) == model.count_params()
    assert sum(i.result.trainable for i in infos) == weights_size(model.trainable_weights)
    assert sum(i.result.non_trainable for i in infos) == weights_size(model.non_trainable_weights)


def layer_index(diagnostic) -> int | None:
    path = diagnostic.yaml_path
    return path[1] if len(path) > 1 and path[0] == "layers" else None


def wrapped_layer_refuses(model, index: int | None) -> bool:
    """Whether layer `index` is a TimeDistributed whose wrapped layer, called on its own on what
    TimeDistributed hands it, refuses that input. Keras's TimeDistributed never checks the
    wrapped layer's input rank (it calls layer.build and compute_output_shape, not
    layer.__call__; keras/src/layers/rnn/time_distributed.py), so TimeDistributed(LSTM) on
    (batch, timesteps, features) 'builds' and then fails on its first batch, or returns other
    shapes than it reports. lint applies the wrapped layer's own rule there."""
    if index is None or not isinstance(model.layers[index + 1], keras.layers.TimeDistributed):
        return False
    wrapper = model.layers[index + 1]
    given = keras.tree.flatten(wrapper.input)[0]  # a mask, if any, comes after the input
    shape = tuple(given.shape)
    alone = type(wrapper.layer).from_config(wrapper.layer.get_config())
    try:
        alone(keras.Input(batch_shape=(shape[0],) + shape[2:], dtype=given.dtype))
    except Exception:  # noqa: BLE001 - any refusal is a verdict
        return True
    return False


def wrapped_rank_code(model, index: int) -> str:
    """The code of a TimeDistributed whose wrapped layer refuses its input, from what Keras's
    wrapped layer takes: LS102 (needs-sequence) where it takes a (batch, features) vector, so
    the wrapper needs a 3D sequence; LS101 (input-rank) where it needs more axes."""
    wrapped = model.layers[index + 1].layer
    alone = type(wrapped).from_config(wrapped.get_config())
    try:
        alone(keras.Input(batch_shape=(None, 4)))
    except Exception:  # noqa: BLE001 - any refusal is a verdict
        return "LS101"
    return "LS102"


def check_parity(stack_id: str, config: dict, result) -> None:
    errors = [d for d in result.diagnostics
              if d.severity.value == "error" and d.code.startswith(BUILD_CODES)]
    built = keras_build(config)
    if stack_id in CONTRACT_STRICTER:
        assert built.model is not None, "Keras refuses it now: drop it from CONTRACT_STRICTER"
        assert errors and all(d.code.startswith("LS3") for d in errors)
        assert layer_index(errors[0]) == CONTRACT_STRICTER[stack_id][0]
    elif built.model is None:
        check_refused(built, errors)
    elif errors:
        first = errors[0]
        assert wrapped_layer_refuses(built.model, layer_index(first)), (
            f"Keras builds it, lint says {errors}")
        assert first.code == wrapped_rank_code(built.model, layer_index(first)), errors
    else:
        assert_same_table(result, built.model)
        flagged = {layer_index(d) for d in result.diagnostics if d.code == "LS201"}
        assert flagged == built.mask_warnings, "LS201 differs from Keras's mask warnings"


def check_refused(built: Built, errors: list) -> None:
    """lint's first error sits where Keras broke. Keras checks names only once every layer is
    built (in keras.Model), and then names one duplicate; lint reports every duplicate in the
    same pass as the layer errors, so those are set aside when Keras broke on a layer."""
    assert errors, f"Keras refuses layer {sorted(built.broke_at, key=str)}: {built.error}"
    duplicates = {layer_index(d) for d in errors if d.code == "LS107"}
    if built.at_model:
        assert duplicates & built.broke_at, f"lint misses Keras's {built.error}"
        return
    first = next((d for d in errors if d.code != "LS107"), None)
    assert first is not None, f"lint reports only duplicate names; Keras: {built.error}"
    assert layer_index(first) in built.broke_at, (
        f"lint's first error {first.code} is on layer {layer_index(first)} but Keras breaks on "
        f"{sorted(built.broke_at, key=str)}: {built.error}")


@pytest.mark.parametrize("config", [c for _, c in STACKS], ids=[i for i, _ in STACKS])
def test_generated_stack(request, config):
    stack_id = request.node.callspec.id
    check_parity(stack_id, config, lint_text(json.dumps(config), path=f"{stack_id}.yaml"))


@pytest.mark.parametrize("config", [c for _, c in CONTRACT_CASES],
                         ids=[i for i, _ in CONTRACT_CASES])
def test_contract_stricter_than_keras(request, config):
    stack_id = request.node.callspec.id
    check_parity(stack_id, config, lint_text(json.dumps(config), path=f"{stack_id}.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[
    f"example-{p.relative_to(EXAMPLES).with_suffix('')}" for p in EXAMPLE_FILES])
def test_example(request, path):
    result = lint_file(str(path))
    check_parity(request.node.callspec.id, result.source.data, result)


def spec_fields(type_name: str):
    """Constructor arguments: `from` and `initial_state` are call arguments (graphs)."""
    for name, info in layer_class(type_name).model_fields.items():
        if name not in ("type", "name") and name not in GRAPH_FIELDS:
            yield name, info


@pytest.mark.parametrize("type_name", LAYER_TYPES)
def test_defaults_equal_keras_constructor(type_name):
    """Each argument's default (or its absence) is the Keras constructor's."""
    params = inspect.signature(getattr(keras.layers, type_name).__init__).parameters
    for name, info in spec_fields(type_name):
        assert name in params, f"keras.layers.{type_name} has no argument {name}"
        keras_default = params[name].default
        if keras_default is inspect.Parameter.empty:
            assert info.default is PydanticUndefined, f"{type_name}.{name} is required in Keras"
        else:
            assert info.default == keras_default, f"{type_name}.{name}"
            assert type(info.default) is type(keras_default), f"{type_name}.{name}"


def test_generator_covers_every_type_and_argument():
    configs = [c for _, c in STACKS]
    used: dict[str, set] = {t: set() for t in stackgen.LAYER_TYPES}
    wrapped: dict[str, set] = {t: set() for t in stackgen.WRAPPER_TYPES}
    for config in configs:
        for layer in stackgen.layers_of(config):
            if layer.get("type") in used:
                used[layer["type"]].update(layer)
            if layer.get("type") in wrapped and isinstance(layer.get("layer"), dict):
                wrapped[layer["type"]].add(layer["layer"].get("type"))
    for type_name in stackgen.LAYER_TYPES:  # the multi-input types: test_graph_parity.py
        missing = {n for n, _ in spec_fields(type_name)} - used[type_name]
        assert not missing, f"no generated {type_name} sets {sorted(missing)}"
    assert set(stackgen.PLAIN_TYPES) <= wrapped["TimeDistributed"]
    assert {"LSTM", "GRU", "SimpleRNN"} <= wrapped["Bidirectional"]
    assert len(configs) >= 300
    assert stackgen.stacks() == STACKS, "the generator is not reproducible"
