"""Between lint's spans and LSP positions, over one buffer's text.

lint counts 1-based lines broken as libyaml breaks them (`\\r\\n`, `\\r`, `\\n`, and also
U+0085, U+2028, U+2029) and columns in code points. LSP counts 0-based lines broken at `\\n`,
`\\r\\n` and `\\r` only, and columns in the encoding the client and server agreed on (UTF-16
unless the client offers another). Both go through a character offset into the buffer, so a
line separator in a comment or a character outside the BMP never shifts a range.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from lsprotocol import types

from ..fix.edits import Lines

_LSP_BREAK = re.compile("\r\n|\r|\n")
BOM = "\ufeff"


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of `encoding` (utf-8, utf-16 or utf-32)."""
    if text.isascii() or encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class TextIndex:
    """Offsets <-> LSP positions and lint spans -> LSP ranges, for one text (built lazily: a
    10 MB buffer that lint refuses at once never pays for its line tables)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = encoding
        # lint reads the text after a byte-order mark; its spans count from there
        self.shift = 1 if text.startswith(BOM) else 0

    @cached_property
    def starts(self) -> list[int]:
        return [0] + [m.end() for m in _LSP_BREAK.finditer(self.text)]

    @cached_property
    def yaml_lines(self) -> Lines:
        return Lines(self.text[self.shift:])

    def line_end(self, line: int) -> int:
        """The offset of the break that ends LSP line `line` (or of the text's end)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - (2 if self.text[end - 2:end] == "\r\n" else 1)
        return len(self.text)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        if offset == 0:
            return types.Position(0, 0)
        line = bisect_right(self.starts, offset) - 1
        return types.Position(line, units(self.text[self.starts[line]:offset], self.encoding))

    def offset(self, position: types.Position) -> int:
        """The character offset of a client's position; past the end of its line (or of the
        text) it is the line's end, as the protocol says."""
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self.line_end(position.line)
        line = self.text[start:end]
        if self.encoding == "utf-32" or line.isascii():
            return start + min(position.character, len(line))
        count = 0
        for index, char in enumerate(line):
            if count >= position.character:
                return start + index
            count += units(char, self.encoding)
        return end

    def span_offsets(self, span) -> tuple[int, int]:
        start, end = self.yaml_lines.slice(span)
        return start + self.shift, max(end, start) + self.shift

    def range(self, span) -> types.Range:
        start, end = self.span_offsets(span)
        return types.Range(self.position(start), self.position(end))

    def yaml_point(self, offset: int) -> tuple[int, int]:
        """lint's 1-based (line, column) of a character offset into the buffer."""
        offset = max(0, offset - self.shift)
        starts = self.yaml_lines.starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1
