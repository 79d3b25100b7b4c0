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
    span = source.value_spans[mapping_path]
    start = lines.offset(span.line, span.column)
    if source.text[start:start + 1] == "{":  # flow style: `{type: LSTM, units: 8}`
        if not mapping:
            return Edit(start + 1, start + 1, f"{key}: {value}")
        last = source.value_spans[mapping_path + (list(mapping)[-1],)]
        end = lines.offset(last.end_line, last.end_column)
        return Edit(end, end, f", {key}: {value}")
    indent = " " * (span.column - 1)
    at = lines.line_end(span.end_line)
    return Edit(at, at, f"{lines.newline}{indent}{key}: {value}")
