"""SARIF 2.1.0 for code scanning (GitHub and other viewers): one run, its rules and results.

Each rule carries its page: `help.markdown` (the rule doc as written) and `help.text` (plain
text). No `helpUri` or `informationUri`: the project has no web address of its own to point to.

URIs are relative to the repository root (the current folder, or --repo-root) with
uriBaseId %SRCROOT%, in forward slashes; regions are full (start and end, line and column),
with columns counted in Unicode code points as lstmspec counts them.
"""

from __future__ import annotations

import json
import os
import pathlib
from urllib.parse import quote

from .. import __version__
from ..codes import CODES
from ..ruledocs import DocError, load

SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
          "sarif-schema-2.1.0.json")


def artifact(path: str, root: str) -> dict:
    full = os.path.abspath(path)
    try:
        relative = os.path.relpath(full, root)
    except ValueError:  # another drive (Windows)
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": pathlib.Path(full).as_uri()}  # outside the repository: absolute
    return {"uri": quote(relative.replace(os.sep, "/"), safe="/"), "uriBaseId": "%SRCROOT%"}


def rule(code: str) -> dict:
    info = CODES[code]
    try:
        doc = load(code)
    except DocError:
        doc = None
    out = {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": doc.description() if doc else info.summary},
        "defaultConfiguration": {"level": info.severity.value},
    }
    if doc:  # shown with each alert by code scanning: plain text, and the page as Markdown
        out["help"] = {"text": doc.plain_help(), "markdown": doc.body}
    return out


def result(diag, index: int, root: str) -> dict:
    span = diag.span
    return {
        "ruleId": diag.code,
        "ruleIndex": index,
        "level": diag.severity.value,
        "message": {"text": diag.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact(diag.path, root),
            "region": {"startLine": span.line, "startColumn": span.column,
                       "endLine": span.end_line, "endColumn": span.end_column},
        }}],
    }


def render(results, repo_root: str | None = None, **_) -> str:
    root = os.path.abspath(repo_root or os.curdir)
    diags = [d for r in results for d in r.diagnostics]
    codes = sorted({d.code for d in diags})
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {"driver": {"name": "lstmspec", "version": __version__,
                            "rules": [rule(c) for c in codes]}},
        "columnKind": "unicodeCodePoints",
        "results": [result(d, index[d.code], root) for d in diags],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"
