"""Code actions: each fix that `lint --fix` makes, as a quick fix on its diagnostic (the very
edit of `--fix`'s pass over this text), and one action that fixes everything, whose result is
the text `lint --fix` writes. A fix that would make the text read worse is never offered,
as `--fix` never applies one."""

from __future__ import annotations

from lsprotocol import types

from ..fix import check, fix_text, pass_edits, reading_problems
from ..fix.edits import apply
from .convert import to_lsp

FIX_ALL = "source.fixAll.lstmspec"
QUICKFIX = types.CodeActionKind.QuickFix


def wanted(kind: str, only) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def code_actions(analysis, want: types.Range, only=None) -> list[types.CodeAction]:
    result = analysis.result
    if result is None or not result.source.text:
        return []
    arguments = analysis.fix_arguments()
    body = result.source.text
    fixes = pass_edits(result, body, arguments[0])
    actions = []
    if wanted(QUICKFIX, only):
        for diag, edit in fixes:
            lsp_diag = to_lsp(diag, analysis.index)
            if overlaps(lsp_diag.range, want) and safe(analysis, body, edit, arguments):
                actions.append(quick_fix(analysis, diag, lsp_diag, edit))
    if fixes and wanted(FIX_ALL, only):
        fixed = fix_text(body, result.source.path, *arguments)
        if fixed.changed:
            actions.append(types.CodeAction(
                title=f"lstmspec: fix all ({len(fixed.fixed)} "
                      f"fix{'es' * (len(fixed.fixed) != 1)}, as lint --fix)",
                kind=FIX_ALL, edit=whole_edit(analysis, body, fixed.text)))
    return actions


def overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p):
        return (p.line, p.character)
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def safe(analysis, body: str, edit, arguments) -> bool:
    """The edit alone does not make the text read worse (LS0 problems), as --fix checks."""
    before = analysis.result
    after = check(apply(body, [edit])[0], before.source.path, *arguments)
    return reading_problems(after) <= reading_problems(before)


def text_edit(analysis, start: int, end: int, text: str) -> types.TextEdit:
    index, shift = analysis.index, analysis.index.shift
    return types.TextEdit(types.Range(index.position(start + shift), index.position(end + shift)),
                          text)


def quick_fix(analysis, diag, lsp_diag, edit) -> types.CodeAction:
    return types.CodeAction(
        title=f"{diag.code}: {diag.fix}" if diag.fix else f"{diag.code}: fix it",
        kind=QUICKFIX, diagnostics=[lsp_diag], is_preferred=True,
        edit=types.WorkspaceEdit(changes={analysis.uri: [
            text_edit(analysis, edit.start, edit.end, edit.text)]}))


def whole_edit(analysis, before: str, after: str) -> types.WorkspaceEdit:
    """One edit from `before` to `after`: the lines between their common first and last
    lines (whole lines, so that an edit never starts inside a CRLF)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = sum(map(len, old[:head]))
    end = len(before) - sum(map(len, old[len(old) - tail:]))
    middle = "".join(new[head:len(new) - tail])
    return types.WorkspaceEdit(changes={analysis.uri: [text_edit(analysis, start, end, middle)]})
