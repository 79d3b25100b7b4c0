"""The built Keras model against lint's static table: name, output shape and parameter counts
of every layer. A disagreement is a bug in lstmspec's inference (or a Keras change), reported
with both sides."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from ...spec.shapes import fmt


@dataclass(frozen=True)
class Disagreement:
    index: int
    name: str
    what: str  # "name", "output shape", "params", "trainable params"
    static: str
    keras: str

    def message(self) -> str:
        return (f"layer {self.index} '{self.name}': {self.what} is {self.static} in the static "
                f"table but {self.keras} in Keras")


def keras_layers(model) -> list:
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def keras_shapes(layer) -> tuple:
    out = layer.output
    tensors = out if isinstance(out, (list, tuple)) else [out]
    return tuple(tuple(t.shape) for t in tensors)


def trainable_count(layer) -> int:
    return sum(prod(w.shape) for w in layer.trainable_weights)


def compare(model, inference) -> list[Disagreement]:
    """Every difference between the Keras model and the inferred layers (empty: they agree)."""
    built = keras_layers(model)
    found: list[Disagreement] = []
    if inference.graph:  # Keras keeps the layers that lead to an output, in its own order
        return compare_graph(built, inference)
    if len(built) != len(inference.layers):
        return [Disagreement(-1, model.name, "number of layers", str(len(inference.layers)),
                             str(len(built)))]
    for info, layer in zip(inference.layers, built):
        found += compare_layer(info, layer)
    return found


def compare_graph(built: list, inference) -> list[Disagreement]:
    """By name: every layer Keras built against the static one (the layers that lead to no
    output, which lint warns about with LS210, are not in the Keras model)."""
    infos = {info.name: info for info in inference.layers}
    found = []
    for layer in built:
        info = infos.get(layer.name)
        if info is None:
            found.append(Disagreement(-1, layer.name, "layer", "absent", "present"))
        else:
            found += compare_layer(info, layer)
    return found


def compare_layer(info, layer) -> list[Disagreement]:
    pairs = [
        ("name", info.name, layer.name),
        ("output shape", ", ".join(fmt(s) for s in info.result.outputs),
         ", ".join(fmt(s) for s in keras_shapes(layer))),
        ("params", f"{info.result.params:,}", f"{layer.count_params():,}"),
        ("trainable params", f"{info.result.trainable:,}", f"{trainable_count(layer):,}"),
    ]
    return [Disagreement(info.index, info.name, what, static, real)
            for what, static, real in pairs if static != real]
