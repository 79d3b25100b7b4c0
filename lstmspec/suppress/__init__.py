"""What a user sees: inline suppressions and code selection.

`# lstmspec: disable=LS202` silences the listed codes (or prefixes) for diagnostics that start
on its own line; `# lstmspec: disable-file=LS202` silences them in the whole file. A listed
code that silences nothing is reported as LS290, so that stale suppressions do not pile up,
but only when the checks that report it have run on the file (lint.LintResult.checked: in a
file whose shape check stopped, a suppression of a rule that did not run cannot be judged; a
code that names no lstmspec code always can). A comment meant for lstmspec that does nothing
is a warning too: a misspelt directive (LS291) and another tool's `# noqa: LS202` (LS292).
Suppressions are judged against every diagnostic, before --select/--ignore, so that ignoring
a code elsewhere does not make its suppressions "unused".

An error that means the model cannot be built (reading LS0, Keras LS1, schema LS3) is never
silenced, by a comment or by --select/--ignore: every command that needs the model would refuse
it anyway, so lint would be the one to say "All checks passed" about a config that cannot be
built. It stays, saying that the suppression does not apply. Other errors (the data, the
budget) and warnings can be silenced; build and run print them as notes.
"""

from __future__ import annotations

from dataclasses import replace

from ..codes import CODES, severity_of
from ..diagnostics import Diagnostic, code_matches
from .directives import Stray, Suppression, find, parse

__all__ = ["Suppression", "find", "refine", "apply_suppressions", "blocking", "unreadable"]
UNUSED, STRAY, NOQA = "LS290", "LS291", "LS292"


def names_a_code(code: str) -> bool:
    return code == "ALL" or any(c.startswith(code) for c in CODES)


def families(code: str) -> set:
    """The code families (LS0, LS1, ...) whose checks could report `code` (a code or prefix)."""
    return {c[:3] for c in CODES if code == "ALL" or c.startswith(code)}


def judged(result, sup: Suppression) -> bool:
    """Whether every check that could report the suppressed code ran on this file."""
    checked = getattr(result, "checked", None)
    return not names_a_code(sup.code) or checked is None or families(sup.code) <= checked


def _unused(path: str, sup: Suppression) -> Diagnostic:
    said = f"disable-file={sup.code}" if sup.whole_file else f"disable={sup.code}"
    if not names_a_code(sup.code):
        message = f"`{said}` names no lstmspec code: remove it or correct the code"
    elif sup.whole_file:
        message = f"`{said}` suppresses nothing in this file: remove it"
    else:
        message = (f"`{said}` suppresses nothing on this line: remove it (a suppression "
                   "applies to diagnostics that start on its own line; `disable-file=` to the "
                   "whole file)")
    return Diagnostic(path, sup.span, UNUSED, severity_of(UNUSED), message,
                      f"remove {sup.code} from the comment")


def _stray(path: str, stray: Stray) -> Diagnostic:
    if stray.kind == "noqa":
        code, message = NOQA, (f"`{stray.text[:60]}` is another tool's directive: lstmspec does "
                               "not read `noqa`; write `# lstmspec: disable=LSxxx` on the line "
                               "(or `disable-file=` for the whole file)")
    elif stray.kind == "empty":
        code, message = STRAY, "this lstmspec directive lists no code: write the codes after `=`"
    else:
        code, message = STRAY, (f"`{stray.text[:60]}` is not an lstmspec directive and does "
                                "nothing: write `# lstmspec: disable=LS202` (this line) or "
                                "`# lstmspec: disable-file=LS202` (the whole file)")
    return Diagnostic(path, stray.span, code, severity_of(code), message)


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
    """Drop suppressed diagnostics from a LintResult and add LS290 for unused suppressions,
    LS291/LS292 for comments that look like directives but do nothing."""
    sups, strays = parse(result.source.text)
    if not sups and not strays:
        return
    by_line: dict[int, list[Suppression]] = {}
    for sup in sups:
        if not sup.whole_file:
            by_line.setdefault(sup.span.line, []).append(sup)
    whole = [s for s in sups if s.whole_file]
    used, kept, suppressed = set(), [], []
    for diag in result.diagnostics:
        hits = [] if unreadable(result, diag) else [
            s for s in by_line.get(diag.span.line, []) + whole
            if code_matches(diag.code, (s.code,))]
        used.update(hits)
        if hits and blocking(diag):
            kept.append(not_silenced(diag, hits[0]))
        elif hits:
            suppressed.append(diag)
        else:
            kept.append(diag)
    result.suppressed = suppressed
    path = result.source.path
    kept += [_unused(path, s) for s in sups if s not in used and judged(result, s)]
    kept += [_stray(path, s) for s in strays]
    result.diagnostics = sorted(kept, key=lambda d: d.sort_key)


def refine(result, selection) -> None:
    """Suppressions, then --select/--ignore: what the user is shown of one LintResult."""
    apply_suppressions(result)
    result.diagnostics = [d for d in result.diagnostics
                          if selection.enabled(d.code) or unreadable(result, d) or blocking(d)]
