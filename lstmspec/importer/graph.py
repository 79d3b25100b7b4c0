"""`lstmspec import` of functional models: references from each layer's inbound node.

Keras 3 records, for each layer, the tensors it was called on (`inbound_nodes`: `args` and
`kwargs`, each tensor as its producer's name and output index). Those become `from`,
`initial_state` and `outputs` references. The mask-computation op nodes Keras inserts after a
Masking layer (NotEqual, Any) only feed `mask` arguments, which Keras computes again from the
layers when the config is built, so they are left out.
"""

from __future__ import annotations

import re

MASK_OPS = ("NotEqual", "Any")
NAME = re.compile(r"[A-Za-z0-9_\-]{1,128}")


class GraphProblem(Exception):
    """The functional model cannot be written as an lstmspec graph (why, naming the layer)."""


def is_tensor(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def history(tensor: dict) -> tuple[str, int]:
    name, _node, index = (tensor.get("config") or {}).get("keras_history") or [None, 0, 0]
    return name, index


def layer_name(layer: dict) -> str:
    return layer.get("name") or (layer.get("config") or {}).get("name")


def the_node(layer: dict) -> dict:
    nodes = layer.get("inbound_nodes") or []
    if len(nodes) != 1 or not isinstance(nodes[0], dict):
        raise GraphProblem(f"layer '{layer_name(layer)}' is called {len(nodes)} times (or is in "
                           "a Keras 2 format): each lstmspec layer is called once")
    return nodes[0]


def call(layer: dict, ops: set) -> tuple[list, bool, list]:
    """(the tensors the layer reads, whether as one list, its initial-state tensors)."""
    node, where = the_node(layer), f"layer '{layer_name(layer)}'"
    args = node.get("args") or []
    listed = len(args) == 1 and isinstance(args[0], list)
    tensors = args[0] if listed else args
    if not tensors or not all(is_tensor(t) for t in tensors):
        raise GraphProblem(f"{where} is called on something other than tensors")
    states = []
    for key, value in (node.get("kwargs") or {}).items():
        if key == "initial_state" and isinstance(value, list) and all(map(is_tensor, value)):
            states = [history(t) for t in value]
        elif key == "mask" and (value is None or (is_tensor(value) and history(value)[0] in ops)):
            continue  # the mask Keras derives from Masking/mask_zero: computed again
        elif key in ("query", "value", "key") and is_tensor(value):
            tensors = tensors + [value]
        elif value not in (None, False):
            raise GraphProblem(f"{where} is called with {key}=..., which lstmspec configs "
                               "cannot express")
    return [history(t) for t in tensors], listed, states


def is_chain(layers: list, ops: set, inputs: list, outputs: list) -> bool:
    """One input, each layer reading the whole output of the one before, the last the
    output: what a stack means."""
    previous = inputs[0][0] if len(inputs) == 1 else None
    for layer in layers:
        tensors, listed, states = call(layer, ops)
        if listed or states or tensors != [(previous, 0)]:
            return False
        previous = layer_name(layer)
    return outputs == [(previous, 0)]


def reference(name: str, index: int, several: set) -> str:
    return f"{name}.{index}" if name in several else name


def several_outputs(layers: list, ops: set) -> set:
    """Layers read by output index above 0 (return_state): referenced as `name.K`."""
    found = set()
    for layer in layers:
        tensors, _, states = call(layer, ops)
        found |= {name for name, index in tensors + states if index}
    return found


def graph_layers(layers: list, ops: set, outputs: list, convert) -> tuple[list, list]:
    """The layer mappings (each with its name, `from` and `initial_state`) and `outputs`."""
    several = several_outputs(layers, ops) | {n for n, i in outputs if i}
    out = []
    for index, layer in enumerate(layers):
        name = layer_name(layer)
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]{1,128}", name):
            raise GraphProblem(f"layer {index} has the name {name!r}, which a reference cannot "
                               "name")
        tensors, listed, states = call(layer, ops)
        refs = [reference(n, i, several) for n, i in tensors]
        mapping = {"name": name, **{k: v for k, v in convert(layer, index).items()
                                    if k != "name"}}
        mapping["from"] = refs if listed or len(refs) > 1 else refs[0]
        if states:
            mapping["initial_state"] = [reference(n, i, several) for n, i in states]
        out.append(mapping)
    return out, [reference(n, i, several) for n, i in outputs]


def tensor_list(value) -> list[tuple[str, int]]:
    """`input_layers`/`output_layers`: [name, node, index] or a list of them."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = [value]
    return [(item[0], item[2]) for item in value or [] if isinstance(item, list)]


def input_names(inputs: list) -> list[str]:
    for name, _ in inputs:
        if not NAME.fullmatch(str(name)):
            raise GraphProblem(f"the input '{name}' has a name a reference cannot name (letters, "
                               "digits, _ and - only)")
    return [name for name, _ in inputs]
