"""`lint --fix` / `--diff`: apply the safe fixes to a config's text, pass after pass.

Each pass lints the current text, asks the fixer of every shown diagnostic for an edit, and
applies the edits that do not overlap. An error without a fixer of its own has its fix text
carried out when the text is one config edit (instructions.py): what lint prints as `fix:` for
an error is what --fix does. Fixing one layer can reveal the next problem (inference
stops at the first layer that breaks), hence the passes. A pass whose result reads worse as
YAML than its input is thrown away, so a fix can never break a file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..inference.budget import DEFAULT_BUDGET, Budget
from ..lint import analyse
from ..settings import Selection
from ..source.yaml_source import DEFAULT_LIMITS, Limits, load_bytes
from ..suppress import refine
from .edits import Lines, apply
from .fixers import FIXERS, FixContext
from .instructions import carry_out

FIXABLE = tuple(FIXERS)
MAX_PASSES = 20


@dataclass
class Fixed:
    original: str
    text: str
    result: object  # the LintResult of the final text
    fixed: list = field(default_factory=list)  # (code, message) of each fix, in order

    @property
    def changed(self) -> bool:
        return self.text != self.original


def check(text: str, path: str, selection: Selection, limits: Limits, budget: Budget,
          access=None):
    result = analyse(load_bytes(text.encode("utf-8"), path, limits), budget, access=access)
    refine(result, selection)
    return result


def reading_problems(result) -> int:
    return sum(d.code.startswith("LS0") for d in result.diagnostics)


def pass_edits(result, text: str, selection: Selection) -> list:
    """(diagnostic, Edit) for each shown diagnostic that a fixer can fix in `text` (the text
    `result` was linted from): one pass of `--fix`, and the language server's quick fixes.
    An error that blocks the build is shown whatever the selection, but only the selected
    codes are fixed. A warning's fix text is advice about the model (a batch size, an
    activation, what cuDNN needs), not a mistake with one answer: --fix carries out the fix
    texts of errors only; a warning is fixed only by a fixer of its own."""
    ctx = FixContext(result, Lines(text))
    found = []
    for diag in result.diagnostics:
        generic = carry_out if diag.severity.value == "error" else None
        fixer = FIXERS.get(diag.code, generic) if selection.enabled(diag.code) else None
        edit = fixer(ctx, diag) if fixer else None
        if edit is not None:
            found.append((diag, edit))
    return found


def fix_text(text: str, path: str, selection: Selection = Selection(),
             limits: Limits = DEFAULT_LIMITS, budget: Budget = DEFAULT_BUDGET,
             access=None) -> Fixed:
    """`access`: where data files may be read (lint.analyse's default when None)."""
    result = check(text, path, selection, limits, budget, access)
    out = Fixed(text, text, result)
    for _ in range(MAX_PASSES):
        fixes = pass_edits(result, out.text, selection)
        if not fixes:
            break
        notes = {}
        for diag, edit in fixes:
            notes.setdefault(edit, (diag.code, diag.message))
        new_text, applied = apply(out.text, [edit for _, edit in fixes])
        new_result = check(new_text, path, selection, limits, budget, access)
        if reading_problems(new_result) > reading_problems(result):
            break  # never trade a fix for a file that reads worse
        out.fixed += [notes[e] for e in applied]
        out.text, result = new_text, new_result
    out.result = result
    return out


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                  for line in lines)
    return out
