"""Every code is documented, every documented example behaves as documented, docs/rules.md is
fresh, and `lstmspec rule` prints and lists them."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from cli_support import ROOT, lstmspec
from fix_texts import carry_out

from lstmspec.codes import CODES
from lstmspec.lint import analyse
from lstmspec.ruledocs import SECTIONS, DocError, documented, load, rules_markdown
from lstmspec.settings import Selection
from lstmspec.source.yaml_source import load_bytes
from lstmspec.suppress import refine
from conftest import absent_packages, child_env, lstmspec_argv

RULES_MD = ROOT / "docs" / "rules.md"
# Commands that take a trained run directory: a doc example cannot train one, so their codes
# are checked in the transcripts that tests produce for real (test_use_bad_data.py: child
# processes on prepared run directories; test_use_model.py: an export of a trained run;
# test_serve_safety.py: a service's answers; test_use_other_frequency.py: a trained run given
# data of another frequency).
RUN_DIR_COMMANDS = ("predict", "forecast", "evaluate", "export", "serve")
# via=transcript in a fence: a code that no config causes (LS423, a cross-check disagreement),
# checked in the transcript of the test that forces it (test_runner_build.py)
TRANSCRIPTS = ("use_bad_data.txt", "use_export_differs.txt", "crosscheck_disagrees.txt",
               "forecast_gate.txt", "rundir_verified.txt", "bug_line.txt",
               "tune_study_busy.txt", "serve_errors.txt", "use_other_frequency.txt")
# env=... in a fence: packages that cannot be imported when the command runs (stubs that fail)
ABSENT = {"env=no-tensorflow": ("tensorflow", "keras"),  # a machine without the runner's extra
          "env=no-optuna": ("optuna", "optuna_integration")}  # a machine without the tune extra


def transcript_triples(command: str) -> set:
    """The (code, line, column) triples that `lstmspec COMMAND` printed in the transcripts."""
    found = set()
    for name in TRANSCRIPTS:
        text = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8")
        for ran, line in zip(text.splitlines()[::2], text.splitlines()[1::2]):
            hit = re.match(r"^\S+:(\d+):(\d+): (LS\d{3}) \[error\] ", line)
            if ran.startswith(f"$ lstmspec {command} ") and hit:
                found.add((hit.group(3), int(hit.group(1)), int(hit.group(2))))
    return found


def triples(example) -> set:
    if example.command in RUN_DIR_COMMANDS or "via=transcript" in example.info:
        return transcript_triples(example.command)
    if example.command != "lint":
        return command_triples(example)
    result = analyse(load_bytes(example.text.encode(example.encoding), "example.yaml"))
    refine(result, Selection())
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics}


def command_triples(example) -> set:
    """What `lstmspec COMMAND example.yaml` prints in the concise format, as triples (it must
    fail before TensorFlow is imported: these are the codes commands report, not lint)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "example.yaml"
        path.write_bytes(example.text.encode(example.encoding))
        for name, text in example.files:
            (Path(folder) / name).write_text(text, encoding="utf-8")
        absent = next((ABSENT[k] for k in ABSENT if k in example.info), ())
        env = child_env(**absent_packages(Path(folder) / "stubs", *absent)) if absent \
            else child_env()
        output = ["-o", str(Path(folder) / "out")] if example.command in ("run", "tune") else []
        done = subprocess.run(lstmspec_argv(example.command, path, *output),
                              capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == (1 if "expect=" in example.info else 0), done.stderr
    lines = re.findall(r"^.*example\.yaml:(\d+):(\d+): (LS\d{3}) ", done.stderr, re.MULTILINE)
    return {(code, int(line), int(column)) for line, column, code in lines}


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented_with_all_sections(code):
    doc = load(code)  # fails with the file to write when the code has no documentation
    assert tuple(doc.sections) == SECTIONS
    assert all(doc.sections[s].strip() for s in SECTIONS)


# Failing examples that get past lint into the runner (data loaded with NumPy, a study on Optuna):
# in the tf lane only.
PAST_LINT = {"LS418", "LS419", "LS653", "LS681", "LS682"}


def starts_lstmspec(code: str, which: str) -> bool:
    """Whether checking this example runs `lstmspec COMMAND` as a child process."""
    try:
        example = getattr(load(code), which)
    except DocError:  # test_every_code_is_documented_with_all_sections says so
        return False
    return example.command not in ("lint", *RUN_DIR_COMMANDS) \
        and "via=transcript" not in example.info


def lanes(code: str, which: str):
    marks = [pytest.mark.tf] * (code in PAST_LINT and which == "failing") \
        + [pytest.mark.subprocess] * starts_lstmspec(code, which)
    return pytest.param(code, marks=marks)


@pytest.mark.parametrize("code", [lanes(c, "failing") for c in sorted(CODES)])
def test_the_failing_example_reports_the_code_where_documented(code):
    example = load(code).failing
    assert example.expect, f"{code}: the failing example's fence needs expect={code}@LINE:COL"
    assert any(c == code for c, _, _ in example.expect)
    assert set(example.expect) <= triples(example)


@pytest.mark.parametrize("code", [lanes(c, "passing") for c in sorted(CODES)])
def test_the_passing_example_lints_clean(code):
    assert triples(load(code).passing) == set()


def diagnostics(text: str) -> list:
    result = analyse(load_bytes(text.encode("utf-8"), "example.yaml"))
    refine(result, Selection())
    return result.diagnostics


@pytest.mark.parametrize("code", sorted(CODES))
def test_doing_what_the_fix_text_says_makes_the_code_go_away(code):
    """Every fix text the failing example gets is carried out as written (fix_texts.py, which
    does not use lstmspec's --fix), pass after pass; then the code must be gone, except where
    the fix text leaves a value to choose. (A code whose example gets no fix text, or only a
    choice, has nothing to carry out here.)"""
    example = load(code).failing
    if example.command != "lint" or example.encoding != "utf-8":
        return  # reported by a command, or a file that is not UTF-8: nothing to carry out
    text, done = example.text, []
    before = {d.code for d in diagnostics(text)}
    for _ in range(10):
        steps = [(d, carry_out(text, d)) for d in diagnostics(text) if d.code == code and d.fix]
        steps = [(d, after) for d, after in steps if after is not None]
        if not steps:
            break
        done.append(steps[0][0].fix)
        text = steps[0][1]
    left = [d for d in diagnostics(text) if d.code == code]
    if code in FIX_NOT_CARRIED_OUT:
        assert not done, f"{code}'s fix text is carried out now: drop it from FIX_NOT_CARRIED_OUT"
    else:
        assert done and not left, (done, left)
    assert {d.code for d in diagnostics(text)} <= before  # nothing new in its place


# The codes whose failing example gets no fix text that fix_texts.py can carry out as written,
# and why: their fix texts (or messages) are checked by the tests of the code, not here.
# Pinned, so that a code that becomes checkable leaves the list. The fix-chain test
# (test_fix_convergence.py) walks every failing example, these included.
TEXT = "the problem is in the YAML text itself, not in a config value: the message says what " \
    "to write"
CHOICE = "a choice for the user: the fix text (or the message) names the options"
DATA = "the data (or a file outside the config) must change"
VALUE = "a value to choose: the fix text says which range it must lie in"
FIX_NOT_CARRIED_OUT = {
    "LS001": TEXT, "LS002": TEXT, "LS003": TEXT, "LS004": TEXT, "LS005": TEXT, "LS006": TEXT,
    "LS008": TEXT, "LS009": TEXT, "LS010": TEXT, "LS011": TEXT,
    "LS012": DATA,  # the settings' data-roots, or where the data lives
    "LS013": TEXT, "LS291": TEXT, "LS292": TEXT,  # YAML and comments: text, not values
    "LS103": VALUE, "LS122": CHOICE, "LS123": CHOICE, "LS124": CHOICE,
    "LS127": CHOICE, "LS131": DATA, "LS132": DATA,
    "LS201": CHOICE, "LS202": CHOICE, "LS210": CHOICE,  # warnings: advice to weigh
    "LS304": VALUE, "LS305": VALUE, "LS307": CHOICE, "LS310": CHOICE, "LS311": CHOICE,
    "LS402": DATA, "LS408": CHOICE, "LS411": DATA, "LS413": DATA,
    "LS421": CHOICE, "LS422": CHOICE, "LS433": DATA, "LS436": CHOICE,
    "LS450": CHOICE, "LS460": CHOICE, "LS461": CHOICE, "LS462": CHOICE, "LS463": CHOICE,
    "LS464": CHOICE, "LS465": DATA, "LS466": DATA, "LS467": DATA, "LS468": CHOICE,
    "LS480": CHOICE, "LS481": VALUE, "LS482": CHOICE, "LS483": CHOICE, "LS484": CHOICE,
    "LS485": CHOICE, "LS501": VALUE, "LS502": VALUE, "LS503": CHOICE}


def test_no_documentation_for_a_code_that_does_not_exist():
    assert documented() <= set(CODES)


def test_docs_rules_md_is_generated_and_fresh():
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `lstmspec rule --all --format markdown > docs/rules.md`")


def test_rule_prints_one_code(capsys):
    ran = lstmspec(capsys, "rule", "ls102")
    assert ran.code == 0
    assert ran.out.startswith("LS102 needs-sequence\nSeverity: error · Fixable: yes")
    assert "## Failing example" in ran.out and "## Fix" in ran.out


def test_rule_all_lists_every_code(capsys):
    ran = lstmspec(capsys, "rule", "--all")
    assert ran.code == 0
    assert [line.split()[0] for line in ran.out.splitlines()] == sorted(CODES)


def test_rule_with_a_prefix_lists_its_codes(capsys):
    ran = lstmspec(capsys, "rule", "LS2", "--format", "json")
    assert ran.code == 0 and '"LS202"' in ran.out and '"LS102"' not in ran.out


def test_rule_unknown_code_is_a_usage_error(capsys):
    ran = lstmspec(capsys, "rule", "LS999")
    assert ran.code == 2 and "no code 'LS999'" in ran.err
