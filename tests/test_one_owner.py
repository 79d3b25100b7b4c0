"""One owner per fact: each of these is written in one module and read from there, so a source
scan finds its spelling nowhere else (string constants and f-string parts, read with ast).

- NPZ array names: datafacts/npz_layout.py;
- the predicted-column suffix: runner/series/columns.py;
- the Keras names of the export formats: runner/use/exporting.py (FORMATS).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lstmspec.datafacts.npz_layout import SPLIT_ARRAYS

PACKAGE = Path(__file__).resolve().parent.parent / "lstmspec"
OWNED = [
    (set(SPLIT_ARRAYS), "datafacts/npz_layout.py", False),
    ({"_predicted"}, "runner/series/columns.py", True),
    ({"tf_saved_model", "litert"}, "runner/use/exporting.py", False),
]


def strings(path: Path):
    """(line, text) of every string constant, f-string parts included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def spelled(words: set, inside: bool, text: str) -> bool:
    return any(w in text for w in words) if inside else text in words


@pytest.mark.parametrize("words, owner, inside", OWNED, ids=[o for _, o, _ in OWNED])
def test_a_fact_is_spelled_only_by_its_owner(words, owner, inside):
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(owner):
            continue
        found += [f"{where}:{line}: {text!r}" for line, text in strings(path)
                  if spelled(words, inside, text)]
    assert found == []


def test_the_series_columns_are_the_predictions_columns():
    from lstmspec.runner.series.columns import actual_and_predicted

    assert actual_and_predicted(["sst"], 1) == ["sst", "sst_predicted"]
    assert actual_and_predicted(["a", "b"], 2) == [
        "a+1", "a+1_predicted", "b+1", "b+1_predicted",
        "a+2", "a+2_predicted", "b+2", "b+2_predicted"]


@pytest.mark.tf
def test_every_export_format_has_its_facts():
    from lstmspec.runner.use.exporting import FORMATS
    from lstmspec.spec.sections.output import EXPORT_FORMATS

    assert tuple(FORMATS) == EXPORT_FORMATS
