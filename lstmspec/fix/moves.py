"""Fixers that move a key where it belongs (LS301, see validation/misplaced.py): a Keras-style
`input_shape` becomes `input: {shape: ...}`, and a wrapped layer's argument written on its
wrapper moves under `layer:`. A move takes two passes: add the key where it belongs, then
remove it where it stood once the two agree; each pass is one safe edit. Nothing is lost on
the way: a batch_input_shape's batch size, the order of the moved keys, and the comment that
ended a moved key's line (it moves with the key, or stays on a line of its own)."""

from __future__ import annotations

import re

from ..validation.misplaced import flow_mapping, inner_fields, input_mapping
from ..validation.schema_errors import data_at
from .context import add_keys
from .edits import Edit


def line_comment(ctx, path: tuple) -> str | None:
    """The comment that ends the line of `key: value` when the pair has that line to itself
    (block style), or None."""
    source, lines = ctx.source, ctx.lines
    key, value = source.key_spans.get(path), source.value_spans.get(path)
    if key is None or value is None or value.end_line != key.line:
        return None
    before = source.text[lines.offset(key.line, 1):lines.offset(key.line, key.column)]
    after = source.text[lines.offset(value.end_line, value.end_column):lines.line_end(key.line)]
    found = re.fullmatch(r"\s*(#.*?)\s*", after)
    return found.group(1) if found and not before.strip() else None


def key_line_removal(ctx, path: tuple, carried: bool = False) -> Edit | None:
    """Remove `key: value` written on a line of its own (block style), or as one entry of a
    one-line flow mapping; None where the text is laid out otherwise. The line's comment
    stays, on a line of its own, unless `carried` (the key took it where it moved)."""
    source, lines = ctx.source, ctx.lines
    key, value = source.key_spans.get(path), source.value_spans.get(path)
    if key is None or value is None or value.end_line != key.line:
        return None
    start, end = lines.offset(key.line, key.column), lines.offset(value.end_line,
                                                                  value.end_column)
    line_start, line_end = lines.offset(key.line, 1), lines.line_end(key.line)
    before, after = source.text[line_start:start], source.text[end:line_end]
    if not before.strip() and re.fullmatch(r"\s*(#.*)?", after):
        comment = line_comment(ctx, path)
        if comment and not carried:
            return Edit(start, line_end, comment)
        stop = min(line_end + len(lines.newline), len(source.text))
        return Edit(line_start, stop, "")
    following = re.match(r"\s*,\s*", source.text[end:])
    if following and before.rstrip().endswith(("{", ",")):
        return Edit(start, end + following.end(), "")
    preceding = re.search(r",\s*$", source.text[:start])
    if preceding and re.match(r"\s*}", source.text[end:]):
        return Edit(preceding.start(), end, "")
    return None


def carried_to(ctx, path: tuple, comment: str | None) -> bool:
    """Whether the line of the key at `path` holds `comment` (a moved key took it along)."""
    span = ctx.source.key_spans.get(path)
    return bool(comment) and span is not None and comment in ctx.source.line_text(span.line)


def top_level_insert(ctx, text: str) -> Edit | None:
    """Insert a top-level `key: value` line just before `layers:`."""
    span = ctx.source.key_spans.get(("layers",))
    if span is None:
        return None
    at = ctx.lines.offset(span.line, 1)
    return Edit(at, at, " " * (span.column - 1) + text + ctx.lines.newline)


def fix_input_shape(ctx, diag) -> Edit | None:
    """`input_shape: [30, 1]` -> `input: {shape: [30, 1]}` (in place at the top level; from a
    layer: first add the top-level input, with the line's comment, then drop the layer's key
    once they agree). A `batch_input_shape`'s batch size becomes `batch_size`."""
    path, data = diag.yaml_path, ctx.source.data
    where, value = data_at(data, path)
    mapping = input_mapping(path[-1], value) if where == path else None
    if mapping is None:
        return None
    written = f"input: {flow_mapping(mapping)}"
    if len(path) == 1:
        if "input" in data:
            return None
        key, span = ctx.source.key_spans.get(path), ctx.source.value_spans.get(path)
        if key is None or span is None or span.end_line != key.line:
            return None
        start, end = ctx.lines.offset(key.line, key.column), ctx.lines.slice(span)[1]
        return Edit(start, end, written)
    comment = line_comment(ctx, path)
    if "input" not in data:
        return top_level_insert(ctx, written + (f"  {comment}" if comment else ""))
    if data["input"] == mapping:
        return key_line_removal(ctx, path, carried_to(ctx, ("input",), comment))
    return None


def movable(ctx, wrapper_path: tuple) -> list:
    """The wrapper's keys that belong to its wrapped layer, which does not set them, each on
    one line: what moves under `layer:`, in the order written."""
    source = ctx.source
    _, wrapper = data_at(source.data, wrapper_path)
    inner, fields = wrapper.get("layer"), inner_fields(wrapper)
    return [key for key in wrapper if key in fields and key not in ("type", "name", "layer")
            and key not in inner and wrapper_path + (key,) in source.value_spans
            and source.value_spans[wrapper_path + (key,)].end_line
            == source.value_spans[wrapper_path + (key,)].line]


def fix_move_under_layer(ctx, diag) -> Edit | None:
    """A wrapped layer's arguments on its wrapper: add them all under `layer:` at once, in the
    order written and with their comments (block style), then remove each once the two
    agree, keeping a comment that did not move with it."""
    path, source = diag.yaml_path, ctx.source
    _, wrapper = data_at(source.data, path[:-1])
    inner = wrapper.get("layer") if isinstance(wrapper, dict) else None
    key = path[-1]
    if not isinstance(inner, dict) or path not in source.value_spans:
        return None
    if key not in inner:
        keys = movable(ctx, path[:-1])
        if key not in keys:
            return None
        entries = [(k, source.text[slice(*ctx.lines.slice(source.value_spans[path[:-1] + (k,)]))],
                    line_comment(ctx, path[:-1] + (k,))) for k in keys]
        return add_keys(ctx, path[:-1] + ("layer",), entries)
    if inner[key] == wrapper[key]:
        comment = line_comment(ctx, path)
        return key_line_removal(ctx, path, carried_to(ctx, path[:-1] + ("layer", key), comment))
    return None  # two different values: which one was meant is not certain


def fix_misplaced(ctx, diag) -> Edit | None:
    fix = diag.fix or ""
    if fix.startswith("write input:"):
        return fix_input_shape(ctx, diag)
    if fix in ("move it under layer:", "remove it") and len(diag.yaml_path) >= 3:
        return fix_move_under_layer(ctx, diag)
    return None
