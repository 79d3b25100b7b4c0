"""codes.py is the one declaration of a code (name, severity, summary); everything else that
names a code is checked against it here: every "LSnnn" the package writes, each rule module's
CODE/CODES and the codes its findings carry, and the table in docs/core.md. (ruledocs and
docs/rules.md: tests/test_rules_docs.py.) Read from the source: nothing is imported but
codes.py."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from lstmspec.codes import CODES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lstmspec"
CODE = re.compile(r"LS[0-9]{3}")
ROW = re.compile(r"^\| (LS[0-9]{3}) \| ([a-z0-9-]+) \| (error|warning) \|", re.MULTILINE)


def code_literals(path: Path) -> list[str]:
    """Every string constant of the module that is exactly a code."""
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CODE.fullmatch(node.value)]


def written_codes() -> dict:
    where = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "codes.py":
            for code in code_literals(path):
                where[code].add(str(path.relative_to(ROOT)))
    return where


def test_every_code_the_package_writes_is_declared_in_codes_py():
    unknown = {code: sorted(paths) for code, paths in written_codes().items()
               if code not in CODES}
    assert unknown == {}, "declare these codes in lstmspec/codes.py (one row each)"


def test_every_declared_code_is_reported_somewhere():
    written = written_codes()
    assert [code for code in CODES if code not in written] == []


def test_codes_are_in_order_with_unique_names():
    assert list(CODES) == sorted(CODES)
    names = [info.name for info in CODES.values()]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)
    assert all(info.summary.endswith(".") for info in CODES.values())


def declared_by(tree: ast.Module) -> tuple:
    """A rule module's CODE and CODES assignments, as written."""
    found = ()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                getattr(node.targets[0], "id", None) in ("CODE", "CODES"):
            value = ast.literal_eval(node.value)
            found += (value,) if isinstance(value, str) else tuple(value)
    return found


def test_each_rule_module_reports_only_the_codes_it_declares():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = set(declared_by(tree))
        if not declared:
            continue  # a helper module (runner_facts, last_layer), not a rule
        assert declared <= set(CODES), path.name
        assert set(code_literals(path)) <= declared, (
            f"{path.name} reports a code it does not declare in CODE/CODES")
        assert not any(getattr(t, "id", None) in ("NAME", "SUMMARY") for node in tree.body
                       if isinstance(node, ast.Assign) for t in node.targets), (
            f"{path.name}: a code's name and summary live in codes.py only")


def test_the_table_in_docs_core_md_agrees_with_codes_py():
    text = (ROOT / "docs" / "core.md").read_text(encoding="utf-8")
    rows = ROW.findall(text)
    table = [(code, info.name, info.severity.value) for code, info in CODES.items()]
    missing = [row for row in table if row not in rows]
    assert not missing, f"add (or correct) these rows of the table in docs/core.md: {missing}"
    assert rows == table, "docs/core.md's table: one row per code, in code order, no others"


def test_every_code_the_documentation_names_exists():
    """README.md, docs/ and the rule docs name only declared codes (issue 9: docs/core.md once
    listed a code that `lstmspec rule` did not know)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted((PACKAGE / "ruledocs").glob("*.md"))]
    unknown = {str(page.relative_to(ROOT)): sorted(set(CODE.findall(text)) - set(CODES))
               for page in pages for text in [page.read_text(encoding="utf-8")]}
    assert {page: codes for page, codes in unknown.items() if codes} == {}
