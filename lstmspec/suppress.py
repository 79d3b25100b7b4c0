"""What a user sees: inline suppressions (`# lstmspec: disable=LS202`) and code selection.

A suppression comment silences the listed codes (or prefixes) for diagnostics that start on its
own line. A listed code that silences nothing there is reported as LS290, so stale
suppressions do not pile up, but only once every check has run (errors that stop the analysis
would make every suppression of a later check look unused). Suppressions are judged against
every diagnostic, before --select/--ignore, so that ignoring a code elsewhere does not make
its suppressions "unused".

An error that means the model cannot be built (reading LS0, Keras LS1, schema LS3) is never
silenced, by a comment or by --select/--ignore: every command that needs the model would
refuse it anyway, so lint would be the one to say "All checks passed" about a config that
cannot be built. It stays, saying that the suppression does not apply. Other errors (the data,
the budget) and warnings can be silenced; build and run print them as notes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

import yaml

from .codes import CODES, severity_of
from .diagnostics import Diagnostic, Span, code_matches

MARKER = "lstmspec:"
COMMENT = re.compile(r"(?:^|(?<=\s))#\s*lstmspec:\s*disable\s*=\s*(?P<codes>[^#\n]*)")
CODE = re.compile(r"[A-Za-z0-9]+")
UNUSED = "LS290"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Suppression(NamedTuple):
    code: str  # as written, upper-cased: a code, a prefix or ALL
    span: Span  # where the code is written in the comment


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


def find(text: str) -> list[Suppression]:
    """Every code listed in a suppression comment, with its position."""
    if MARKER not in text:
        return []
    regions = None
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = COMMENT.search(line) if MARKER in line else None
        if not match:
            continue
        regions = _quoted_regions(text) if regions is None else regions
        if _inside(number, match.start() + 1, regions):
            continue
        for code in CODE.finditer(match.group("codes")):
            start = match.start("codes") + code.start() + 1
            found.append(Suppression(code.group().upper(),
                                     Span(number, start, number, start + len(code.group()))))
    return found


def _unused(path: str, sup: Suppression) -> Diagnostic:
    known = sup.code == "ALL" or any(c.startswith(sup.code) for c in CODES)
    if known:
        message = (f"`disable={sup.code}` suppresses nothing on this line: remove it (a "
                   "suppression applies to diagnostics that start on its own line)")
    else:
        message = f"`disable={sup.code}` names no lstmspec code: remove it or correct the code"
    return Diagnostic(path, sup.span, UNUSED, severity_of(UNUSED), message,
                      f"remove {sup.code} from the comment")


def analysed_fully(result) -> bool:
    inference = getattr(result, "inference", None)
    return inference is not None and inference.complete


def unreadable(result, diag) -> bool:
    """A reading error (LS0xx) of a file that could not be read as a config at all: nothing
    else in it was checked, so it is never suppressed or deselected (a hostile file could
    otherwise silence the only finding it gets, e.g. LS010 on a Trojan-Source character)."""
    return diag.code.startswith("LS0") and not getattr(result.source, "ok", True)


BLOCKING = ("LS0", "LS1", "LS3")
NOT_SILENCED = (" [`disable={code}` does not apply: lstmspec never silences an error that keeps "
                "the model from being built]")


def blocking(diag) -> bool:
    """An error that keeps the model from being built (see the module's docstring)."""
    return diag.severity.value == "error" and diag.code.startswith(BLOCKING)


def not_silenced(diag, sup: Suppression) -> Diagnostic:
    return replace(diag, message=diag.message + NOT_SILENCED.format(code=sup.code))


def apply_suppressions(result) -> None:
    """Drop suppressed diagnostics from a LintResult and add LS290 for unused suppressions."""
    sups = find(result.source.text)
    if not sups:
        return
    by_line: dict[int, list[Suppression]] = {}
    for sup in sups:
        by_line.setdefault(sup.span.line, []).append(sup)
    used, kept, suppressed = set(), [], []
    for diag in result.diagnostics:
        hits = [] if unreadable(result, diag) else [
            s for s in by_line.get(diag.span.line, ()) if code_matches(diag.code, (s.code,))]
        used.update(hits)
        if hits and blocking(diag):
            kept.append(not_silenced(diag, hits[0]))
        elif hits:
            suppressed.append(diag)
        else:
            kept.append(diag)
    result.suppressed = suppressed
    if analysed_fully(result):  # else a suppressed rule may simply not have run yet
        kept += [_unused(result.source.path, s) for s in sups if s not in used]
    result.diagnostics = sorted(kept, key=lambda d: d.sort_key)


def refine(result, selection) -> None:
    """Suppressions, then --select/--ignore: what the user is shown of one LintResult."""
    apply_suppressions(result)
    result.diagnostics = [d for d in result.diagnostics
                          if selection.enabled(d.code) or unreadable(result, d) or blocking(d)]
