"""The resource budget: parameters, training memory and build time, estimated from the static table.

Keras has no such bound: it constructs `Dense(10**9)` at once and fails only at build, after
gigabytes, and `LSTM(4096)` spends about a minute in its orthogonal initializer. lint estimates
all three before anything is allocated (rules/resource_budget.py turns them into LS5xx).

Memory is a rough upper estimate of one training step, in float32 (Keras's default policy):
weights, their gradients, the optimizer's slots (Adam keeps two per weight, so weights plus
Adam state is 3x the weights), and the activations of one batch kept for the backward pass
(each layer's outputs, and a recurrent layer's gate values at every timestep).

Parameters and memory count the layers the model holds (a graph's layer that reaches no
output, LS210, is not in keras.Model(inputs, outputs)); build time counts every layer, since
building the graph calls each one, and Keras creates a layer's weights when it is first called,
in the model or not.
"""

from __future__ import annotations

import re
from math import prod
from typing import NamedTuple, Optional

from .table import Inference, LayerInfo

FLOAT_BYTES = 4
# Seconds per (m x n^2) of an orthogonal initialisation (a QR decomposition of an m x n normal
# matrix, m >= n): LSTM(1024), a 4096 x 1024 QR, took 1.1 s on 2 CPU cores; LSTM(2048) 7.5 s;
# LSTM(4096) ~57 s.
ORTHOGONAL_SECONDS = 2.2e-10


class Budget(NamedTuple):
    """The limits that LS501-LS503 check; `--max-params`, `--max-memory` and [tool.lstmspec]
    (`max-params`, `max-memory`, `slow-build-seconds`) fill it."""

    max_params: int = 50_000_000
    max_memory: int = 2 * 1024**3  # bytes
    slow_build_seconds: float = 5.0
    batch_size: int = 32  # assumed when input.batch_size is not set (Keras fit's default)


DEFAULT_BUDGET = Budget()


class LayerCost(NamedTuple):
    index: int
    params: int
    activations: int  # values per sample kept for the backward pass
    build_seconds: float
    slow_field: Optional[str] = None  # the initializer argument that makes the build slow
    in_model: bool = True  # False: built, but left out of the model (no params, no memory)


class Estimate(NamedTuple):
    params: int
    batch_size: int
    batch_assumed: bool  # input.batch_size was not set
    unknown_steps: bool  # an unknown axis (None) was counted as 1
    optimizer: str
    optimizer_slots: int
    layers: tuple  # LayerCost per inferred layer (also those the model leaves out)

    @property
    def held(self) -> tuple:
        """The costs of what the model holds: the input batch and the layers in the model."""
        return tuple(c for c in self.layers if c.in_model)

    @property
    def weight_bytes(self) -> int:
        return self.params * FLOAT_BYTES

    @property
    def optimizer_bytes(self) -> int:
        return self.optimizer_slots * self.weight_bytes

    @property
    def activation_bytes(self) -> int:
        return self.batch_size * sum(c.activations for c in self.held) * FLOAT_BYTES

    @property
    def total_bytes(self) -> int:
        # weights + gradients + optimizer slots + activations
        return 2 * self.weight_bytes + self.optimizer_bytes + self.activation_bytes

    def describe(self) -> str:
        """One line for `summary`."""
        batch = f"batch {self.batch_size}" + (" assumed" if self.batch_assumed else "")
        steps = "; unknown axes counted as 1" if self.unknown_steps else ""
        return (f"Estimated training memory: {human_bytes(self.total_bytes)} (weights "
                f"{human_bytes(self.weight_bytes)}, gradients {human_bytes(self.weight_bytes)}, "
                f"{self.optimizer} state {human_bytes(self.optimizer_bytes)}, activations "
                f"{human_bytes(self.activation_bytes)} at {batch}{steps})")


def human_bytes(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]i?B?|B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int:
    """'2GB', '512 MiB', '1.5G', '1000000' -> bytes (binary units); ValueError otherwise."""
    match = _SIZE.fullmatch(str(text))
    if not match or len(str(text)) > 32:
        raise ValueError(f"{str(text)[:32]!r} is not a size: write e.g. 2GB, 512MB or a number "
                         "of bytes")
    number, unit = match.groups()
    value = int(float(number) * _UNITS[(unit or "")[:1].upper()])
    if value <= 0:
        raise ValueError("the size must be positive")
    return value


# -- the estimate ----------------------------------------------------------------------------

# Keras name -> (display name, float32 slots kept per weight: keras/src/optimizers/<name>.py)
OPTIMIZERS = {"adam": ("Adam", 2), "adamw": ("AdamW", 2), "nadam": ("Nadam", 2),
              "adamax": ("Adamax", 2), "adadelta": ("Adadelta", 2), "adagrad": ("Adagrad", 1),
              "lion": ("Lion", 1), "rmsprop": ("RMSprop", 1), "sgd": ("SGD", 0)}


def optimizer_state(model) -> tuple[str, int]:
    """The optimizer's name and its slots per weight. Without a compile section: Adam."""
    spec = getattr(getattr(model, "compile", None), "optimizer", None)
    name = getattr(spec, "name", None) or "adam"
    shown, slots = OPTIMIZERS.get(name, (str(name), 2))
    if name in ("adam", "adamw") and getattr(spec, "amsgrad", False):
        slots += 1  # vhat
    if name in ("sgd", "rmsprop") and (getattr(spec, "momentum", 0) or 0) > 0:
        slots += 1  # momentums
    if name == "rmsprop" and getattr(spec, "centered", False):
        slots += 1  # average gradients
    return shown, slots


def values(shape, unknown: list) -> int:
    """Values per sample of a shape (batch axis dropped); an unknown axis counts as 1."""
    dims = shape[1:]
    if any(d is None for d in dims):
        unknown.append(True)
    return prod(d or 1 for d in dims)


def orthogonal_seconds(rows: int, cols: int) -> float:
    big, small = max(rows, cols), min(rows, cols)
    return ORTHOGONAL_SECONDS * big * small * small


def orthogonal_weights(spec, features: int) -> list[tuple[str, int, int]]:
    """(argument, rows, cols) of each weight that `spec` initialises orthogonally."""
    return [(arg, *dims) for arg, dims in spec.initialized_matrices(features).items()
            if getattr(spec, arg) == "orthogonal"]


def build_cost(spec, features: int) -> tuple[float, str | None]:
    """Seconds the slowest orthogonal initialisation takes, and its argument."""
    copies = spec.COPIES
    inner = getattr(spec, "inner", None) or spec
    worst = (0.0, None)
    for arg, rows, cols in orthogonal_weights(inner, features):
        worst = max(worst, (copies * orthogonal_seconds(rows, cols), arg),
                    key=lambda pair: pair[0])
    return worst


def layer_cost(info: LayerInfo, unknown: list) -> LayerCost:
    spec = info.spec
    inner = getattr(spec, "inner", None) or spec
    copies = spec.COPIES
    acts = sum(values(shape, unknown) for shape in info.result.outputs)
    if inner.GATES and len(info.input_shape) == 3:
        steps = info.input_shape[1] or 1
        acts += copies * steps * inner.GATES * inner.units
    features = info.input_shape[-1] or 0
    seconds, arg = build_cost(spec, features)
    return LayerCost(info.index, info.result.params, acts, seconds, arg, info.in_model)


def estimate(inference: Inference, model=None, budget: Budget = DEFAULT_BUDGET) -> Estimate:
    unknown: list = []
    costs = tuple(layer_cost(info, unknown) for info in inference.layers)
    # the batch of a training step: input.batch_size, else train.batch_size, else assumed
    batch = inference.input_shape[0] or getattr(getattr(model, "train", None), "batch_size", None)
    name, slots = optimizer_state(model)
    shapes = inference.inputs.values() if inference.inputs else (inference.input_shape,)
    inputs = sum(values(shape, unknown) for shape in shapes)
    first = LayerCost(-1, 0, inputs, 0.0)  # the input batch itself
    params = sum(c.params for c in costs if c.in_model)
    return Estimate(params, batch or budget.batch_size, batch is None,
                    bool(unknown), name, slots, (first,) + costs)


def with_overrides(base: Budget, max_params: int | None = None,
                   max_memory: int | None = None) -> Budget:
    """The command line's --max-params/--max-memory on top of a budget (from settings)."""
    changes = {k: v for k, v in (("max_params", max_params), ("max_memory", max_memory))
               if v is not None}
    return base._replace(**changes) if changes else base
