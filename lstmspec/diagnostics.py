"""Findings as values: severity, source span, diagnostic, ordering and code selection."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple

YamlPath = tuple  # keys and indexes from the document root, e.g. ("layers", 1, "units")


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Span(NamedTuple):
    """A 1-based, end-exclusive region of a file.

    A NamedTuple (ordered, hashable, immutable like the frozen dataclass it replaces): the
    reader makes two for every YAML node, and a tuple is made several times faster.
    """

    line: int
    column: int
    end_line: int
    end_column: int


FILE_START = Span(1, 1, 1, 1)


class Finding(NamedTuple):  # a NamedTuple: immutable, and cheap to define at start-up
    """What a check reports: a code, a message and where in the document (a YAML path).

    ``on_key`` points at the mapping key rather than its value (unknown keys, for example).
    The linter turns the path into a Span; checks never compute positions themselves.
    """

    code: str
    message: str
    path: YamlPath = ()
    on_key: bool = False
    fix: str | None = None
    span: Span | None = None  # set only by the reader, for problems that have no path yet


@dataclass(frozen=True)
class Diagnostic:
    path: str
    span: Span
    code: str
    severity: Severity
    message: str
    fix: str | None = None
    yaml_path: YamlPath = field(default=(), compare=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict:
        out = {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.fix:
            out["fix"] = self.fix
        return out


def code_matches(code: str, prefixes: tuple[str, ...]) -> bool:
    """`--select LS1` selects LS101, LS102...; `ALL` selects everything."""
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def has_errors(diagnostics) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
