"""Where the cursor is in the config: the YAML path of the key or value under it, read from the
reader's span tables; and, for completion, what is being typed on a half-written line.

A line being typed is often not YAML yet (`    retu` in a block mapping). Completion writes a
marker where the word under the cursor is, as a value and then as a key, and reads the text
again (the reader alone, no lint) until one of them parses; the marker's path says what is
being completed. The text after the cursor's line is dropped as a last resort, for a buffer
whose later lines are broken too.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..source.yaml_source import load_bytes

MARKER = "lstmspec_cursor_marker"
_WORD_BEFORE = re.compile(r"[A-Za-z0-9_.\-]*$")
_WORD_AFTER = re.compile(r"^[A-Za-z0-9_.\-]*")
_LINE_START = re.compile(r"^\s*(?:-\s+)*$")
# The keys whose value is a list of names (references or columns), never of mappings.
LIST_OF_NAMES = frozenset({"from", "initial_state", "outputs", "features", "targets",
                           "columns", "shape"})


class Place(NamedTuple):
    path: tuple  # the YAML path of the node under the cursor
    on_key: bool  # on the key of `path`, not on its value


def contains(span, point: tuple) -> bool:
    return (span.line, span.column) <= point <= (span.end_line, span.end_column)


def place_at(source, point: tuple) -> Place | None:
    """The deepest key or value whose span holds `point` (lint's 1-based line and column)."""
    best: Place | None = None
    for table, on_key in ((source.key_spans, True), (source.value_spans, False)):
        for path, span in table.items():
            if contains(span, point) and (best is None or len(path) > len(best.path)):
                best = Place(path, on_key)
    return best


def value_at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


class Typing(NamedTuple):
    """What is being typed at the cursor."""

    kind: str  # "key" (a key of the mapping at `path`) or "value" (the value at `path`)
    path: tuple
    data: Any  # the document as read with the marker in place
    start: int  # offset of the word being typed (what a completion replaces)
    end: int


def find_marker(node: Any, path: tuple = ()) -> tuple[str, tuple] | None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == MARKER:
                return "key", path
            found = find_marker(value, path + (key,))
            if found:
                return found
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found = find_marker(value, path + (index,))
            if found:
                return found
    elif node == MARKER:
        return "value", path
    return None


def marked_texts(text: str, start: int, end: int) -> list[str]:
    """The text with the marker for the word [start, end): as a value and as a key (the key
    first for a word alone at the start of its line), then both again without the lines
    after the cursor's."""
    line_start = text.rfind("\n", 0, start) + 1
    marks = [MARKER, MARKER + ": "]
    if _LINE_START.match(text[line_start:start]):
        marks.reverse()
    variants = [text[:start] + mark + text[end:] for mark in marks]
    stop = text.find("\n", end)
    if stop >= 0:  # the cursor's line ends at `stop - end + start + len(mark)` in each variant
        variants += [v[:stop - end + start + len(mark)] + "\n" for v, mark in zip(variants, marks)]
    return variants


def word_at(text: str, offset: int) -> tuple[int, int]:
    """The span of the word (a name, a reference, a dotted path) around `offset`."""
    start = offset - len(_WORD_BEFORE.search(text, max(0, offset - 300), offset).group())
    return start, offset + len(_WORD_AFTER.match(text[offset:offset + 300]).group())


def typing_in(source, text: str, offset: int, point: tuple) -> Typing | None:
    """The quick reading, without parsing again: the cursor is in a scalar value of a buffer
    that parses (`type: LS`, `from: enc`), not at the start of its line (a key being typed)."""
    if source is None or not source.ok:
        return None
    start, end = word_at(text, offset)
    line_start = text.rfind("\n", 0, start) + 1
    place = place_at(source, point)
    if place is None or place.on_key or _LINE_START.match(text[line_start:start]) or \
            isinstance(value_at(source.data, place.path), (dict, list)):
        return None
    return Typing("value", place.path, source.data, start, end)


def typing_at(text: str, offset: int) -> Typing | None:
    """What the word at `offset` is being typed as, or None when no reading of the line
    parses. A word alone at the start of a line is first read as a key; inside a list of
    values (`- enc` under `from:`) it is read as a value."""
    start, end = word_at(text, offset)
    for variant in marked_texts(text, start, end):
        source = load_bytes(variant.encode("utf-8", "surrogatepass"), "<completion>")
        found = find_marker(source.data) if source.ok else None
        if found is None:
            continue
        kind, path = found
        if kind == "key" and _scalar_list_item(source.data, path):
            continue  # `- enc: ` in a list of names: the value reading comes next
        return Typing(kind, path, source.data, start, end)
    return None


def _scalar_list_item(data: Any, mapping_path: tuple) -> bool:
    """Whether the marker mapping stands where a list of plain values is written (its
    siblings are scalars): `from:`, `outputs:`, `features:`..."""
    if not mapping_path or not isinstance(mapping_path[-1], int):
        return False
    siblings = value_at(data, mapping_path[:-1])
    others = [v for i, v in enumerate(siblings or []) if i != mapping_path[-1]]
    last = mapping_path[-2] if len(mapping_path) >= 2 else None
    return last in LIST_OF_NAMES or (bool(others) and all(not isinstance(v, (dict, list))
                                                          for v in others))

