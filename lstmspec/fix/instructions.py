"""The fixer of every code whose fix text is one config edit: the text is carried out as
written (`set K: V on layer N`, `set data.split.stratify: true`, `write V`, `write K: V`,
`remove it`), so that what lint prints as `fix:` and what `--fix` does are one thing. Edits
of two places that belong together are joined by `; then ` (LS490: an input's columns, then
its shape), carried out as one edit or not at all.

A text that is a choice (`choose: ...`, `write a value > 0`, `add \\`units:\\``, `correct
data.path`) or prose is left to the user: None. The value is YAML written into the file as
it stands in the text; a pass whose result lints worse is thrown away by fix_text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

import yaml

from ..validation.schema_errors import data_at
from .context import FixContext, set_key
from .edits import Edit, replace_scalar
from .moves import key_line_removal

_SET_ON_LAYER = re.compile(r"set (\w+): (.+) on layer (\d+)")
_SET = re.compile(r"set ([\w.]+): (.+)")
_WRITE = re.compile(r"write (?:(\w+): )?(.+)")
# keys a wrapper holds itself; any other key of a wrapper's entry belongs to its inner layer
WRAPPER_KEYS = ("type", "name", "layer", "backward_layer", "merge_mode", "from",
                "initial_state")


def plain(value: str) -> bool:
    """A value a fix may write: YAML without comments or line breaks, not prose."""
    return "\n" not in value and " #" not in value and \
        not (" " in value and value[0] not in "[{'\"")


def carry_out(ctx: FixContext, diag) -> Edit | None:
    fix = diag.fix or ""
    if "; then " in fix:
        return together(ctx, [carry_out(ctx, replace(diag, fix=step))
                              for step in fix.split("; then ")])
    match = _SET_ON_LAYER.fullmatch(fix)
    if match:
        key, value, index = match.group(1), match.group(2), int(match.group(3))
        where = ("layers", index)
        _, layer = data_at(ctx.source.data, where)
        if isinstance(layer, dict) and isinstance(layer.get("layer"), dict) and \
                key not in WRAPPER_KEYS:
            where += ("layer",)
        return set_value(ctx, where, key, value) if plain(value) else None
    match = _SET.fullmatch(fix)
    if match:
        return set_path(ctx, diag, match.group(1).split("."), match.group(2))
    if fix == "remove it":
        return key_line_removal(ctx, tuple(diag.yaml_path))
    match = _WRITE.fullmatch(fix)
    if match and not fix.startswith("write a value "):
        return write(ctx, diag, match.group(1), match.group(2))
    return None


def together(ctx: FixContext, edits: list) -> Edit | None:
    """Edits of one text as one Edit (the text between them kept), or None when one of them
    cannot be made or two overlap."""
    if not edits or None in edits:
        return None
    edits = sorted(edits)
    if any(b.start < a.end for a, b in pairwise(edits)):
        return None
    text, out = ctx.source.text, edits[0].text
    for before, edit in pairwise(edits):
        out += text[before.end:edit.start] + edit.text
    return Edit(edits[0].start, edits[-1].end, out)


def set_value(ctx: FixContext, mapping_path: tuple, key: str, value: str) -> Edit | None:
    """set_key, except that a block list or mapping written under the key (on the lines
    below it) is replaced from the key's colon on: a flow value cannot start a line of its
    own at the key's indentation."""
    path = mapping_path + (key,)
    _, mapping = data_at(ctx.source.data, mapping_path)
    span, key_span = ctx.source.value_spans.get(path), ctx.source.key_spans.get(path)
    if isinstance(mapping, dict) and isinstance(mapping.get(key), (dict, list)) and span \
            and key_span and span.line > key_span.end_line:
        start, end = ctx.lines.offset(key_span.end_line, key_span.end_column), \
            ctx.lines.slice(span)[1]
        if not _COMMENT.search(ctx.source.text[start:end]):
            return Edit(start, end, f": {value}")
        # a flow value would drop the comments of the block: keep the block, or leave it
        return items_left_out(ctx, path, mapping[key], value)
    return set_key(ctx, mapping_path, key, value)


_COMMENT = re.compile(r"(?:^|\s)#", re.MULTILINE)


def items_left_out(ctx: FixContext, path: tuple, old: list, value: str) -> Edit | None:
    """`set K: [a, c]` on a block list `- a`, `- b`, `- c` that holds comments: the lines of
    the items left out are removed, each one's comment kept on a line of its own, the rest of
    the block untouched; None where the new list is not the old one with items left out."""
    try:
        new = yaml.safe_load(value)
    except yaml.YAMLError:
        return None
    if not isinstance(old, list) or not isinstance(new, list) or \
            any(isinstance(v, (dict, list)) for v in old):
        return None
    kept, at = [], 0
    for item in new:
        while at < len(old) and old[at] != item:
            at += 1
        if at == len(old):
            return None
        kept.append(at)
        at += 1
    edits = [item_line_removal(ctx, path + (i,)) for i in range(len(old)) if i not in kept]
    return together(ctx, edits)


def item_line_removal(ctx: FixContext, path: tuple) -> Edit | None:
    """Remove the line `- value  # comment` of a block list's item, its comment kept on a line
    of its own at the item's indentation; None where the item shares its line."""
    span, lines, text = ctx.source.value_spans.get(path), ctx.lines, ctx.source.text
    if span is None or span.end_line != span.line:
        return None
    line_start, line_end = lines.offset(span.line, 1), lines.line_end(span.line)
    before = text[line_start:lines.offset(span.line, span.column)]
    after = text[lines.offset(span.end_line, span.end_column):line_end]
    dash = re.fullmatch(r"(\s*)-\s+", before)
    tail = re.fullmatch(r"\s*(#.*?)?\s*", after)
    if not dash or not tail:
        return None
    if tail.group(1):
        return Edit(line_start, line_end, dash.group(1) + tail.group(1))
    return Edit(line_start, min(line_end + len(lines.newline), len(text)), "")


def set_path(ctx: FixContext, diag, keys: list, value: str) -> Edit | None:
    """`set a.b.c: V`: the deepest mapping the file has on the way gets the rest, as a flow
    mapping when more than one key is missing; `set k: V` goes to the diagnostic's mapping."""
    if not plain(value):
        return None
    data = ctx.source.data
    if len(keys) == 1:
        path = tuple(diag.yaml_path)
        _, here = data_at(data, path)
        owner = path if isinstance(here, dict) else path[:-1]
        return set_value(ctx, owner, keys[0], value)
    depth = 0
    node = data
    while depth < len(keys) - 1 and isinstance(node, dict) and isinstance(
            node.get(keys[depth]), dict):
        node = node[keys[depth]]
        depth += 1
    if not isinstance(node, dict):
        return None
    rest = keys[depth:]
    text = value
    for key in reversed(rest[1:]):
        text = f"{{{key}: {text}}}"
    return set_value(ctx, tuple(keys[:depth]), rest[0], text)


def write(ctx: FixContext, diag, key: str | None, value: str) -> Edit | None:
    """`write V`: the value at the diagnostic's place; `write K: V`: the value of key K, at
    the diagnostic's place or in its mapping."""
    if not plain(value):
        return None
    path = tuple(diag.yaml_path)
    if key is not None and (not path or path[-1] != key):
        _, here = data_at(ctx.source.data, path)
        if isinstance(here, dict):
            return set_key(ctx, path, key, value)
        path = path[:-1] + (key,)
    where, here = data_at(ctx.source.data, path)
    span = ctx.source.value_spans.get(path)
    if where != path or isinstance(here, (dict, list)) or span is None:
        return None
    start, end = ctx.lines.slice(span)
    return replace_scalar(ctx.source.text, start, end, value)
