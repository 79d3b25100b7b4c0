"""What lint says about the forecasting keys of `data:` (no NumPy, no TensorFlow): log and
log1p together, a season that is not a positive row count."""

from __future__ import annotations

import pytest

from lstmspec.lint import analyse
from lstmspec.source.yaml_source import load_bytes

BASE = """\
input:
  shape: [4, 1]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 1
compile:
  loss: mse
data:
  kind: synthetic
"""
SERIES = BASE.replace("  kind: synthetic\n", "  kind: csv\n  path: x.csv\n  features: [a]\n"
                      "  targets: [a]\n  time: day\n")


def triples(text: str) -> set:
    result = analyse(load_bytes(text.encode(), "config.yaml"))
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics
            if d.severity.value == "error"}


def test_log_and_log1p_together_are_one_error_on_the_transform():
    text = SERIES + "  target_transform: {log: true, log1p: true}\n"
    assert ("LS304", 16, 21) in triples(text)
    assert not {t for t in triples(SERIES + "  target_transform: {log1p: true}\n")
                if t[0] == "LS304"}


@pytest.mark.parametrize("value, found", [("0", {("LS304", 16, 11)}), ("-3", {("LS304", 16, 11)}),
                                          ("'12'", {("LS303", 16, 11)}), ("12", set())])
def test_season_is_a_positive_row_count(value, found):
    errors = {t for t in triples(SERIES + f"  season: {value}\n") if t[0] in ("LS303", "LS304")}
    assert errors == found


def test_season_belongs_to_series_data():
    assert triples(BASE + "  season: 12\n") == {("LS304", 12, 11)}
