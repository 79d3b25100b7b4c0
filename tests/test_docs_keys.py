"""Every key of the config's sections is documented: each field of the section models
(lstmspec/spec/sections, the format's `compile:`, `data:`, `train:`, `output:`, `tune:` and
`train.distribute:`) is named in a code span or a YAML example of the documents that describe
that section, so that a key added to a section cannot stay unknown to the reader."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from lstmspec.spec.base import StrictModel

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(```+|~~~+)([^\n]*)\n(.*?)^\1", re.MULTILINE | re.DOTALL)
# section module -> the documents that describe its keys
WHERE = {
    "compile": ("docs/runner.md",), "train": ("docs/runner.md",),
    "output": ("docs/runner.md",), "data": ("docs/runner.md", "docs/series.md", "docs/graphs.md"),
    "series": ("docs/series.md",), "distribute": ("docs/distribute.md",),
    "tune": ("docs/tune.md",),
}


def named(doc: str) -> set:
    """The words in the code spans and YAML blocks of a document."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    yaml_blocks = [body for _, info, body in FENCE.findall(text) if info.startswith("yaml")]
    prose = FENCE.sub("", text)
    spans = re.findall(r"`([^`\n]+)`", prose)
    return {word for chunk in spans + yaml_blocks for word in re.findall(r"[a-z_0-9]+", chunk)}


def section_models():
    for name in WHERE:
        module = importlib.import_module(f"lstmspec.spec.sections.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, StrictModel) and cls.__module__ == module.__name__:
                yield pytest.param(name, cls, id=f"{name}.{cls.__name__}")


@pytest.mark.parametrize("section, model", list(section_models()))
def test_every_key_of_the_section_is_documented(section, model):
    words = set().union(*(named(doc) for doc in WHERE[section]))
    assert sorted(set(model.model_fields) - words) == []


def test_every_key_of_preparation_json_is_documented():
    """docs/run-directory.md's table of preparation.json: `format` and every field of the
    Preparation value (read from its source: the module imports NumPy), and no other key."""
    source = (ROOT / "lstmspec" / "runner" / "data" / "preparation.py").read_text("utf-8")
    cls = next(n for n in ast.parse(source).body
               if isinstance(n, ast.ClassDef) and n.name == "Preparation")
    fields = {s.target.id for s in cls.body if isinstance(s, ast.AnnAssign)}
    text = (ROOT / "docs" / "run-directory.md").read_text(encoding="utf-8")
    table = text[text.index("| key | kinds | meaning |"):].split("\n\n")[0]
    keys = {key for row in table.splitlines()[2:]
            for key in re.findall(r"`([a-z_0-9]+)`", row.split("|")[1])}
    assert keys == fields | {"format"}
