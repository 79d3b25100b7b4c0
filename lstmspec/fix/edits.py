"""Text edits at YAML positions: everything outside an edit (comments, order, quoting) stays."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as libyaml counts them


@dataclass(frozen=True, order=True)
class Edit:
    """Replace text[start:end] by `text` (start == end inserts)."""

    start: int
    end: int
    text: str


class Lines:
    """Character offsets of a text's lines, so that 1-based (line, column) become indexes."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def offset(self, line: int, column: int) -> int:
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def line_end(self, line: int) -> int:
        """Index of the line break that ends `line` (or of the end of the text)."""
        match = _BREAK.search(self.text, self.starts[min(line, len(self.starts)) - 1])
        return match.start() if match else len(self.text)

    def slice(self, span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)


def apply(text: str, edits) -> tuple[str, list[Edit]]:
    """Apply edits that do not overlap (the first of two overlapping ones wins)."""
    chosen: list[Edit] = []
    for edit in sorted(set(edits)):
        if chosen and edit.start < chosen[-1].end:
            continue
        if chosen and edit.start == chosen[-1].start == chosen[-1].end == edit.end:
            continue  # two insertions at one place: keep one per pass
        chosen.append(edit)
    out, last = [], 0
    for edit in chosen:
        out += [text[last:edit.start], edit.text]
        last = edit.end
    out.append(text[last:])
    return "".join(out), chosen


def replace_scalar(text: str, start: int, end: int, new: str) -> Edit:
    """Replace a scalar, keeping its quotes: 'Lstm' -> 'LSTM', "yes" stays quoted."""
    written = text[start:end]
    if len(written) >= 2 and written[0] in "'\"" and written[-1] == written[0]:
        return Edit(start + 1, end - 1, new)
    return Edit(start, end, new)
