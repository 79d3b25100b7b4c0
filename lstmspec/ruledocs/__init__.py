"""The documentation of every code: one Markdown file per code beside this module.

Each file (`LS102.md`) has five sections, in this order:

    ## What it catches      ## Why it matters
    ## Failing example      ## Passing example      ## Fix

Each example section holds one ```yaml block, run as a test: the failing example must produce
the (code, line, column) triples of its fence's `expect=LS102@6:5` attribute, and the passing
example must lint clean. `encoding=latin-1` stores an example in that encoding (for LS007);
`command=run` (or `import`) marks a code that a command reports rather than lint (LS401,
LS417): the test runs that command on each example; the failing one must exit 1 printing the
expected triples, the passing one exit 0. A block such as ```csv file=data.csv in the section
is written beside the example first (the data a run reads), and `env=no-tensorflow` runs the
command where TensorFlow and Keras cannot be imported (LS419), `env=no-optuna` where Optuna
cannot (LS680); `command=tune` runs `lstmspec tune` on it for real. `command=predict` (or
`forecast`, `evaluate`, `export`) marks a code of a command that takes a trained run
directory, which an example cannot train: its block is the run's config, and the test finds
the expected triples in what that command printed in the transcripts that tests produce for
real (tests/golden/use_bad_data.txt, use_export_differs.txt). `via=transcript` does the same
for a code that no config causes (LS423: a test forces it, crosscheck_disagrees.txt).
The title line (code, name, severity, whether --fix applies) comes from codes.py; the
generated docs/rules.md joins every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from ..codes import CODES

SECTIONS = ("What it catches", "Why it matters", "Failing example", "Passing example", "Fix")
_FENCE = re.compile(r"```yaml([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_FILE = re.compile(r"```[a-z]* file=(\S+)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_EXPECT = re.compile(r"(LS[0-9]{3})@([0-9]+):([0-9]+)")
MAX_DESCRIPTION = 1000  # SARIF viewers (GitHub code scanning) cut full descriptions at 1,024


class DocError(Exception):
    """A rule's documentation is missing or malformed."""


@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple = ()  # ((code, line, column), ...)
    encoding: str = "utf-8"
    command: str = "lint"  # the command that reports the code
    info: str = ""  # the fence's attributes, as written
    files: tuple = ()  # ((name, text), ...): blocks with `file=NAME`, written beside it


@dataclass(frozen=True)
class RuleDoc:
    code: str
    body: str  # the Markdown file, as written
    sections: dict

    @property
    def failing(self) -> Example:
        return example(self.code, self.sections["Failing example"])

    @property
    def passing(self) -> Example:
        return example(self.code, self.sections["Passing example"])

    def plain_help(self) -> str:
        """The page as plain text (SARIF `help.text`): no Markdown headings, fences or code
        marks; the examples' YAML kept, indented."""
        out = []
        for name, section in self.sections.items():
            text = re.sub(r"^```[^\n]*\n(.*?)^```$",
                          lambda m: "\n".join("    " + line for line in m.group(1).splitlines()),
                          section, flags=re.MULTILINE | re.DOTALL)
            out.append(f"{name}:\n{text.replace('`', '')}")
        return "\n\n".join(out) + "\n"

    def description(self) -> str:
        """What it catches and why it matters, as plain text under the SARIF limit."""
        text = " ".join((self.sections["What it catches"] + "\n\n" +
                         self.sections["Why it matters"]).split())
        if len(text) <= MAX_DESCRIPTION:
            return text
        return text[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + " ..."


def example(code: str, section: str) -> Example:
    match = _FENCE.search(section)
    if not match:
        raise DocError(f"{code}: an example section has no ```yaml block")
    info = match.group(1)
    expect = tuple((c, int(line), int(col)) for c, line, col in _EXPECT.findall(info))
    encoding = re.search(r"encoding=(\S+)", info)
    command = re.search(r"command=(\S+)", info)
    files = tuple((name, text) for name, text in _FILE.findall(section))
    return Example(match.group(2), expect, encoding.group(1) if encoding else "utf-8",
                   command.group(1) if command else "lint", info, files)


def parse(code: str, body: str) -> RuleDoc:
    parts = re.split(r"^## (.+?)\s*$", body, flags=re.MULTILINE)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if tuple(sections) != SECTIONS:
        raise DocError(f"{code}: the sections must be {', '.join(SECTIONS)}; found "
                       f"{', '.join(sections) or 'none'}")
    return RuleDoc(code, body.strip() + "\n", sections)


def load(code: str) -> RuleDoc:
    try:
        body = resources.files(__name__).joinpath(f"{code}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocError(f"{code} has no documentation: write lstmspec/ruledocs/{code}.md "
                       "(see lstmspec/ruledocs/__init__.py for the format)") from None
    return parse(code, body)


def documented() -> set[str]:
    return {entry.name[:-3] for entry in resources.files(__name__).iterdir()
            if entry.name.endswith(".md")}


def fixable(code: str) -> bool:
    from ..fix import FIXABLE

    return code in FIXABLE


def title(code: str) -> str:
    info = CODES[code]
    return f"{code} {info.name}"


def meta(code: str) -> str:
    info = CODES[code]
    fix = "yes (`lstmspec lint --fix`)" if fixable(code) else "no"
    return f"Severity: {info.severity.value} · Fixable: {fix} · {info.summary}"


def help_uri(code: str) -> str:
    """Where the code's page is: its anchor in docs/rules.md, a path in the repository (the
    project has no web address of its own)."""
    return f"docs/rules.md#{code.lower()}-{CODES[code].name}"


def section_markdown(code: str, level: int = 2) -> str:
    try:
        body = load(code).body
    except DocError:  # the completeness test names it; the document still generates
        body = "Not documented yet.\n"
    deeper = "#" * (level + 1) + " "
    body = re.sub(r"^## ", deeper, body, flags=re.MULTILINE)
    return f"{'#' * level} {title(code)}\n\n{meta(code)}\n\n{body}"


def rules_markdown() -> str:
    """The whole of docs/rules.md (generated: `lstmspec rule --all --format markdown`)."""
    codes = sorted(CODES)
    out = ["# lstmspec rules", "",
           "Generated by `lstmspec rule --all --format markdown` from lstmspec/ruledocs/; do "
           "not edit by hand.", "",
           "Prefixes: LS0 reading the file, LS1 what Keras cannot build, LS2 advice (warnings), "
           "LS3 the schema, LS4 the runner sections, LS5 the resource budget. Select or ignore "
           "them by code or prefix (`--select LS1`, `--ignore LS202`); silence one line with "
           "`# lstmspec: disable=LS202`.", "",
           "| code | name | severity | fixable | summary |", "|---|---|---|---|---|"]
    for code in codes:
        info = CODES[code]
        anchor = f"{code.lower()}-{info.name}"
        summary = info.summary.replace("|", "\\|")
        out.append(f"| [{code}](#{anchor}) | {info.name} | {info.severity.value} | "
                   f"{'yes' if fixable(code) else ''} | {summary} |")
    out.append("")
    for code in codes:
        out.append(section_markdown(code))
    return "\n".join(out).rstrip("\n") + "\n"
