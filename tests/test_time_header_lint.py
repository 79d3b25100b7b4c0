"""A CSV whose time column has an empty header (pandas writes its index so: `,KSI,label`):
lint offers `time: ''` on LS403 for any other name, and `time: ''` lints clean. No NumPy."""

from __future__ import annotations

from lstmspec.lint import lint_file

CONFIG = """\
input: {{shape: [6, 1]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data:
  kind: csv
  path: s.csv
  time: {time}
  features: [KSI]
  targets: [KSI]
"""
ROWS = ",KSI,label\n" + "".join(f"{1990 + i // 12}-{1 + i % 12:02d},{i % 7},{i % 2}\n"
                                 for i in range(60))


def lint(tmp_path, time: str, rows: str = ROWS):
    (tmp_path / "s.csv").write_text(rows)
    (tmp_path / "c.yaml").write_text(CONFIG.format(time=time))
    return lint_file(str(tmp_path / "c.yaml")).diagnostics


def test_the_empty_name_quoted_names_the_empty_header(tmp_path):
    assert [d for d in lint(tmp_path, "''") if d.severity.value == "error"] == []
    assert [d for d in lint(tmp_path, '""') if d.severity.value == "error"] == []


def test_another_name_for_it_is_ls403_offering_the_empty_name(tmp_path):
    found = lint(tmp_path, '"Unnamed: 0"')  # pandas' name for the column when it reads it
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS403", 9, 9)]
    assert found[0].message.endswith("column 1 has an empty header (as pandas writes its "
                                     "index): name it with the empty name, quoted: time: ''")
    assert "(its columns: '', KSI, label)" in found[0].message


def test_the_empty_name_where_the_header_has_none_is_ls403(tmp_path):
    rows = ROWS.replace(",KSI,label", "month,KSI,label", 1)
    found = lint(tmp_path, "''", rows)
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS403", 9, 9)]
