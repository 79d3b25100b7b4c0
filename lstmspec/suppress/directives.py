"""The comments that speak to lstmspec: `# lstmspec: disable=CODES` (its own line),
`# lstmspec: disable-file=CODES` (the whole file), and the ones that look meant for it but do
nothing: a misspelt directive (`# lstmspec: disabel=LS202`, `# lstmspec disable=LS202`) and
another tool's `# noqa: LS202`. A `#` inside a quoted value is text, not a comment."""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from ..diagnostics import Span

MARKERS = ("lstmspec", "noqa")
_START = r"(?:^|(?<=\s))#\s*"
DIRECTIVE = re.compile(_START + r"lstmspec\s*:\s*(?P<verb>disable-file|disable)\s*=\s*"
                       r"(?P<codes>[^#\n]*)")
MEANT = re.compile(_START + r"lstmspec\s*(?::[^#\n]*|\s+(?:disable|enable|ignore|noqa|skip|off)"
                   r"\b[^#\n]*)")
NOQA = re.compile(_START + r"noqa\b\s*:?\s*(?P<codes>[^#\n]*)", re.IGNORECASE)
CODE = re.compile(r"[A-Za-z0-9]+")
OUR_CODE = re.compile(r"\bLS\d{1,3}\b", re.IGNORECASE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Suppression(NamedTuple):
    code: str  # as written, upper-cased: a code, a prefix or ALL
    span: Span  # where the code is written in the comment
    whole_file: bool = False  # disable-file=


class Stray(NamedTuple):
    """A comment meant for lstmspec that does nothing: LS291 (`kind` "misspelt", "empty") or
    LS292 ("noqa"), at the comment."""

    kind: str
    text: str
    span: Span


def _quoted_regions(text: str) -> list[tuple[int, int, int, int]]:
    """(line, col, end_line, end_col), 1-based, of every scalar token: a `#` inside one is text."""
    regions = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if type(token).__name__ == "ScalarToken" and not token.plain:
                start, end = token.start_mark, token.end_mark
                regions.append((start.line + 1, start.column + 1, end.line + 1, end.column + 1))
    except yaml.YAMLError:
        pass  # a broken file: the regions found so far are all we know
    return regions


def _inside(line: int, column: int, regions) -> bool:
    return any((l0, c0) <= (line, column) < (l1, c1) for l0, c0, l1, c1 in regions)


def _comments(text: str):
    """(line number, line, match) for each directive-like comment outside quoted values."""
    if not any(marker in text.lower() for marker in MARKERS):
        return
    regions = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not any(marker in line.lower() for marker in MARKERS):
            continue
        for pattern in (DIRECTIVE, MEANT, NOQA):
            match = pattern.search(line)
            if match:
                regions = _quoted_regions(text) if regions is None else regions
                if not _inside(number, match.start() + 1, regions):
                    yield number, pattern, match
                break


def parse(text: str) -> tuple[list[Suppression], list[Stray]]:
    """The suppressions a text holds, and its directive-like comments that do nothing."""
    found, stray = [], []
    for number, pattern, match in _comments(text):
        said = match.group().rstrip()
        span = Span(number, match.start() + 1, number, match.start() + 1 + len(said))
        if pattern is NOQA:
            if OUR_CODE.search(match.group("codes")):
                stray.append(Stray("noqa", said, span))
            continue
        if pattern is MEANT:
            stray.append(Stray("misspelt", said, span))
            continue
        codes = list(CODE.finditer(match.group("codes")))
        if not codes:
            stray.append(Stray("empty", said, span))
        whole = match.group("verb") == "disable-file"
        for code in codes:
            start = match.start("codes") + code.start() + 1
            found.append(Suppression(code.group().upper(),
                                     Span(number, start, number, start + len(code.group())),
                                     whole))
    return found, stray


def find(text: str) -> list[Suppression]:
    """Every code listed in a suppression comment, with its position."""
    return parse(text)[0]
