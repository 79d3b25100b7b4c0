"""Real series at the data level (NumPy only, no TensorFlow): time parsing and frequency,
gaps and `missing`, calendar features, target transforms undone, series ids, CSV dialects
and Parquet. Each bad input is one located DataError; expected values are computed here
independently of the loader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lstmspec.lint import lint_file
from lstmspec.runner.data import load
from lstmspec.runner.errors import DataError
from conftest import child_env, lstmspec_argv

pytestmark = pytest.mark.tf

ROOT = Path(__file__).resolve().parent.parent
CO2 = ROOT / "examples" / "data" / "co2.csv"
GRUNFELD = ROOT / "examples" / "data" / "grunfeld.csv"
HEAD = """\
input: {{shape: [{window}, {width}]}}
layers:
  - {{type: LSTM, units: 2}}
  - {{type: Dense, units: {units}}}
compile: {{loss: mse}}
data:
  kind: csv
  path: {path}
"""


def config(tmp_path, data: str, window: int = 4, width: int = 1, units: int = 1,
           clean: bool = True):
    text = HEAD.format(window=window, width=width, units=units, path="s.csv") + \
        "".join(f"  {line}\n" for line in data.strip().splitlines())
    (tmp_path / "c.yaml").write_text(text)
    result = lint_file(str(tmp_path / "c.yaml"))
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    assert not (errors and clean), [d.message for d in errors]
    return result


def load_data(tmp_path, csv_text: str | bytes, data: str, clean: bool = True, **shape):
    target = tmp_path / "s.csv"
    target.write_bytes(csv_text if isinstance(csv_text, bytes) else csv_text.encode())
    result = config(tmp_path, data, clean=clean, **shape)
    return load(result.model, [i.spec for i in result.inference.layers], result.source.path,
                result.inference.output[0])


def error_of(tmp_path, csv_text, data, **shape) -> str:
    with pytest.raises(DataError) as caught:
        load_data(tmp_path, csv_text, data, clean=False, **shape)
    message = str(caught.value)
    assert "\n" not in message
    return message


def weekly(values, start="2020-01-06", missing_weeks=()) -> str:
    days = np.datetime64(start) + 7 * np.arange(len(values) + len(missing_weeks))
    keep = [d for i, d in enumerate(days) if i not in missing_weeks]
    return "day,v\n" + "".join(f"{d},{v}\n" for d, v in zip(keep, values))


# -- the time column -----------------------------------------------------------------------

@pytest.mark.parametrize("cells, expected_step", [
    (["19580329", "19580405", "19580412"], "1 week"),
    (["1995-01-31", "1995-02-28", "1995-03-31"], "1 month"),  # month ends
    (["1995-01-01", "1995-04-01", "1995-07-01"], "1 quarter"),
    (["Jan-1-1995", "Jan-2-1995", "Jan-3-1995"], "1 day"),
    (["1995-01", "1995-02", "1995-03"], "1 month"),
    (["2020-01-01T00:00", "2020-01-01T06:00", "2020-01-01T12:00"], "6 hours"),
    (["1700", "1701", "1702"], "1"),
])
def test_time_formats_and_inferred_frequency(cells, expected_step):
    from lstmspec.runner.series.spacing import infer_step
    from lstmspec.runner.series.timeaxis import parse_times

    times = parse_times(cells, [2, 3, 4], "t", "s.csv")
    assert infer_step(times, [(0, 3)]).describe() == expected_step


@pytest.mark.parametrize("rows, expected", [
    ("t,v\n2020-01-01,1\n2020-01-02,2\n01/03/2020,3\n", ["line 4", "'01/03/2020'", "time_format"]),
    ("t,v\n1,1\n2,2\n2,3\n3,4\n", ["line 4", "repeats line 3", "data.series"]),
    ("t,v\n1,1\n3,2\n2,3\n4,4\n", ["line 4", "2 comes before 3 of line 3", "sort"]),
    ("t,v\n1,1\n2,2\n3.5,3\n", ["line 4", "3.5 is not a whole number of steps of 1"]),
    ("t,v\nfoo,1\nbar,2\n", ["line 2", "'foo' is not a time", "time_format"]),
])
def test_bad_time_columns_are_located(tmp_path, rows, expected):
    message = error_of(tmp_path, rows, "time: t\nfeatures: [v]\ntargets: [v]", window=1)
    assert all(part in message for part in expected), message


def test_time_format_reads_other_dates(tmp_path):
    rows = "t,v\n" + "".join(f"{d:02d}/01/2020,{d}\n" for d in range(1, 21))
    data = load_data(tmp_path, rows, "time: t\ntime_format: '%d/%m/%Y'\nfeatures: [v]\n"
                     "targets: [v]")
    assert str(data.times[0]) == "2020-01-01T00:00:00"


# -- gaps ------------------------------------------------------------------------------------

def test_gap_error_counts_cells_and_rows_missing_from_the_frequency(tmp_path):
    values = [str(v) for v in range(30)]
    values[5] = ""
    message = error_of(tmp_path, weekly(values, missing_weeks=(12, 13)),
                       "time: day\nfeatures: [v]\ntargets: [v]")
    assert message.startswith("s.csv: 3 missing value(s) (3 in column 'v', 2 of them row(s) "
                              "missing from the time column's frequency), first at line 7, a "
                              "row missing after line 13"), message
    assert "data.missing" in message


def test_co2_error_names_59_gaps(tmp_path):
    message = error_of(tmp_path, CO2.read_bytes(), "time: date\nfeatures: [co2]\ntargets: [co2]")
    assert "59 missing value(s)" in message and "lines 8, 11, 12, 13, 14" in message


def test_drop_skips_exactly_the_windows_that_touch_a_gap(tmp_path):
    values = [float(v) for v in range(40)]
    text = weekly([("" if i in (10, 25) else v) for i, v in enumerate(values)],
                  missing_weeks=(33,))
    data = load_data(tmp_path, text, "time: day\nfeatures: [v]\ntargets: [v]\nmissing: drop\n"
                     "split: {train: 1.0, validation: 0.0}")
    # rows after inserting week 33: 41; gaps at rows 10, 25, 33; a sample spans 5 rows
    expected = [s for s in range(41 - 5 + 1) if not {10, 25, 33} & set(range(s, s + 5))]
    assert (data.first_rows["train"] - 4).tolist() == expected
    assert len(data.row_labels) == 41 and data.row_labels[33] == "2020-08-24"


@pytest.mark.parametrize("policy, expected", [("ffill", [3.0, 3.0, 3.0]),
                                              ("interpolate", [3.75, 4.5, 5.25])])
def test_fill_policies(tmp_path, policy, expected):
    values = [float(v) for v in range(20)]
    text = weekly([("" if i in (4, 5) else v) for i, v in enumerate(values)],
                  missing_weeks=(6,))  # rows 4, 5 empty, week 6 absent, 6.0 in week 7
    data = load_data(tmp_path, text, f"time: day\nfeatures: [v]\ntargets: [v]\n"
                     f"missing: {policy}\nnormalize: none")
    assert data.raw_targets[4:7, 0].tolist() == expected


def test_max_gap_is_an_error_beyond_it(tmp_path):
    text = weekly([("" if 3 <= i <= 6 else float(i)) for i in range(20)])
    message = error_of(tmp_path, text, "time: day\nfeatures: [v]\ntargets: [v]\n"
                       "missing: interpolate\nmax_gap: 3")
    assert "line 5, column 'v': a gap of 4 rows, longer than data.max_gap 3" in message


def test_a_series_that_starts_with_a_gap_cannot_be_filled(tmp_path):
    text = weekly([""] + [float(i) for i in range(19)])
    message = error_of(tmp_path, text, "time: day\nfeatures: [v]\ntargets: [v]\nmissing: ffill")
    assert "line 2, column 'v': the series starts with a gap" in message


# -- calendar --------------------------------------------------------------------------------

def test_calendar_pairs_follow_the_features(tmp_path):
    days = np.datetime64("2024-01-01") + np.arange(20)  # a Monday
    text = "day,v\n" + "".join(f"{d},{i}\n" for i, d in enumerate(days))
    data = load_data(tmp_path, text, "time: day\nfeatures: [v]\ntargets: [v]\n"
                     "calendar: [day_of_week, month]\nsplit: {train: 1.0, validation: 0.0}",
                     width=5)
    x = data.x["train"]
    first = data.first_rows["train"][0] - 4  # the first row of the first window
    assert first == 0
    week = 2 * np.pi * np.arange(4) / 7  # Monday, Tuesday, ...
    np.testing.assert_allclose(x[0, :, 1], np.sin(week), atol=1e-6)
    np.testing.assert_allclose(x[0, :, 2], np.cos(week), atol=1e-6)
    np.testing.assert_allclose(x[0, :, 3:], [[0.0, 1.0]] * 4, atol=1e-6)  # January


def test_calendar_needs_dates(tmp_path):
    text = "t,v\n" + "".join(f"{1900 + i},{i}\n" for i in range(20))
    message = error_of(tmp_path, text, "time: t\nfeatures: [v]\ntargets: [v]\n"
                       "calendar: [month]", width=3)
    assert "data.calendar needs dates in the time column 't', but it holds numbers" in message


# -- target transforms ----------------------------------------------------------------------

@pytest.mark.parametrize("transform", [
    {"difference": 1}, {"difference": 2}, {"difference": 1, "lag": 3},
    {"log": True}, {"log": True, "difference": 2, "lag": 2}])
def test_transforms_are_undone_exactly(transform):
    from lstmspec.runner.series.gaps import Rows
    from lstmspec.runner.series.transforms import forward, inverse
    from lstmspec.spec.sections.series import TargetTransform

    spec = TargetTransform(**transform)
    rng = np.random.default_rng(5)
    levels = np.exp(rng.normal(size=(30, 2)).cumsum(axis=0) * 0.1) + 1.0
    changed = forward(levels, [(0, 30)], spec, ["a", "b"], Rows(np.arange(2, 32)), "s.csv")
    first, horizon = 20, 5  # forecast rows 20-24 from the history before them
    history = levels[first - spec.warmup:first][None]
    restored = inverse(changed[first:first + horizon][None], history, spec)
    np.testing.assert_allclose(restored[0], levels[first:first + horizon], rtol=1e-10)


def test_differenced_model_outputs_come_back_in_original_units(tmp_path):
    values = [10.0 + i * i * 0.1 for i in range(40)]
    text = "t,v\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values))
    data = load_data(tmp_path, text, "time: t\nfeatures: [v]\ntargets: [v]\nhorizon: 3\n"
                     "target_transform: {difference: 1}", units=3)
    for part in data.x:  # the scaled targets, put back, are the rows' own values
        np.testing.assert_allclose(data.original(part, data.y[part]), data.actual(part),
                                   rtol=1e-6)  # y is float32
    assert (data.first_rows["train"] - 4).min() == 1  # row 0 has no difference


def test_log_of_a_negative_value_is_located(tmp_path):
    text = "t,v\n" + "".join(f"{i},{i - 3}\n" for i in range(20))
    message = error_of(tmp_path, text, "time: t\nfeatures: [v]\ntargets: [v]\n"
                       "target_transform: {log: true}")
    assert "line 2, column 'v': -3 has no logarithm" in message


# -- several series in one file ------------------------------------------------------------

GRUNFELD_DATA = ("series: firm\ntime: year\nfeatures: [invest, value, capital]\n"
                 "targets: [invest, value]\n")


@pytest.fixture(scope="module")
def grunfeld(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grunfeld")
    return load_data(folder, GRUNFELD.read_bytes(), GRUNFELD_DATA + "normalize_scope: series",
                     window=5, width=3, units=2)


def test_windows_never_cross_two_series(grunfeld):
    rows_per_firm = 20
    for part in grunfeld.x:
        first_input = grunfeld.first_rows[part] - 5
        last_target = grunfeld.first_rows[part]
        assert (first_input // rows_per_firm == last_target // rows_per_firm).all()
        assert (grunfeld.sample_series[part] == last_target // rows_per_firm).all()
    # 20 years cut 70/15/15 per firm: 14 training years give 14 - 5 samples per firm
    assert grunfeld.size("train") == 11 * 9


def test_per_series_statistics_scale_each_firm_on_its_own_training_years(grunfeld):
    stats = grunfeld.target_statistics
    invest = np.loadtxt(GRUNFELD, delimiter=",", skiprows=1, usecols=0).reshape(11, 20)
    np.testing.assert_allclose(stats.shift[:, 0], invest[:, :14].mean(axis=1))
    np.testing.assert_allclose(stats.scale[:, 0], invest[:, :14].std(axis=1))
    assert grunfeld.series_label("test")[0] == "General Motors"


def test_split_by_series_keeps_whole_firms_apart(tmp_path):
    data = load_data(tmp_path, GRUNFELD.read_bytes(), GRUNFELD_DATA + "split_by: series",
                     window=5, width=3, units=2)
    parts = {part: set(data.series_label(part)) for part in data.x}
    assert len(parts["train"]) == 8 and len(parts["validation"]) == 2
    assert parts["test"] == {"American Steel"}
    assert data.size("train") == 8 * 15


def test_a_panel_without_series_is_refused_where_the_year_repeats(tmp_path):
    message = error_of(tmp_path, GRUNFELD.read_bytes(), "time: year\nfeatures: [invest]\n"
                       "targets: [invest]", window=5)
    assert message.startswith("s.csv, line 22, column 'year': 1935 comes before 1954 of line "
                              "21: sort the rows by time (several series in one file?")


# -- CSV dialects and Parquet ---------------------------------------------------------------

PLAIN = "t,a,b\n" + "".join(f"{i},{i * 0.5},{10 - i * 0.25}\n" for i in range(20))


@pytest.mark.parametrize("dialect, text", [
    ("", ("\ufeff" + PLAIN.replace("t,a,b", '"t","a","b"')).replace("\n", "\r\n")),
    ("delimiter: ';'\ndecimal: ','",
     PLAIN.replace(",", ";").replace(".", ",")),
    ("delimiter: \"\\t\"", PLAIN.replace(",", "\t")),
])
def test_csv_dialects_read_the_same_numbers(tmp_path, dialect, text):
    base = load_data(tmp_path, PLAIN, "time: t\nfeatures: [a, b]\ntargets: [b]", width=2)
    other = load_data(tmp_path, text.encode("utf-8"),
                      f"time: t\nfeatures: [a, b]\ntargets: [b]\n{dialect}", width=2)
    for part in base.x:
        np.testing.assert_array_equal(base.x[part], other.x[part])
        np.testing.assert_array_equal(base.y[part], other.y[part])


def test_decimal_comma_without_the_option_is_located_with_a_hint(tmp_path):
    text = "t;a\n" + "".join(f"{i};{i},5\n" for i in range(20))
    message = error_of(tmp_path, text, "time: t\nfeatures: [a]\ntargets: [a]\ndelimiter: ';'")
    assert "line 2, column 'a': '0,5' is not a number" in message
    assert "data.decimal: ','" in message


def test_parquet_reads_like_the_csv(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    base = load_data(tmp_path, PLAIN, "time: t\nfeatures: [a, b]\ntargets: [b]", width=2)
    table = pa.table({"t": list(range(20)), "a": [i * 0.5 for i in range(20)],
                      "b": [10 - i * 0.25 for i in range(20)]})
    pq.write_table(table, tmp_path / "s.parquet")
    text = HEAD.format(window=4, width=2, units=1, path="s.parquet").replace(
        "kind: csv", "kind: parquet") + "  time: t\n  features: [a, b]\n  targets: [b]\n"
    (tmp_path / "p.yaml").write_text(text)
    result = lint_file(str(tmp_path / "p.yaml"))
    assert [d.code for d in result.diagnostics] == []
    other = load(result.model, [i.spec for i in result.inference.layers], result.source.path,
                 result.inference.output[0])
    for part in base.x:
        np.testing.assert_array_equal(base.x[part], other.x[part])


@pytest.mark.subprocess
def test_linting_real_series_configs_imports_no_numpy_nor_pyarrow(tmp_path):
    """The series rules (columns, calendar count, gaps, series lengths, Parquet schema) read
    the files without NumPy, pyarrow or TensorFlow."""
    import subprocess

    parquet = tmp_path / "p.yaml"
    parquet.write_text((ROOT / "lstmspec" / "ruledocs" / "LS467.md").read_text().split(
        "```yaml\n")[1].split("```")[0].replace("tests/data", str(ROOT / "tests" / "data")))
    done = subprocess.run(lstmspec_argv("lint", ROOT / "examples" / "co2_weekly.yaml",
                                        ROOT / "examples" / "grunfeld_panel.yaml", parquet,
                                        python=("-X", "importtime")),
                          capture_output=True, text=True, timeout=60, env=child_env())
    assert done.returncode == 0, done.stdout
    loaded = {line.rsplit("|", 1)[1].strip().split(".")[0]
              for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not loaded & {"numpy", "pyarrow", "tensorflow", "keras", "pandas"}
