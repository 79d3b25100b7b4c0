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
from lstmspec.runner.keras_build import build_model, make_layer  # noqa: E402
from lstmspec.spec.layers import LAYER_TYPES, WRAPPER_TYPES, layer_class  # noqa: E402
from lstmspec.validation import validate  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MASK_WARNING = re.compile(r"Layer '([^']+)' \(of type \w+\) was passed an input with a mask")
DUPLICATE_NAME = re.compile(r'The name "([^"]+)" is used \d+ times in the model')

# Configs that the contract makes errors although Keras builds them: Keras takes any truthy
# value for a flag (`return_sequences: yes` arrives as the text "yes"). The contract's verdict
# is asserted instead: the lint errors are schema errors (LS3xx) on the layer at fault.
CONTRACT_STRICTER = {"example-broken/return_sequences_yes": 0}

# The errors about whether Keras can build the stack: reading (LS0), building (LS1), the schema
# (LS3). Runner-section (LS4) and budget (LS5) findings judge other things.
BUILD_CODES = ("LS0", "LS1", "LS3")
STACKS = stackgen.stacks()
EXAMPLE_FILES = sorted(EXAMPLES.glob("**/*.yaml"))


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
    cls = getattr(keras.layers, data.get("type"), None) if isinstance(data.get("type"), str) else None
    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        raise LookupError(f"keras.layers has no layer type {data.get('type')!r}")
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
    valid = checked.model is not None and specs and None not in specs
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


def fails_when_run(model) -> bool:
    """Whether a model that Keras built breaks on its first batch (either mode), or returns other
    shapes than it reports. Keras's symbolic build skips some checks: TimeDistributed never
    checks its inner layer's input rank (it calls layer.build and compute_output_shape, not
    layer.__call__; keras/src/layers/rnn/time_distributed.py), so TimeDistributed(LSTM) on
    (batch, timesteps, features) 'builds'. lint reports those; this confirms that it is right."""
    given = model.inputs[0]
    batch = keras.ops.zeros([d or 2 for d in given.shape], dtype=given.dtype)
    reported = [tuple(t.shape) for t in keras.tree.flatten(model.outputs)]
    for training in (False, True):
        try:
            outputs = model(batch, training=training)
        except Exception:  # noqa: BLE001 - any failure counts
            return True
        actual = [tuple(t.shape) for t in keras.tree.flatten(outputs)]
        if len(actual) != len(reported) or any(
                len(a) != len(r) or any(d not in (None, e) for e, d in zip(a, r))
                for a, r in zip(actual, reported)):
            return True
    return False


def check_parity(stack_id: str, config: dict, result) -> None:
    errors = [d for d in result.diagnostics
              if d.severity.value == "error" and d.code.startswith(BUILD_CODES)]
    built = keras_build(config)
    if built.model is not None and errors and errors[0].code.startswith("LS1"):
        assert fails_when_run(built.model), f"Keras builds and runs it, lint says {errors}"
        return
    if stack_id in CONTRACT_STRICTER:
        assert built.model is not None, "Keras refuses it now: drop it from CONTRACT_STRICTER"
        assert errors and all(d.code.startswith("LS3") for d in errors)
        assert layer_index(errors[0]) == CONTRACT_STRICTER[stack_id]
        return
    if built.model is None:
        assert errors, f"Keras refuses layer {sorted(built.broke_at)}: {built.error}"
        if built.at_model:  # Keras names one duplicate of several; lint reports each
            assert errors[0].code == "LS107"
            assert {layer_index(d) for d in errors if d.code == "LS107"} & built.broke_at
            return
        assert layer_index(errors[0]) in built.broke_at, (
            f"lint's first error {errors[0].code} is on layer {layer_index(errors[0])} but Keras "
            f"breaks on {sorted(built.broke_at)}: {built.error}")
        return
    assert not errors, f"Keras builds it, lint says {[(d.code, d.message) for d in errors]}"
    assert_same_table(result, built.model)
    flagged = {layer_index(d) for d in result.diagnostics if d.code == "LS201"}
    assert flagged == built.mask_warnings, "LS201 differs from Keras's mask warnings"


@pytest.mark.parametrize("config", [c for _, c in STACKS], ids=[i for i, _ in STACKS])
def test_generated_stack(request, config):
    stack_id = request.node.callspec.id
    check_parity(stack_id, config, lint_text(json.dumps(config), path=f"{stack_id}.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[
    f"example-{p.relative_to(EXAMPLES).with_suffix('')}" for p in EXAMPLE_FILES])
def test_example(request, path):
    result = lint_file(str(path))
    check_parity(request.node.callspec.id, result.source.data, result)


def spec_fields(type_name: str):
    for name, info in layer_class(type_name).model_fields.items():
        if name not in ("type", "name"):
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
    used: dict[str, set] = {t: set() for t in LAYER_TYPES}
    wrapped: dict[str, set] = {t: set() for t in WRAPPER_TYPES}
    for config in configs:
        for layer in stackgen.layers_of(config):
            if layer.get("type") in used:
                used[layer["type"]].update(layer)
            if layer.get("type") in wrapped and isinstance(layer.get("layer"), dict):
                wrapped[layer["type"]].add(layer["layer"].get("type"))
    for type_name in LAYER_TYPES:
        missing = {n for n, _ in spec_fields(type_name)} - used[type_name]
        assert not missing, f"no generated {type_name} sets {sorted(missing)}"
    assert set(stackgen.PLAIN_TYPES) <= wrapped["TimeDistributed"]
    assert {"LSTM", "GRU", "SimpleRNN"} <= wrapped["Bidirectional"]
    assert len(configs) >= 300
    assert stackgen.stacks() == STACKS, "the generator is not reproducible"
