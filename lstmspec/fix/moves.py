"""Fixers that move a key where it belongs (LS301, see validation/misplaced.py): a Keras-style
`input_shape` becomes `input: {shape: ...}`, and a wrapped layer's argument written on its
wrapper moves under `layer:`. A move takes two passes: add the key where it belongs, then
remove it where it stood once the two agree; each pass is one safe edit."""

from __future__ import annotations

import re

from ..validation.misplaced import KERAS_INPUT_KEYS, flow
from ..validation.schema_errors import data_at
from .context import set_key
from .edits import Edit


def key_line_removal(ctx, path: tuple) -> Edit | None:
    """Remove `key: value` written on a line of its own (block style), or as one entry of a
    one-line flow mapping; None where the text is laid out otherwise."""
    source, lines = ctx.source, ctx.lines
    key, value = source.key_spans.get(path), source.value_spans.get(path)
    if key is None or value is None or value.end_line != key.line:
        return None
    start, end = lines.offset(key.line, key.column), lines.offset(value.end_line,
                                                                  value.end_column)
    line_start, line_end = lines.offset(key.line, 1), lines.line_end(key.line)
    before, after = source.text[line_start:start], source.text[end:line_end]
    if not before.strip() and re.fullmatch(r"\s*(#.*)?", after):
        stop = min(line_end + len(lines.newline), len(source.text))
        return Edit(line_start, stop, "")
    following = re.match(r"\s*,\s*", source.text[end:])
    if following and before.rstrip().endswith(("{", ",")):
        return Edit(start, end + following.end(), "")
    preceding = re.search(r",\s*$", source.text[:start])
    if preceding and re.match(r"\s*}", source.text[end:]):
        return Edit(preceding.start(), end, "")
    return None


def top_level_insert(ctx, text: str) -> Edit | None:
    """Insert a top-level `key: value` line just before `layers:`."""
    span = ctx.source.key_spans.get(("layers",))
    if span is None:
        return None
    at = ctx.lines.offset(span.line, 1)
    return Edit(at, at, " " * (span.column - 1) + text + ctx.lines.newline)


def fix_input_shape(ctx, diag) -> Edit | None:
    """`input_shape: [30, 1]` -> `input: {shape: [30, 1]}` (in place at the top level; from a
    layer: first add the top-level input, then drop the layer's key once they agree)."""
    path, data = diag.yaml_path, ctx.source.data
    where, value = data_at(data, path)
    if where != path or not isinstance(value, list) or path[-1] not in KERAS_INPUT_KEYS:
        return None
    shape = value[1:] if path[-1] == "batch_input_shape" else value
    if len(path) == 1:
        if "input" in data:
            return None
        key, span = ctx.source.key_spans.get(path), ctx.source.value_spans.get(path)
        if key is None or span is None or span.end_line != key.line:
            return None
        start, end = ctx.lines.offset(key.line, key.column), ctx.lines.slice(span)[1]
        return Edit(start, end, f"input: {{shape: {flow(shape)}}}")
    if "input" not in data:
        return top_level_insert(ctx, f"input: {{shape: {flow(shape)}}}")
    if data["input"] == {"shape": shape}:
        return key_line_removal(ctx, path)
    return None


def fix_move_under_layer(ctx, diag) -> Edit | None:
    """A wrapped layer's argument on its wrapper: add it under `layer:`, then remove it."""
    path, source = diag.yaml_path, ctx.source
    _, wrapper = data_at(source.data, path[:-1])
    inner = wrapper.get("layer") if isinstance(wrapper, dict) else None
    key = path[-1]
    if not isinstance(inner, dict) or path not in source.value_spans:
        return None
    if key not in inner:
        span = source.value_spans[path]
        if span.end_line != span.line:
            return None
        start, end = ctx.lines.slice(span)
        return set_key(ctx, path[:-1] + ("layer",), key, source.text[start:end])
    if inner[key] == wrapper[key]:
        return key_line_removal(ctx, path)
    return None  # two different values: which one was meant is not certain


def fix_misplaced(ctx, diag) -> Edit | None:
    fix = diag.fix or ""
    if fix.startswith("write input:"):
        return fix_input_shape(ctx, diag)
    if fix in ("move it under layer:", "remove it") and len(diag.yaml_path) >= 3:
        return fix_move_under_layer(ctx, diag)
    return None
