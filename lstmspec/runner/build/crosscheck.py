"""The built Keras model against lint's static table: which layers the model holds, the name,
output shape and parameter counts of every one, and the model's totals. A disagreement is a
bug in lstmspec's inference (or a Keras change), reported with both sides."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from ...spec.shapes import fmt


@dataclass(frozen=True)
class Disagreement:
    index: int
    name: str
    what: str  # "name", "output shape", "params", "trainable params", "in the model"...
    static: str
    keras: str

    def message(self) -> str:
        where = f"layer {self.index} '{self.name}'" if self.index >= 0 else (
            f"the model '{self.name}'")
        return (f"{where}: {self.what} is {self.static} in the static table but {self.keras} "
                "in Keras")


def keras_layers(model) -> list:
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def keras_shapes(layer) -> tuple:
    out = layer.output
    tensors = out if isinstance(out, (list, tuple)) else [out]
    return tuple(tuple(t.shape) for t in tensors)


def trainable_count(layer) -> int:
    return sum(prod(w.shape) for w in layer.trainable_weights)


def keras_totals(model) -> tuple[int, int, int]:
    """(total, trainable, non-trainable) parameters of the built model, as its summary counts
    them."""
    trainable = sum(prod(w.shape) for w in model.trainable_weights)
    frozen = sum(prod(w.shape) for w in model.non_trainable_weights)
    return trainable + frozen, trainable, frozen


def compare(model, inference) -> list[Disagreement]:
    """Every difference between the Keras model and the inferred layers (empty: they agree)."""
    built = keras_layers(model)
    found: list[Disagreement] = []
    if inference.graph:  # Keras keeps the layers that lead to an output, in its own order
        found = compare_graph(built, inference)
    elif len(built) != len(inference.layers):
        return [Disagreement(-1, model.name, "number of layers", str(len(inference.layers)),
                             str(len(built)))]
    else:
        for info, layer in zip(inference.layers, built):
            found += compare_layer(info, layer)
    return found or compare_totals(model, inference)


def compare_graph(built: list, inference) -> list[Disagreement]:
    """By name: the layers the static table holds in the model (not those LS210 marks as left
    out) are the layers Keras holds, and each agrees with its Keras layer."""
    infos = {info.name: info for info in inference.layers}
    found = []
    for layer in built:
        info = infos.get(layer.name)
        if info is None:
            found.append(Disagreement(-1, layer.name, "layer", "absent", "present"))
        elif not info.in_model:
            found.append(Disagreement(info.index, info.name, "in the model", "no", "yes"))
        else:
            found += compare_layer(info, layer)
    names = {layer.name for layer in built}
    found += [Disagreement(info.index, info.name, "in the model", "yes", "no")
              for info in inference.held if info.name not in names]
    return found


def compare_totals(model, inference) -> list[Disagreement]:
    """The model's parameter totals (what summary prints) against Keras's."""
    whats = ("total params", "trainable params", "non-trainable params")
    return [Disagreement(-1, model.name, what, f"{static:,}", f"{real:,}")
            for what, static, real in zip(whats, inference.totals(), keras_totals(model))
            if static != real]


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


def agreed(inference) -> str:
    """What an agreeing cross-check compared, and the layers it did not (left out of the
    model by both)."""
    held, left = len(inference.held), len(inference.layers) - len(inference.held)
    whose = "layers'" if held != 1 else "layer's"
    said = (f"Cross-check: the {held} {whose} output shapes and parameter counts, and the "
            "model's totals, agree with the static table")
    if left:
        said += (f" ({left} layer{'s' if left != 1 else ''} that no output reaches, LS210, "
                 f"{'are' if left != 1 else 'is'} left out of the model by both)")
    return said + "."
