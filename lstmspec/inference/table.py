"""The table a walk produces (LayerInfo for each inferred layer, in an Inference) and what
both walks check of it: the field a shape error names, and Keras's unique-name rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..diagnostics import Finding
from ..spec.base import LayerSpec
from ..spec.shapes import Inferred, Shape

INPUT_NAME = "input_layer"


class LayerInfo(NamedTuple):  # a NamedTuple: immutable, and cheap to define at start-up
    index: int
    name: str
    spec: LayerSpec
    input_shape: Shape  # the first input's, for a layer with several
    result: Inferred
    inbound: tuple = ()  # graphs: the references the layer reads (`from`, then initial_state)
    input_shapes: tuple = ()  # graphs: the shape of each `from` reference
    in_model: bool = True  # graphs: False when no model output reaches it (Keras leaves it out)

    @property
    def call_shape(self):
        """What the spec's infer/describe/formula take: a tuple of shapes for a multi-input
        layer, one shape otherwise."""
        return self.input_shapes if self.spec.INPUTS is not None else self.input_shape

    @property
    def type(self) -> str:
        return self.spec.KERAS_CLASS

    @property
    def core(self) -> LayerSpec:
        """The layer that does the work: the wrapped one of a Bidirectional/TimeDistributed."""
        return getattr(self.spec, "inner", None) or self.spec

    @property
    def core_path(self) -> tuple:
        """The YAML path of `core`: ("layers", i), or ("layers", i, "layer") in a wrapper."""
        return ("layers", self.index) + (("layer",) if self.core is not self.spec else ())


@dataclass
class Inference:
    input_shape: Shape
    layers: list  # LayerInfo for each layer that was inferred, in order
    findings: list
    complete: bool  # every layer was inferred
    inputs: dict | None = None  # graphs: input name -> shape
    model_outputs: tuple | None = None  # graphs: the shapes the model outputs
    named_inputs: bool = False  # the config has `inputs:`

    @property
    def output(self) -> tuple:
        if self.model_outputs is not None:
            return self.model_outputs
        return self.layers[-1].result.outputs if self.layers else (self.input_shape,)

    @property
    def graph(self) -> bool:
        return self.inputs is not None

    @property
    def held(self) -> list:
        """The layers the model holds: a graph's layers that lead to an output (the others,
        LS210, Keras leaves out of keras.Model(inputs, outputs)); every layer of a stack."""
        return [info for info in self.layers if info.in_model]

    def totals(self) -> tuple[int, int, int]:
        """(total, trainable, non-trainable) parameters of the layers the model holds."""
        trainable = sum(info.result.trainable for info in self.held)
        frozen = sum(info.result.non_trainable for info in self.held)
        return trainable + frozen, trainable, frozen


def field_path(field) -> tuple:
    """A ShapeError's field: one argument name, or a path such as ("layer", "units") for an
    argument of a wrapped layer."""
    if not field:
        return ()
    return tuple(field) if isinstance(field, tuple) else (field,)


def free_name(name: str, names: list) -> str:
    """`name` with the first numeric suffix that no layer uses."""
    taken = set(names) | {INPUT_NAME}
    return next(f"{name}_{k}" for k in range(1, len(taken) + 2) if f"{name}_{k}" not in taken)


def duplicate_names(specs, names, input_names=(INPUT_NAME,)) -> list[Finding]:
    """Keras refuses a model in which two layers share a name (auto or user-given)."""
    seen = dict.fromkeys(input_names)
    findings = []
    for index, (spec, name) in enumerate(zip(specs, names)):
        if name in seen:
            first = "the input layer" if seen[name] is None else f"layer {seen[name]}"
            path = ("layers", index) + (("name",) if spec.name else ())
            findings.append(Finding(
                "LS107", f"layer name '{name}' is already used by {first}; Keras needs unique "
                "names: rename this layer", path, fix=f"set name: {free_name(name, names)}"))
        else:
            seen[name] = index
    return findings
