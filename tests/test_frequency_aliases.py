"""data.frequency's usual aliases (`30min`, `1h`, `MS`, `Q`...) read as the long forms, the
accepted forms listed when a frequency is refused, and a strptime format with a directive
strptime does not have (`%q`) refused at lint, saying so (issue 20, items 7 and 8)."""

from __future__ import annotations

import pytest
from cli_support import check_golden

from lstmspec.lint import lint_text

CONFIG = """\
input: {{shape: [4, 1]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data:
  kind: csv
  path: series.csv
  features: [v]
  targets: [v]
  time: t
  {key}: {value}
"""


@pytest.fixture()
def folder(tmp_path):
    rows = "".join(f"{2000 + i},{i % 7}\n" for i in range(40))
    (tmp_path / "series.csv").write_text("t,v\n" + rows, encoding="utf-8")
    return tmp_path


def lint(folder, key: str, value: str):
    return lint_text(CONFIG.format(key=key, value=value), str(folder / "model.yaml"))


@pytest.mark.parametrize("alias, canonical", [
    ("30min", "30 minutes"), ("'30 min'", "30 minutes"), ("1h", "1 hour"), ("D", "1 day"),
    ("W", "1 week"), ("MS", "1 month"), ("M", "1 month"), ("QS", "1 quarter"),
    ("Q", "1 quarter"), ("Y", "1 year"), ("15T", "15 minutes"), ("2W", "2 weeks"),
    ("daily", "1 day"), ("'30 mins'", "30 minutes"), ("'7 days'", "7 days"),
    ("'1 quarter'", "1 quarter"), ("'5 steps'", "5 steps"), ("auto", "auto"),
])
def test_an_alias_reads_as_its_long_form(folder, alias, canonical):
    result = lint(folder, "frequency", alias)
    assert result.diagnostics == []
    assert result.model.data.frequency == canonical


@pytest.mark.parametrize("value", ["B", "ms", "3daily", "'30 minuets'", "m"])
def test_a_refused_frequency_lists_the_accepted_forms(folder, value):
    found = lint(folder, "frequency", value).diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS304", 12, 14)]
    assert "30min" in found[0].message and "quarterly" in found[0].message


@pytest.mark.parametrize("value, directive", [("'%Y Q%q'", "%q"), ("'%Y-%m-%e'", "%e"),
                                              ("'%Y %'", "%")])
def test_a_format_with_no_strptime_directive_is_refused(folder, value, directive):
    found = lint(folder, "time_format", value).diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS304", 12, 16)]
    assert f"`{directive}` is not a strptime directive" in found[0].message


def test_the_messages(folder):
    text = "".join(f"{d.code} {d.message}\n" for value in ("30minuets", "'%Y Q%q'")
                   for d in lint(folder, "frequency" if "%" not in value else "time_format",
                                 value).diagnostics)
    check_golden("frequency_messages.txt", text)


@pytest.mark.tf
def test_the_runner_steps_an_alias_like_its_long_form():
    from lstmspec.runner.series.timeaxis import parse_frequency
    from lstmspec.spec.sections.series import canonical_frequency

    for alias, long in (("30min", "30 minutes"), ("MS", "1 month"), ("Q", "3 months"),
                        ("1h", "60 minutes"), ("W", "7 days")):
        assert parse_frequency(canonical_frequency(alias)) == parse_frequency(long)


@pytest.mark.tf
def test_the_first_row_is_not_compared_with_rows_before_it():
    from lstmspec.runner.errors import DataError
    from lstmspec.runner.series.timeaxis import parse_times

    with pytest.raises(DataError) as first:
        parse_times(["1970 Q1", "1970 Q2"], [2, 3], "t", "q.csv", "%Y-%m")
    assert str(first.value) == ("q.csv, line 2, column 't': '1970 Q1' is not a time in the "
                                "format %Y-%m: correct it, or set data.time_format")
    with pytest.raises(DataError) as later:
        parse_times(["1970-01", "1970 Q2"], [2, 3], "t", "q.csv", "%Y-%m")
    assert "line 3" in str(later.value) and "like the rows before it" in str(later.value)
