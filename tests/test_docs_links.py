"""What the documents point at exists: every relative link (and its #anchor, as GitHub makes
them from headings), every path in backticks under a folder of this repository or a package of
lstmspec (`lstmspec/runner/use/verified.py`, `runner/rundir/digests.py`, `tests/fix_texts.py`),
and every package of the layers (tests/test_layers.py) in README.md's layout table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_layers import LAYERS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lstmspec"
DOCS = [ROOT / "README.md", ROOT / "SECURITY.md", ROOT / "bench" / "README.md",
        ROOT / "editors" / "README.md", ROOT / "examples" / "data" / "README.md",
        *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+/?)`")
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
# the first part of a path in backticks that names a file of this repository
TOPS = {"lstmspec", "tests", "bench", "examples", "schemas", "editors", "docs", "tools",
        ".ci"} | {p.name for p in PACKAGE.iterdir() if p.is_dir()} | \
    {p.name for p in (PACKAGE / "runner").iterdir() if p.is_dir()}
PLACEHOLDER = re.compile(r"LSnnn|NNNN|<")


def prose(doc: Path) -> str:
    """The document without its fenced blocks (commands and outputs name files of a run)."""
    return FENCE.sub("", doc.read_text(encoding="utf-8"))


def anchors(doc: Path) -> set:
    """GitHub's anchors of the headings: lower case, punctuation dropped, spaces to hyphens."""
    found = set()
    for title in HEADING.findall(prose(doc)):
        text = re.sub(r"[^\w\- ]", "", title.replace("`", "").lower())
        found.add(text.replace(" ", "-"))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_relative_link_and_anchor_exists(doc):
    broken = []
    for target in LINK.findall(prose(doc)):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        file = (doc.parent / path) if path else doc
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_path_in_backticks_exists(doc):
    missing = []
    for path in CODE_PATH.findall(prose(doc)):
        if path.split("/")[0] not in TOPS or PLACEHOLDER.search(path):
            continue
        places = (ROOT, PACKAGE, PACKAGE / "runner", doc.parent)
        if not any((place / path).exists() for place in places):
            missing.append(path)
    assert missing == []


def test_the_layout_table_names_every_package():
    """README.md's table: each package of tests/test_layers.py's LAYERS, as `name/` for a
    package and `name.py` for a module, and nothing that is not there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| package | owns |"):]
    table = table.split("\n\n")[0]
    named = set(re.findall(r"`([a-z_]+(?:/|\.py))`", table))
    expected = set()
    for row in LAYERS:
        for name in row:
            if name in ("__main__", "lstmspec"):
                continue
            expected.add(f"{name}/" if (PACKAGE / name).is_dir() else f"{name}.py")
    assert named == expected


def test_ci_runs_the_readmes_two_set_up_commands_second():
    """README starts with exactly two set-up commands; CI (.ci/run) runs the second, the
    test command, as written."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert len(block) == 2 and all(line.startswith("python -m pip install -e '.[")
                                   for line in block), block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert block[1] in ci
