"""Config values by dotted path (`layers.encoder.units`, `compile.optimizer.learning_rate`).

Layers are addressed by their name, the explicit `name:` or the one Keras gives them
(`lstm`, `lstm_1`), never by list index, which breaks when a layer is inserted; a wrapper's
inner layer is `layers.<name>.layer`; other lists by index (`input.shape.0`). A path is
checked against the schema: a key the layer or section does not have is a PathError with a
did-you-mean, and a key the file leaves out but the schema has may be set. `--set` and the
`tune:` space both resolve their paths here, once, against the config as written.
"""

from __future__ import annotations

import copy
import typing
from typing import Any

from ..diagnostics import YamlPath
from ..inference.naming import AutoNamer
from ..suggest import closest


# Values that a string may stand for, as a mapping with that string under one key:
# `optimizer: adam` is `optimizer: {name: adam}`, so `compile.optimizer.learning_rate` works.
SHORTHANDS = {("compile", "optimizer"): "name", ("train", "distribute"): "strategy"}
# What such a value is when the file leaves it out (the schema's default): setting one of its
# keys starts from it, so `compile.optimizer.learning_rate` on a config without `optimizer:`
# is `{name: adam, learning_rate: ...}` (Keras's default optimizer), never a nameless one.
SHORTHAND_DEFAULTS = {("compile", "optimizer"): "adam", ("train", "distribute"): "none"}


class PathError(ValueError):
    """A path that does not name a value of the config: the message says why and what fits.
    `found` is the longest prefix that exists in the file (where to locate the problem)."""

    def __init__(self, message: str, found: YamlPath = ()):
        super().__init__(message)
        self.found = found


def raw_layer_names(layers: list) -> list[str | None]:
    """Each layer's name before validation: its `name:` or Keras's automatic one (inference/naming.py),
    None for an entry that is not a layer mapping with a string type."""
    namer, names = AutoNamer(), []
    namer.next("InputLayer")
    for raw in layers:
        kind = raw.get("type") if isinstance(raw, dict) else None
        if not isinstance(kind, str):
            names.append(None)
            continue
        inner = raw.get("layer")
        if isinstance(inner, dict) and isinstance(inner.get("type"), str) and not inner.get("name"):
            namer.next(inner["type"])
        name = raw.get("name")
        names.append(name if isinstance(name, str) and name else namer.next(kind))
    return names


def layer_keys(raw: dict) -> tuple[str, ...] | None:
    """The keys a layer mapping may have, from its type's spec (None: the type is unknown)."""
    from ..spec.layers import LAYER_TYPES, layer_class

    kind = raw.get("type")
    if kind not in LAYER_TYPES:
        return None
    return tuple(layer_class(kind).model_fields)


def model_classes(annotation) -> list:
    """The pydantic models among a field's annotation (through Optional, Union, Annotated)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (dict, list):
        return []  # a free-form mapping or a list: its keys are the config's own
    found = []
    for arg in typing.get_args(annotation):
        found += model_classes(arg)
    return found


def section_keys(path: YamlPath) -> tuple[str, ...] | None:
    """The keys that the mapping at `path` (inside a runner section) may have, from the
    section's models; None where the schema does not say (free-form values, lists)."""
    from ..spec.config import ModelSpec

    classes = [ModelSpec]
    for key in path:
        if not isinstance(key, str):
            return None
        fields = [c.model_fields[key] for c in classes if key in c.model_fields]
        classes = [m for f in fields for m in model_classes(f.annotation)]
        if not classes:
            return None
    return tuple(dict.fromkeys(k for c in classes for k in c.model_fields))


def allowed_keys(data: dict, path: YamlPath, node: dict) -> tuple[str, ...] | None:
    if not path:
        from ..validation.config import ALL_KEYS

        return tuple(ALL_KEYS)
    if path[0] == "layers" and len(path) >= 2:
        return layer_keys(node)
    return section_keys(path)


def describe(path: YamlPath, data: dict) -> str:
    if len(path) >= 2 and path[0] == "layers":
        names = raw_layer_names(data.get("layers") or [])
        inner = ".layer" * (len(path) - 2) if all(p == "layer" for p in path[2:]) else ""
        return f"layer '{names[path[1]]}'{inner and ' (its wrapped layer)'}"
    return "`" + ".".join(str(p) for p in path) + "`" if path else "the config"


def step_layers(data: dict, name: str, spelled: str, names: list | None = None) -> int:
    layers = data.get("layers")
    current = raw_layer_names(layers) if isinstance(layers, list) else []
    if names is None or len(names) != len(current):
        names = current
    if name in names:  # the name in the file first, then the name the layer has now
        return names.index(name)
    if name in current:
        return current.index(name)
    known = [n for n in names if n]
    hint = closest(name, known)
    if name.isdigit():
        raise PathError(f"{spelled}: address a layer by its name, not its index (an index "
                        f"changes when a layer is inserted): layer {name} is "
                        f"'{names[int(name)] if int(name) < len(names) else '?'}'", ("layers",))
    more = f"; did you mean layers.{hint}?" if hint else \
        f"; the layers are {', '.join(known)}" if known else ""
    raise PathError(f"{spelled}: no layer is named '{name}'{more}", ("layers",))


def step_key(data: dict, path: YamlPath, node: dict, key: str, spelled: str) -> None:
    if key in node:
        return
    allowed = allowed_keys(data, path, node)
    if allowed is None or key in allowed:
        return
    hint = closest(key, allowed)
    more = f"; did you mean {hint}?" if hint else f"; it has {', '.join(sorted(allowed))}"
    raise PathError(f"{spelled}: {describe(path, data)} has no key '{key}'{more}", path)


def locate(data: dict, spelled: str, names: list | None = None) -> YamlPath:
    """The YAML path that a dotted path names in `data` (which may not hold it yet).
    `names`: the layers' names as the file gave them (raw_layer_names of the file), so that a
    layer keeps its address after an earlier --set changed its type (and so Keras's name)."""
    parts = spelled.split(".")
    if not spelled or any(not p for p in parts):
        raise PathError(f"{spelled}: not a path: write keys joined by dots, e.g. "
                        "layers.lstm.units or train.batch_size")
    path: YamlPath = ()
    node: Any = data
    for part in parts:
        if isinstance(node, str) and path in SHORTHANDS:
            node = {SHORTHANDS[path]: node}
        if isinstance(node, list):
            step = step_layers(data, part, spelled, names) if path == ("layers",) else \
                list_index(node, part, path, spelled)
        elif isinstance(node, dict) or node is None:
            step_key(data, path, node or {}, part, spelled)
            step = part
        else:
            raise PathError(f"{spelled}: `{'.'.join(map(str, path))}` is a value, not a "
                            "mapping or list", path)
        path += (step,)
        node = node[step] if isinstance(node, list) else (node or {}).get(step)
    return path


def list_index(node: list, part: str, path: YamlPath, spelled: str) -> int:
    if part.isdigit() and int(part) < len(node):
        return int(part)
    raise PathError(f"{spelled}: `{'.'.join(map(str, path))}` is a list of {len(node)}; "
                    f"'{part}' is not an index of it (0 to {len(node) - 1})", path)


def assign(data: dict, path: YamlPath, value: Any) -> dict:
    """A copy of `data` with the value at `path` replaced (mappings on the way created)."""
    out = copy.deepcopy(data)
    node = out
    for depth, key in enumerate(path[:-1]):
        if isinstance(node, dict) and not isinstance(node.get(key), (dict, list)):
            short, here = SHORTHANDS.get(path[:depth + 1]), node.get(key)
            if short and here is None:
                here = SHORTHAND_DEFAULTS[path[:depth + 1]]
            node[key] = {short: here} if short and isinstance(here, str) else {}
        node = node[key]
    node[path[-1]] = value
    return out
