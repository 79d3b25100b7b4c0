"""Go to definition (a reference jumps to the input or layer it names) and the outline of a
config (its inputs, layers and outputs, with each layer's type and output shape)."""

from __future__ import annotations

from lsprotocol import types

from ..summary.table import LEFT_OUT, shape_text
from .locate import place_at, value_at
from .references import definition_span, names_of, reference_place, reference_target

SYMBOL = types.SymbolKind


def definition(analysis, offset: int) -> types.Location | None:
    source = analysis.source
    if source is None or source.data is None:
        return None
    place = place_at(source, analysis.index.yaml_point(offset))
    if place is None or place.on_key or not reference_place(place.path):
        return None
    text = value_at(source.data, place.path)
    target = reference_target(analysis, text) if isinstance(text, str) else None
    span = definition_span(source, target) if target is not None else None
    if span is None:
        return None
    return types.Location(analysis.uri, analysis.index.range(span))


def symbols(analysis) -> list[types.DocumentSymbol]:
    source = analysis.source
    if source is None or not isinstance(source.data, dict):
        return []
    out = []
    for key, children in (("input", None), ("inputs", input_symbols),
                          ("layers", layer_symbols), ("outputs", output_symbols)):
        span = source.value_spans.get((key,))
        if span is None or (key,) not in source.key_spans:
            continue
        whole = analysis.index.range(cover(source.key_spans[(key,)], span))
        inference = analysis.result.inference
        shape = shape_text((inference.input_shape,)) if key == "input" and inference else None
        out.append(types.DocumentSymbol(
            name=key, kind=SYMBOL.Namespace if children else SYMBOL.Variable, range=whole,
            selection_range=analysis.index.range(source.key_spans[(key,)]), detail=shape,
            children=children(analysis) if children else None))
    return out


def cover(first, last):
    return type(first)(first.line, first.column, last.end_line, last.end_column)


def input_symbols(analysis) -> list:
    source, out = analysis.source, []
    inference = analysis.result.inference
    for name in value_at(source.data, ("inputs",)) or {}:
        key, value = source.key_spans.get(("inputs", name)), source.value_spans.get(
            ("inputs", name))
        if key is None or value is None:
            continue
        shape = (inference.inputs or {}).get(name) if inference is not None else None
        out.append(types.DocumentSymbol(
            name=str(name), kind=SYMBOL.Variable, detail=shape_text((shape,)) if shape else None,
            range=analysis.index.range(cover(key, value)),
            selection_range=analysis.index.range(key)))
    return out


def layer_symbols(analysis) -> list:
    source, out = analysis.source, []
    inference = analysis.result.inference
    infos = {info.index: info for info in inference.layers} if inference else {}
    for index, name in enumerate(names_of(source.data).layers):
        span = source.value_spans.get(("layers", index))
        if span is None:
            continue
        raw = value_at(source.data, ("layers", index))
        kind = raw.get("type") if isinstance(raw, dict) else None
        info = infos.get(index)
        detail = f"{kind}" + (f" -> {shape_text(info.result.outputs)}" if info else "") + (
            f" ({LEFT_OUT})" if info and not info.in_model else "")
        at = source.value_spans.get(("layers", index, "name")) or span
        out.append(types.DocumentSymbol(
            name=name or f"layer {index}", kind=SYMBOL.Object, detail=detail,
            range=analysis.index.range(span), selection_range=analysis.index.range(at)))
    return out


def output_symbols(analysis) -> list:
    source, out = analysis.source, []
    for index, ref in enumerate(value_at(source.data, ("outputs",)) or []):
        span = source.value_spans.get(("outputs", index))
        if span is not None and isinstance(ref, str):
            out.append(types.DocumentSymbol(
                name=ref, kind=SYMBOL.Variable, range=analysis.index.range(span),
                selection_range=analysis.index.range(span)))
    return out
