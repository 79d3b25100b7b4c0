"""Every output format, pinned by a golden file; the one-line formats' escaping by unit tests.

The golden files (tests/golden/fmt_*) are the lint report of tests/data/fmt/, run from that
folder so that paths are short and stable. LSTMSPEC_UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import json
import re

import pytest
from cli_support import ROOT, check_golden, lstmspec

from lstmspec import __version__
from lstmspec.diagnostics import Diagnostic, Severity, Span
from lstmspec.reporters import REPORTERS
from lstmspec.reporters.concise import render as concise
from lstmspec.reporters.github import annotation, escape_data, escape_property

FMT = ROOT / "tests" / "data" / "fmt"
SUFFIX = {"json": "json", "sarif": "json"}


@pytest.mark.parametrize("name", list(REPORTERS))
def test_every_format_matches_its_golden_file(capsys, name):
    ran = lstmspec(capsys, "lint", "models", "ok.yaml", "--format", name, cwd=FMT)
    assert ran.code == 1  # the fixture has errors
    text = ran.out.replace(f'"version": "{__version__}"', '"version": "VERSION"')
    if name == "sarif":
        text = without_rule_docs(text)
    check_golden(f"fmt_{name}.{SUFFIX.get(name, 'txt')}", text)


def without_rule_docs(text: str) -> str:
    """The rules' documentation (lstmspec/ruledocs/, checked by test_sarif.py) is left out of
    the golden file, so that editing a rule's page does not change it."""
    log = json.loads(text)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["fullDescription"]["text"] and rule["help"]["markdown"]
        rule["fullDescription"]["text"] = f"<{rule['id']}.md: what it catches, why it matters>"
        rule["help"] = {"text": f"<{rule['id']}.md>", "markdown": f"<{rule['id']}.md>"}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def test_output_file_holds_the_report_and_stdout_stays_empty(capsys, tmp_path):
    target = tmp_path / "reports" / "lint.json"
    ran = lstmspec(capsys, "lint", "models/stack.yaml", "--format", "json", "--output-file",
                   str(target), cwd=FMT)
    assert ran.code == 1 and ran.out == ""
    report = json.loads(target.read_text())
    assert [(d["code"], d["line"], d["column"]) for d in report] == [("LS102", 7, 5)]


def test_exit_zero_keeps_the_report_but_exits_0(capsys):
    ran = lstmspec(capsys, "lint", "models/stack.yaml", "--exit-zero", "--format", "concise",
                   cwd=FMT)
    assert ran.code == 0
    assert ran.out.startswith("models/stack.yaml:7:5: LS102 [error] ")


def test_exit_zero_does_not_hide_a_usage_error(capsys):
    assert lstmspec(capsys, "lint", "missing.yaml", "--exit-zero", cwd=FMT).code == 2


def diag(path="m.yaml", message="msg", severity=Severity.ERROR):
    return Diagnostic(path, Span(3, 5, 4, 1), "LS102", severity, message)


class _Result:
    def __init__(self, *diags):
        self.diagnostics = list(diags)


def test_github_escapes_data_and_properties():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = annotation(diag("dir/a,b:c%.yaml", "100% wrong:\nsee, here",
                           Severity.WARNING))
    assert line == ("::warning file=dir/a%2Cb%3Ac%25.yaml,line=3,col=5,endLine=4,endColumn=1,"
                    "title=LS102::100%25 wrong:%0Asee, here")


def test_concise_is_one_line_per_diagnostic_whatever_the_message():
    out = concise([_Result(diag(message="two\nlines"), diag(severity=Severity.WARNING))])
    assert out.splitlines() == ["m.yaml:3:5: LS102 [error] two lines",
                                "m.yaml:3:5: LS102 [warning] msg"]
    assert all(re.match(r"^[^:]+:\d+:\d+: LS\d{3} \[(error|warning)\] ", line)
               for line in out.splitlines())
