"""Hover: on a layer, its output shape, parameters with their formula and the sentences of
`summary --explain`; on a key, its meaning and default; on a reference, the shape it carries."""

from __future__ import annotations

from lsprotocol import types

from ..overrides.paths import PathError, locate
from ..spec.layers import LAYER_TYPES, layer_class
from ..spec.shapes import fmt
from ..summary.table import RECURRENT_TERMS, explain, shape_text
from .locate import Place, place_at, value_at
from .datafiles import data_file_text
from .references import layer_index_of, reference_place, reference_target
from .schema_facts import key_facts


# Where a hover is about the layer: its mapping, its type and name, its wrapped layer's.
LAYER_SPOTS = ((), ("type",), ("name",), ("layer",), ("layer", "type"), ("layer", "name"))


def hover(analysis, offset: int) -> types.Hover | None:
    source = analysis.source
    if source is None or source.data is None:
        return None
    place = place_at(source, analysis.index.yaml_point(offset))
    if place is None:
        return None
    text = describe(analysis, place)
    if not text:
        return None
    span = (source.key_spans if place.on_key else source.value_spans)[place.path]
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, text),
                       range=analysis.index.range(span))


def describe(analysis, place: Place) -> str | None:
    data, path = analysis.source.data, place.path
    if not place.on_key and reference_place(path):
        return reference_text(analysis, value_at(data, path))
    layer = layer_index_of(path)
    if layer is not None and path[2:] in LAYER_SPOTS:
        return layer_text(analysis, layer)
    if not place.on_key and path == ("data", "path"):
        return data_file_text(analysis)
    if place.on_key and len(path) == 3 and path[:2] == ("tune", "space"):
        return space_key_text(data, path[2])
    if path and isinstance(path[-1], str):
        return key_text(data, path[:-1], path[-1])
    return None


def key_text(data, mapping_path: tuple, key: str) -> str | None:
    found = key_facts(data, mapping_path, key)
    if found is None:
        return None
    model, facts = found
    keras = getattr(model, "KERAS_CLASS", None)
    owner = f" of {keras}" if keras else ""
    default = "Keras default" if keras else "default"
    lines = [f"**{facts.name}**{owner} · {default}: `{facts.default}`"]
    if facts.doc:
        lines += ["", facts.doc]
    return "\n".join(lines)


def space_key_text(data, spelled) -> str | None:
    """A `tune.space` path: the value it names, and that key's meaning."""
    try:
        target = locate(data, spelled)
    except PathError as err:
        return f"`{spelled}` names no value of this config: {str(err).split(': ', 1)[-1]}"
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in target).lstrip(".")
    about = key_text(data, target[:-1], target[-1]) if isinstance(target[-1], str) else None
    return f"`{spelled}` searches `{where}`" + (f"\n\n{about}" if about else "")


def layer_info(analysis, index: int):
    inference = analysis.result.inference
    if inference is None:
        return None
    return next((info for info in inference.layers if info.index == index), None)


def layer_text(analysis, index: int) -> str:
    raw = value_at(analysis.source.data, ("layers", index))
    kind = raw.get("type") if isinstance(raw, dict) else None
    info = layer_info(analysis, index)
    if info is None:
        title = f"**layer {index}**" + (f" ({kind})" if isinstance(kind, str) else "")
        return f"{title}\n\nNot shape-checked: {unchecked_reason(analysis, index)}."
    lines = [f"**{info.name}** ({info.type}), layer {index}", ""]
    if kind in LAYER_TYPES:
        lines += [layer_class(kind).__doc__.strip().splitlines()[0], ""]
    lines.append(f"Output shape: `{shape_text(info.result.outputs)}` · params: "
                 f"**{info.result.params:,}**")
    lines += ["", "```text", *(line.strip() for line in explain(info)), "```"]
    if info.core.RECURRENT:
        lines += ["", *RECURRENT_TERMS]
    return "\n".join(lines)


def unchecked_reason(analysis, index: int) -> str:
    inference = analysis.result.inference
    if inference is None:
        return "the config has errors that stop the shape walk (see the diagnostics)"
    stop = len(inference.layers)
    return (f"the shape walk stopped at layer {stop} (see its diagnostic)" if stop <= index
            else "see the diagnostics of this layer")


def reference_text(analysis, text) -> str | None:
    if not isinstance(text, str):
        return None
    target = reference_target(analysis, text)
    if target is None:
        return f"`{text}`: no input and no layer has this name"
    shape = f"`{fmt(target.shape)}`" if target.shape is not None else \
        "not known (not shape-checked)"
    return f"`{text}`: {target.describe()}\n\nShape: {shape}"
