"""Completion: layer types, the keys a mapping takes (a layer's Keras arguments with their
defaults), the values a key may take, references in scope, the data file's column and array
names, and `--set`-style paths in a `tune.space`."""

from __future__ import annotations

from lsprotocol import types

from ..fix.fixers import is_layer_path
from ..overrides.paths import PathError, locate
from ..spec.layers import LAYER_TYPES, layer_class, types_where
from ..spec.layers.wrapper import WrapperSpec
from .datafiles import array_text, arrays, columns
from .locate import Typing, typing_at, typing_in, value_at
from .references import in_scope, names_of, reference_place
from .schema_facts import key_facts, keys_of, owner_model, yaml_text

KIND = types.CompletionItemKind
COLUMN_PLACES = (("data", "features"), ("data", "targets"), ("data", "time"),
                 ("data", "series"))
# Keys a layer mapping takes before its type is known (every layer has them).
ANY_LAYER_KEYS = ("type", "name", "from")


def completion(analysis, offset: int) -> types.CompletionList | None:
    typed = typing_in(analysis.source, analysis.text, offset, analysis.index.yaml_point(offset)) \
        or typing_at(analysis.text, offset)
    if typed is None:
        return None
    items = (key_items(analysis, typed) if typed.kind == "key"
             else value_items(analysis, typed))
    where = types.Range(analysis.index.position(typed.start), analysis.index.position(offset))
    for number, item in enumerate(items):  # in the schema's order, not the alphabet's
        item.text_edit = types.TextEdit(where, item.insert_text or item.label)
        item.insert_text = None
        item.sort_text = f"{number:04d}"
    return types.CompletionList(is_incomplete=False, items=items)


def item(label: str, kind, detail: str = "", doc: str = "", insert: str | None = None):
    return types.CompletionItem(
        label=label, kind=kind, detail=detail or None, insert_text=insert,
        documentation=types.MarkupContent(types.MarkupKind.Markdown, doc) if doc else None)


def key_items(analysis, typed: Typing) -> list:
    data, path = typed.data, typed.path
    present = value_at(data, path)
    present = set(present) if isinstance(present, dict) else set()
    if path == ("tune", "space"):
        return [item(p, KIND.Field, "a value of this config", insert=f"{p}: ")
                for p in set_paths(data) if p not in present]
    if path == ("inputs",):
        return [item(name, KIND.Variable, f"NPZ array {array_text(header)}", insert=f"{name}: ")
                for name, header in arrays(analysis).items()
                if not name.startswith("y") and name not in present]
    model = owner_model(data, path)
    if model is None:
        if not is_layer_path(path):
            return []
        return [item(k, KIND.Property, insert=f"{k}: ") for k in ANY_LAYER_KEYS
                if k not in present]
    keras = getattr(model, "KERAS_CLASS", None)
    label = "Keras default" if keras else "default"
    return [item(k.name, KIND.Property, f"{label}: {k.default}", k.doc, insert=f"{k.name}: ")
            for k in keys_of(model) if k.name not in present]


def value_items(analysis, typed: Typing) -> list:
    data, path = typed.data, typed.path
    if path and path[-1] == "type" and is_layer_path(path[:-1]):
        return [item(t, KIND.Class, layer_class(t).__doc__.strip().splitlines()[0])
                for t in layer_types(data, path[:-1])]
    if reference_place(path):
        inference = analysis.result.inference if analysis.result is not None else None
        return [item(name, KIND.Reference, what) for name, what in
                in_scope(data, path, inference)]
    if path[:2] in COLUMN_PLACES or (path[:2] == ("data", "inputs") and "columns" in path):
        return [item(c, KIND.Field, "data column") for c in columns(analysis)]
    if path and isinstance(path[-1], str):
        found = key_facts(data, path[:-1], path[-1])
        if found is not None:
            return [item(yaml_text(v), KIND.EnumMember, f"{path[-1]}") for v in found[1].values]
    return []


def layer_types(data, layer_path: tuple) -> tuple:
    """The types a layer may be: any at the top; inside a wrapper, those it wraps."""
    if len(layer_path) <= 2:
        return LAYER_TYPES
    wrapper = value_at(data, layer_path[:-1])
    kind = wrapper.get("type") if isinstance(wrapper, dict) else None
    cls = layer_class(kind) if kind in LAYER_TYPES else None
    return types_where((cls if cls is not None and cls.WRAPPER else WrapperSpec).wraps)


SECTION_PATHS_DEPTH = 2


def set_paths(data) -> list[str]:
    """The `--set`/`tune.space` paths of this config that name a value: each layer's
    arguments by the layer's name, and the runner sections' keys; checked by overrides'
    own resolver, so that every path offered is one tune accepts."""
    found = []
    names = names_of(data)
    for index, name in enumerate(names.layers):
        raw = value_at(data, ("layers", index))
        for prefix, mapping in ((f"layers.{name}", raw), (f"layers.{name}.layer",
                                                          (raw or {}).get("layer"))):
            model = owner_model({"layers": [mapping]}, ("layers", 0)) if name else None
            if model is not None:
                found += [f"{prefix}.{k.name}" for k in keys_of(model)
                          if k.name not in ("type", "name", "from", "layer", "initial_state")]
    for section in ("compile", "train", "data"):
        found += section_paths(data, (section,), SECTION_PATHS_DEPTH)
    return [p for p in dict.fromkeys(found) if resolves(data, p)]


def section_paths(data, path: tuple, depth: int) -> list[str]:
    model = owner_model(data, path)
    if model is None or depth == 0:
        return []
    out = []
    for key in keys_of(model):
        out.append(".".join(path + (key.name,)))
        out += section_paths(data, path + (key.name,), depth - 1)
    return out


def resolves(data, spelled: str) -> bool:
    try:
        locate(data, spelled)
    except PathError:
        return False
    return True
