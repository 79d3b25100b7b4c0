"""predict, forecast and evaluate on a file whose time axis is not the run's (LS470): a run
trained on daily, naive dates refuses an hourly file, a weekly one, a monthly one, integer
steps and times with UTC offsets (one located line, exit 1, before TensorFlow answers), and
still answers a daily file, with rows missing that its `missing: drop` accepts, exactly as
on its own data. Real TensorFlow: two tiny runs trained once for the module (the second with
an explicit `frequency: 1 day` and data.stream). The refusals are pinned in
tests/golden/use_other_frequency.txt (which also checks LS470's rule doc)."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from datetime import date, datetime, timedelta, timezone

import pytest
from cli_support import check_golden, lstmspec, lstmspec_outside_a_test

pytestmark = pytest.mark.tf

CONFIG = """\
input: {shape: [6, 2]}
layers:
  - {type: LSTM, units: 3}
  - {type: Dense, units: 1}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}
train: {epochs: 1, batch_size: 32, seed: 1}
output: {plots: false}
data: {kind: csv, path: daily.csv, time: day, features: [v, w], targets: [v], window: 6,
       missing: drop}
"""
START = datetime(2024, 1, 1)
ROWS = 120


def values(i: int) -> str:
    return f"{10 + math.sin(i / 5):.4f},{math.cos(i / 7):.4f}"


def write(path, times: list, skip=()) -> None:
    """Row i at times[i], its values those of day i; the rows in `skip` left out."""
    path.write_text("day,v,w\n" + "".join(f"{t},{values(i)}\n" for i, t in enumerate(times)
                                           if i not in skip))


def days(count: int) -> list:
    return [(date(2024, 1, 1) + timedelta(days=i)).isoformat() for i in range(count)]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("frequency")
    write(folder / "daily.csv", days(ROWS))
    (folder / "daily.yaml").write_text(CONFIG)
    ran = lstmspec_outside_a_test("run", str(folder / "daily.yaml"), "-q", "-o",
                                  str(folder / "run"))
    assert ran.code == 0, ran.err
    (folder / "streamed.yaml").write_text(CONFIG.replace("missing: drop", "missing: drop, "
                                                         "frequency: 1 day, stream: true"))
    ran = lstmspec_outside_a_test("run", str(folder / "streamed.yaml"), "-q", "-o",
                                  str(folder / "streamed"))
    assert ran.code == 0, ran.err
    shutil.copy(folder / "daily.csv", folder / "same.csv")
    write(folder / "hourly.csv",
          [(START + timedelta(hours=i)).isoformat(sep=" ") for i in range(48)])
    write(folder / "weekly.csv",
          [(date(2024, 1, 1) + timedelta(weeks=i)).isoformat() for i in range(30)])
    paris = timezone(timedelta(hours=1))
    write(folder / "offset.csv",
          [(START.replace(tzinfo=paris) + timedelta(days=i)).isoformat(sep=" ")
           for i in range(40)])
    write(folder / "gaps.csv", days(60), skip=(20, 21, 40))
    write(folder / "monthly.csv", [f"{2000 + i // 12}-{1 + i % 12:02d}-01" for i in range(30)])
    write(folder / "steps.csv", [str(i) for i in range(30)])
    return folder


def rows_of(text: str) -> list:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("run", ["run", "streamed"])
def test_the_run_keeps_the_time_axis_it_was_trained_on(project, run):
    stored = json.loads((project / run / "preparation.json").read_text())
    assert stored["time_axis"] == {"form": "dates", "how": "ISO dates",
                                   "step": {"size": 86400.0, "unit": "second"}}


def test_an_explicit_frequency_streamed_run_refuses_hourly_rows_as_ls470(capsys, project):
    """`frequency: 1 day` used to refuse an hourly file as LS630 saying to set
    data.frequency, which a trained run cannot; a data.stream run keeps its first file's
    axis."""
    ran = lstmspec(capsys, "predict", "streamed", "--data", "hourly.csv", cwd=project)
    assert ran.code == 1, ran.err
    assert ran.err.startswith("streamed:1:1: LS470 [error] hourly.csv, line 3, column 'day': ")
    same = lstmspec(capsys, "predict", "streamed", "--data", "gaps.csv", cwd=project)
    assert same.code == 0, same.err


def test_a_file_of_the_same_frequency_reproduces_the_runs_predictions(capsys, project):
    own = lstmspec(capsys, "predict", str(project / "run"))
    again = lstmspec(capsys, "predict", str(project / "run"), "--data",
                     str(project / "same.csv"))
    assert own.code == again.code == 0, again.err
    assert again.err == "" and again.out == own.out
    written = rows_of((project / "run" / "predictions.csv").read_text())
    answered = {row["day"]: row for row in rows_of(again.out)}
    assert written and all(answered[row["day"]] == row for row in written)


CASES = [
    ("predict", "run", "--data", "hourly.csv"),
    ("evaluate", "run", "--data", "hourly.csv"),
    ("forecast", "run", "--steps", "2", "--data", "hourly.csv"),
    ("predict", "run", "--data", "weekly.csv"),
    ("predict", "run", "--data", "offset.csv"),
    ("evaluate", "run", "--data", "offset.csv"),
    ("predict", "run", "--data", "monthly.csv"),
    ("predict", "run", "--data", "steps.csv"),
]


def test_another_step_or_form_is_one_located_line_exit_1(capsys, project):
    transcript = ""
    for case in CASES:
        ran = lstmspec(capsys, *case, cwd=project)
        assert ran.code == 1 and ran.out == "", ran.err
        assert ran.err.startswith("run:1:1: LS470 [error] ") and ran.err.count("\n") == 1
        transcript += f"$ lstmspec {' '.join(case)}\n{ran.err}"
    hourly, weekly, offset, monthly, steps = (
        f"{name}.csv, line {line}, column 'day': " for name, line in
        (("hourly", 3), ("weekly", 3), ("offset", 2), ("monthly", 3), ("steps", 2)))
    lines = transcript.splitlines()[1::2]
    assert [hourly in line for line in lines] == [True] * 3 + [False] * 5
    assert weekly in lines[3] and offset in lines[4] and offset in lines[5]
    assert monthly in lines[6] and " is 1 month after " in lines[6]  # counted in months
    assert steps in lines[7] and "a time in numbers" in lines[7]
    check_golden("use_other_frequency.txt", transcript)


def test_rows_missing_that_the_runs_policy_accepts_are_not_refused(capsys, project):
    """gaps.csv is daily with three rows missing (missing: drop skips the windows that touch
    them): every window it makes is answered as the same window of the run's own file."""
    gaps = lstmspec(capsys, "predict", str(project / "run"), "--data",
                    str(project / "gaps.csv"))
    full = lstmspec(capsys, "predict", str(project / "run"))
    assert gaps.code == full.code == 0, gaps.err
    assert gaps.err == "13 window(s) touch a gap and are not predicted: this run (missing: " \
        "drop) leaves them out, as training did\n"
    whole = {row["day"]: row for row in rows_of(full.out)}
    answered = [row for row in rows_of(gaps.out) if row["v_predicted"]]
    # a prediction for each day 7..61 (the day after the data too) whose 6 input rows miss
    # none of days 21, 22 and 41: 55 - 7 - 6
    assert len(answered) == 42
    for row in answered:
        assert float(row["v_predicted"]) == pytest.approx(float(whole[row["day"]]["v_predicted"]),
                                                         abs=1e-6)
    evaluated = lstmspec(capsys, "evaluate", str(project / "run"), "--data",
                         str(project / "gaps.csv"))
    assert evaluated.code == 0, evaluated.err


def test_rows_in_memory_are_checked_as_a_file_is(project):
    """serve's rows go through the same preparation: hourly rows are refused alike."""
    from lstmspec.runner.data.preparation import read
    from lstmspec.runner.errors import TimeAxisMismatch
    from lstmspec.runner.use.newdata import InMemory, read_series

    prep = read(str(project / "run"))
    rows = [{"day": (START + timedelta(hours=i)).isoformat(sep=" "), "v": 1.0 + i % 3,
             "w": 0.5 * i} for i in range(10)]
    with pytest.raises(TimeAxisMismatch, match=r"^request, line 2, column 'day': .* 1 hour "):
        read_series(prep, InMemory(rows), "request")
    daily = [dict(row, day=(START + timedelta(days=i)).date().isoformat())
             for i, row in enumerate(rows)]
    assert read_series(prep, InMemory(daily), "request").rows == 10
