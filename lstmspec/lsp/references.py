"""The names a config's references use (`from`, `initial_state`, `outputs`): which input or
layer a reference names, the shape it carries, where it is defined, and the names in scope
at a layer. Names are read from the raw document, so that they are known in a config that
does not validate yet; shapes come from lint's inference."""

from __future__ import annotations

from typing import NamedTuple

from ..inference.references import parse
from ..overrides.paths import raw_layer_names
from ..spec.layers import LAYER_TYPES, layer_class
from .locate import value_at

REFERENCE_KEYS = ("from", "initial_state")


def layer_index_of(path: tuple) -> int | None:
    if len(path) >= 2 and path[0] == "layers" and isinstance(path[1], int):
        return path[1]
    return None


def reference_place(path: tuple) -> bool:
    """Whether the value at `path` is a reference: `from` (one, or an item of its list), an
    item of `initial_state` or of `outputs`."""
    if len(path) == 2 and path[0] == "outputs":
        return isinstance(path[1], int)
    if layer_index_of(path) is None or len(path) not in (3, 4) or path[2] not in REFERENCE_KEYS:
        return False
    return len(path) == 4 or path[2] == "from"


class Names(NamedTuple):
    inputs: list  # the inputs' names (`input_layer` for the single `input:`)
    layers: list  # each layer's name (explicit or Keras's), None for an entry with no type

    def known(self) -> set:
        return set(self.inputs) | {n for n in self.layers if n}


def names_of(data) -> Names:
    data = data if isinstance(data, dict) else {}
    inputs = data.get("inputs")
    input_names = [str(n) for n in inputs] if isinstance(inputs, dict) else ["input_layer"]
    layers = data.get("layers")
    return Names(input_names, raw_layer_names(layers) if isinstance(layers, list) else [])


class Target(NamedTuple):
    name: str  # the input or layer named
    layer: int | None  # the layer's index; None for an input
    output: int | None  # K of `name.K`
    kind: str | None  # the layer's type
    shape: tuple | None  # the shape carried (batch axis first); None when not inferred

    def describe(self) -> str:
        if self.layer is None:
            return f"the input '{self.name}'"
        which = "the output" if self.output is None else f"output {self.output}"
        states = " (a final state)" if self.output else ""
        return f"{which}{states} of layer {self.layer} '{self.name}' ({self.kind})"


def reference_target(analysis, text: str) -> Target | None:
    data = analysis.source.data
    names = names_of(data)
    ref = parse(text, names.known(), ())
    inference = analysis.result.inference
    if ref.name in names.inputs:
        shapes = (inference.inputs or {}) if inference is not None else {}
        shape = shapes.get(ref.name) if inference is None or inference.graph \
            else inference.input_shape
        return Target(ref.name, None, ref.index, None, shape)
    if ref.name not in names.layers:
        return None
    index = names.layers.index(ref.name)
    raw = value_at(data, ("layers", index))
    info = None if inference is None else next(
        (i for i in inference.layers if i.index == index), None)
    outputs = info.result.outputs if info is not None else ()
    at = ref.index or 0
    shape = outputs[at] if at < len(outputs) else None
    return Target(ref.name, index, ref.index, raw.get("type") if isinstance(raw, dict) else None,
                  shape)


def definition_span(source, target: Target):
    """Where a reference's input or layer is defined: the input's key, the layer's `name:`
    value (or the layer's mapping when Keras names it)."""
    if target.layer is None:
        return source.key_spans.get(("inputs", target.name)) or source.key_spans.get(("input",))
    return (source.value_spans.get(("layers", target.layer, "name"))
            or source.value_spans.get(("layers", target.layer)))


def in_scope(data, path: tuple, inference=None) -> list[tuple[str, str]]:
    """(name, what it is) of every reference the value at `path` may name: the inputs and
    the layers before the layer (every layer for `outputs`), with `.K` for each final state
    a layer with return_state adds to its outputs."""
    names = names_of(data)
    layer = layer_index_of(path)
    stop = len(names.layers) if layer is None else layer
    inferred = {info.name: info for info in (inference.layers if inference else ())}
    found = [(name, "input") for name in names.inputs]
    for index, name in enumerate(names.layers[:stop]):
        if not name:
            continue
        raw = value_at(data, ("layers", index))
        kind = raw.get("type") if isinstance(raw, dict) else None
        found.append((name, f"layer {index} ({kind})"))
        info = inferred.get(name)
        states = len(info.result.extra_outputs) if info else raw_states(raw)
        found += [(f"{name}.{k}", f"layer {index} ({kind}): final state {k}")
                  for k in range(1, states + 1)]
    return found


def raw_states(raw) -> int:
    """The final states a recurrent layer with return_state adds (before inference knows)."""
    if not isinstance(raw, dict) or raw.get("return_state") is not True:
        return 0
    kind = raw.get("type")
    return getattr(layer_class(kind), "STATES", 0) if kind in LAYER_TYPES else 0
