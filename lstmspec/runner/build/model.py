"""Spec -> keras.Model through one generic mapping: type name -> keras.layers class.

Every argument is passed as the typed value the spec validated; nothing goes through Keras
deserialization and no name outside the registry can reach `keras.layers`.
"""

from __future__ import annotations

from ...spec.base import LayerSpec
from ...spec.config import ModelSpec
from ..tf import import_keras


def make_layer(spec: LayerSpec):
    layers = import_keras().layers
    kwargs = spec.keras_arguments()
    inner = getattr(spec, "inner", None)
    if inner is not None:
        kwargs["layer"] = make_layer(inner)
    return getattr(layers, spec.KERAS_CLASS)(**kwargs)


def fresh_session() -> None:
    """keras.backend.clear_session(), so that layers get their fresh-session names, keeping
    the global dtype policy (clear_session resets it: mixed precision would be lost).
    Without its full garbage collection (free_memory=False): Python's collector frees the
    old graphs on its own schedule, and a full collection in a process holding TensorFlow
    cost 0.4 s at every build (measured: a fifth of a small run's predict/forecast/evaluate)."""
    k = import_keras()
    policy = k.mixed_precision.global_policy()
    k.backend.clear_session(free_memory=False)
    k.mixed_precision.set_global_policy(policy)


def build_model(model: ModelSpec, specs: list[LayerSpec], fresh_names: bool = True):
    """The functional model Keras builds from the stack (names as in a fresh session)."""
    from ...inference.references import is_graph

    k = import_keras()
    if fresh_names:
        fresh_session()
    if is_graph(model, specs):
        from .graph import build_graph

        return build_graph(k, model, specs, make_layer)
    inputs = k.Input(shape=tuple(model.input.shape), batch_size=model.input.batch_size,
                     dtype=model.input.dtype)
    x = inputs
    for spec in specs:
        x = make_layer(spec)(x)
    return k.Model(inputs, x, name=model.name)


# keras.optimizers class of each allow-listed name (spec/sections/compile.py).
OPTIMIZER_CLASSES = {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop",
                     "nadam": "Nadam", "adagrad": "Adagrad", "adamax": "Adamax",
                     "adadelta": "Adadelta", "lion": "Lion"}


def make_optimizer(spec):
    """The optimizer of an OptimizerSpec, constructed with the typed arguments it validated."""
    cls = getattr(import_keras().optimizers, OPTIMIZER_CLASSES[spec.name])
    return cls(**spec.keras_arguments())


def set_precision(mixed: bool) -> None:
    """The global dtype policy; set before the model is built."""
    import_keras().mixed_precision.set_global_policy("mixed_float16" if mixed else "float32")


def compile_model(model, spec, jit_compile="auto") -> None:
    """keras.Model.compile with the allow-listed loss and metric names, passed as strings.
    Several outputs: the loss applies to each (Keras sums them), and every output gets the
    metrics (Keras takes one list per output)."""
    count = len(model.outputs)
    metrics = list(spec.metrics) if count == 1 else [list(spec.metrics)] * count
    model.compile(optimizer=make_optimizer(spec.optimizer), loss=spec.loss,
                  metrics=metrics, jit_compile=jit_compile)
