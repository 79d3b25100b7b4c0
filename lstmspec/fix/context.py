"""What a fixer works on (the lint result and the text's lines) and the edit most fixers make:
a mapping given `key: value`, whether it is written in block or flow style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..validation.schema_errors import data_at
from .edits import Edit, Lines

if TYPE_CHECKING:
    from ..lint import LintResult


@dataclass
class FixContext:
    result: LintResult
    lines: Lines

    @property
    def source(self):
        return self.result.source


def set_key(ctx: FixContext, mapping_path: tuple, key: str, value: str) -> Edit | None:
    """Give the mapping at `mapping_path` `key: value`: replace the value or add the key."""
    source, lines = ctx.source, ctx.lines
    _, mapping = data_at(source.data, mapping_path)
    if not isinstance(mapping, dict) or mapping_path not in source.value_spans:
        return None
    if key in mapping:
        start, end = lines.slice(source.value_spans[mapping_path + (key,)])
        return Edit(start, end, value)
    return add_keys(ctx, mapping_path, [(key, value, None)])


def is_flow(ctx: FixContext, mapping_path: tuple) -> bool:
    span = ctx.source.value_spans[mapping_path]
    start = ctx.lines.offset(span.line, span.column)
    return ctx.source.text[start:start + 1] == "{"


def add_keys(ctx: FixContext, mapping_path: tuple, entries: list) -> Edit | None:
    """Add `key: value` entries, in order, at the end of the mapping at `mapping_path` (which
    has none of the keys). An entry's comment (`# ...`, or None) ends its line in block style;
    in a flow mapping, which cannot hold a comment, it ends the mapping's last line."""
    source, lines = ctx.source, ctx.lines
    _, mapping = data_at(source.data, mapping_path)
    if not isinstance(mapping, dict) or mapping_path not in source.value_spans or not entries:
        return None
    span = source.value_spans[mapping_path]
    if is_flow(ctx, mapping_path):  # `{type: LSTM, units: 8}`
        body = ", ".join(f"{key}: {value}" for key, value, _ in entries)
        comments = "".join(f"  {comment}" for _, _, comment in entries if comment)
        if mapping:
            last = source.value_spans[mapping_path + (list(mapping)[-1],)]
            at, body = lines.offset(last.end_line, last.end_column), ", " + body
        else:
            at = lines.offset(span.line, span.column) + 1
        if not comments:
            return Edit(at, at, body)
        line_end = lines.line_end(span.end_line)
        return Edit(at, line_end, body + source.text[at:line_end].rstrip() + comments)
    indent = " " * (span.column - 1)
    at = lines.line_end(span.end_line)
    return Edit(at, at, "".join(f"{lines.newline}{indent}{key}: {value}"
                                + (f"  {comment}" if comment else "")
                                for key, value, comment in entries))
