"""Figures the documents state about the test suite itself, computed here from what they count,
so that a code, a generated case or an exempt fix text added later keeps README.md true."""

from __future__ import annotations

import re
from pathlib import Path

import fix_chains
import stackgen
import test_rules_docs
from test_rules_docs import FIX_NOT_CARRIED_OUT

from lstmspec.codes import CODES
from lstmspec.ruledocs import load

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def stated(pattern: str) -> tuple:
    match = re.search(pattern, " ".join(README.split()))
    assert match, f"README.md no longer says {pattern!r}"
    return tuple(int(n.replace(",", "")) for n in match.groups())


def test_the_fix_text_figures():
    """README's account of which fix texts tests/test_rules_docs.py carries out."""
    by_command = {c for c in CODES if load(c).failing.command != "lint"}
    not_utf8 = {c for c in CODES if load(c).failing.encoding != "utf-8"} - by_command
    linted = set(CODES) - by_command - not_utf8
    exempt = set(FIX_NOT_CARRIED_OUT)
    assert exempt <= linted
    assert not_utf8 == {"LS007"}
    reasons = [list(FIX_NOT_CARRIED_OUT.values()).count(r) for r in
               (test_rules_docs.CHOICE, test_rules_docs.TEXT, test_rules_docs.DATA,
                test_rules_docs.VALUE)]
    assert stated(r"of the (\d+) codes whose rule doc has a failing config for lint, (\d+) get "
                  r"a fix text that is carried out and makes the code go away; the other (\d+) "
                  r"get a choice or no fix text .*?: (\d+) choices, (\d+) problems of the YAML "
                  r"text, (\d+) data files to change, (\d+) values to choose\); LS007 .*? and "
                  r"the (\d+) codes that commands report") == (
        len(linted), len(linted - exempt), len(exempt), *reasons, len(by_command))


def test_the_generated_cases():
    assert stated(r"and (\d+) generated stacks covering every layer type") == \
        (len(stackgen.stacks()),)
    assert stated(r"and of (\d+) generated broken configs") == \
        (len(fix_chains.broken_configs()),)
