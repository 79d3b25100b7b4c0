"""Where the cursor is, for the language server: the quick reading of a buffer that parses
(no second parse) must say what the marker reading says, at every scalar of every example;
and positions convert between lint's spans and LSP's in every encoding."""

from __future__ import annotations

import re

import pytest
from lsp_support import ROOT
from lsprotocol import types

from lstmspec.lsp.locate import typing_at, typing_in, value_at
from lstmspec.lsp.positions import TextIndex
from lstmspec.source.yaml_source import load_bytes

WORD = re.compile(r"[A-Za-z0-9_.\-]+")
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_quick_reading_agrees_with_the_marker_reading(path):
    text = path.read_text(encoding="utf-8")
    source = load_bytes(text.encode("utf-8"), str(path))
    assert source.ok
    index = TextIndex(text)
    compared = 0
    for where, span in source.value_spans.items():
        if isinstance(value_at(source.data, where), (dict, list)):
            continue
        start, end = index.span_offsets(span)
        offset = (start + end) // 2
        quick = typing_in(source, text, offset, index.yaml_point(offset))
        if quick is None:
            continue
        if not WORD.fullmatch(text[start:end]):
            continue  # quoted, empty, a file path: the marker replaces a word, not the scalar
        slow = typing_at(text, offset)
        assert (quick.kind, quick.path, quick.start, quick.end) == (
            slow.kind, slow.path, slow.start, slow.end), (where, text[start:end])
        compared += 1
    assert compared > 0


@pytest.mark.parametrize("encoding, units", [("utf-16", 2), ("utf-32", 1), ("utf-8", 4)])
def test_positions_round_trip_in_each_encoding(encoding, units):
    text = "a: 1\r\nb: '\U0001F600x'  # c\u2028# d\rd: 2\n"
    index = TextIndex(text, encoding)
    x = text.index("x")
    assert index.position(x) == types.Position(1, 4 + units)
    assert index.offset(types.Position(1, 4 + units)) == x
    assert index.position(text.index("d:")) == types.Position(2, 0)  # U+2028 breaks no LSP line
    assert index.offset(types.Position(0, 99)) == text.index("\r")  # past the end: line end
    assert index.offset(types.Position(9, 0)) == len(text)
    span = load_bytes(text.encode(), "x").value_spans[("d",)]  # lint's line 4 (after U+2028)
    assert index.range(span) == types.Range(types.Position(2, 3), types.Position(2, 4))
