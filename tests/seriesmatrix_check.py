"""One cell of the series matrix (tests/seriesmatrix.py) run in this process and checked.

`check(cell, folder)` lints the cell's config (a cell that must not lint clean,
Cell.expected_lint, must be refused with that code, and every other cell must lint clean),
runs it, and asserts on the run's own data:
- `predict RUN` reproduces every row of predictions.csv (key, time, actual, predicted);
- `evaluate RUN` reproduces every number of metrics.json;
- `forecast RUN --steps horizon + 2` writes the times that follow the data, in its own form
  (offset included), and its first `horizon` steps equal the last window's prediction;
- every time written is the generator's label of its row, and parses back to its instant;
- with place=moved, all of this holds with the project (run and data) moved elsewhere
  after the run;
- nothing is printed that was not asked for: no Python warning, and stderr holds only the
  notes lstmspec means to print.
A cell that `run` must refuse (Cell.expected_refusal) must be refused in one coded line.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime

from seriesmatrix import Cell, Written, write_data

# Python shows these only to the code of __main__ (its default warning filters): a user of
# the command never sees a library's DeprecationWarning, so neither does this check.
SILENT = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
NOTES = (  # what lstmspec prints on stderr on purpose
    re.compile(r"^Forecast: \d+ steps?"),
    re.compile(r"^\d+ window\(s\) touch a gap and are not predicted"),
)


@dataclass
class Outcome:
    cell: Cell
    status: str  # passed, failed, refused (by run, as expected), rejected (by lint, as expected)
    problems: list = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Ran:
    code: int
    out: str
    err: str
    warned: list


def invoke(*args: str, cwd=None) -> Ran:
    """`lstmspec ARGS` in this process: exit status, output, and the warnings it raised."""
    import os

    from lstmspec.cli import main
    from lstmspec.settings import clear_cache

    clear_cache()
    out, err, argv, old = io.StringIO(), io.StringIO(), sys.argv, os.getcwd()
    sys.argv, code = ["lstmspec", *args], 0
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            if cwd:
                os.chdir(cwd)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                main()
        except SystemExit as exited:
            code = exited.code or 0
        finally:
            sys.argv = argv
            os.chdir(old)
    return Ran(code, out.getvalue(), err.getvalue(),
               [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
                for w in warned if not issubclass(w.category, SILENT)])


def rows_of(text: str) -> list:
    return list(csv.DictReader(io.StringIO(text)))


def check(cell: Cell, folder) -> Outcome:
    from lstmspec.lint import lint_file

    start = time.monotonic()
    project = folder / "project"
    project.mkdir(parents=True)
    written = write_data(cell, project)
    (project / "c.yaml").write_text(written.config)
    result = lint_file(str(project / "c.yaml"))
    codes = sorted({d.code for d in result.diagnostics if d.severity.value == "error"})
    if codes or cell.expected_lint:
        if codes == [cell.expected_lint]:
            return Outcome(cell, "rejected", codes, time.monotonic() - start)
        return Outcome(cell, "failed", [f"lint: errors {codes}, expected "
                                        f"{[cell.expected_lint] if cell.expected_lint else []}"],
                       time.monotonic() - start)
    problems: list = []
    ran = invoke("run", "c.yaml", "-q", "-o", "run", cwd=project)
    quiet(problems, "run", ran, allowed_err=())
    if cell.expected_refusal:
        lines = ran.err.strip().splitlines()
        if ran.code != 1 or len(lines) != 1 or " LS418 [error] " not in lines[0]:
            problems.append(f"run: expected one LS418 line ({cell.expected_refusal}), got "
                            f"exit {ran.code}: {ran.err.strip()[:300]}")
        return Outcome(cell, "failed" if problems else "refused", problems,
                       time.monotonic() - start)
    if ran.code != 0:
        problems.append(f"run: exit {ran.code}: {ran.err.strip()[:400]}")
        return Outcome(cell, "failed", problems, time.monotonic() - start)
    try:
        verify(cell, written, project, folder, problems)
    except Exception as err:  # a check that cannot even read an answer: the cell fails
        problems.append(f"the answers cannot be checked: {type(err).__name__}: {err}")
    return Outcome(cell, "failed" if problems else "passed", problems, time.monotonic() - start)


def verify(cell: Cell, written: Written, project, folder, problems: list) -> None:
    """The invariants, on the run where it was made or (place=moved) with the project moved
    elsewhere first: the run must answer the same from anywhere."""
    if cell.place == "moved":
        moved = folder / "moved"
        shutil.move(str(project), str(moved))
        project = moved
    answers = answer(cell, project / "run", problems)
    if answers is not None:
        check_answers(cell, written, project / "run", answers, problems)


def answer(cell: Cell, run, problems: list) -> dict | None:
    """The three answers on the run's own data: predict's and forecast's CSV, and evaluate's
    JSON without its `data` (the path of the file, which moves with the run)."""
    out = {}
    for name, args in (("predict", ()), ("forecast", ("--steps", str(cell.horizon + 2))),
                       ("evaluate", ("--format", "json"))):
        ran = invoke(name, str(run), *args)
        quiet(problems, name, ran, allowed_err=NOTES)
        if ran.code != 0:
            problems.append(f"{name}: exit {ran.code}: {ran.err.strip()[:400]}")
            return None
        out[name] = ran.out
    scores = json.loads(out["evaluate"])
    scores.pop("data", None)
    out["evaluate"] = scores
    return out


def quiet(problems: list, name: str, ran: Ran, allowed_err) -> None:
    for warning in ran.warned:
        problems.append(f"{name} raised a warning: {warning[:300]}")
    if ran.code != 0:
        return
    for line in ran.err.splitlines():
        if not any(p.match(line) for p in allowed_err):
            problems.append(f"{name} printed on stderr: {line[:300]}")


def check_answers(cell: Cell, written: Written, run, answers: dict, problems: list) -> None:
    predicted = rows_of(answers["predict"])
    with open(run / "predictions.csv", newline="") as handle:
        stored = list(csv.DictReader(handle))
    key = ["id"] if cell.series != "off" else []
    check_times(cell, written, "predictions.csv", stored, key, problems)
    check_times(cell, written, "predict", predicted, key, problems)
    again = {tuple(r[k] for k in key + ["t"]): r for r in predicted}
    for row in stored:
        other = again.get(tuple(row.get(k, "") for k in key + ["t"]))
        if other is None:
            problems.append(f"predictions.csv row {row.get('id', '')} {row['t']} is not "
                            "in predict's answer")
            break
        differs = [c for c in other if c not in key + ["t"] and other[c] != row.get(c)]
        if differs:
            problems.append(f"predict differs from predictions.csv at {row['t']}: " + ", ".join(
                f"{c} {other[c]} != {row.get(c)}" for c in differs[:3]))
            break
    check_metrics(json.loads((run / "metrics.json").read_text()), answers["evaluate"],
                  "metrics.json", problems)
    check_forecast(cell, written, predicted, rows_of(answers["forecast"]), key, problems)


def check_times(cell: Cell, written: Written, name: str, rows: list, key: list,
                problems: list) -> None:
    """Every time is the label of a row of its series, in increasing row order, and parses
    back to that row's instant."""
    axis = cell.axis
    labels = {axis.label(r): r for r in range(written.rows + cell.horizon + 2)}
    last: dict = {}
    for row in rows:
        series = tuple(row[k] for k in key)
        at = labels.get(row["t"])
        if at is None or at <= last.get(series, -1):
            problems.append(f"{name}: the time {row['t']!r} is not the label of the next row "
                            f"(after row {last.get(series)}: {axis.label(last.get(series, 0))})")
            return
        last[series] = at
        if parse_back(cell, row["t"]) != axis.instant(at):
            problems.append(f"{name}: {row['t']!r} does not parse back to {axis.instant(at)}")
            return


def parse_back(cell: Cell, text: str):
    """A time cell read back by Python alone (not lstmspec): its number or instant."""
    axis = cell.axis
    if not axis.dates:
        return float(text)
    if axis.time_format:
        return datetime.strptime(text, axis.time_format)
    quarter = re.fullmatch(r"([0-9]{4})[ -]?Q([1-4])", text)
    if quarter:
        return datetime(int(quarter.group(1)), 3 * int(quarter.group(2)) - 2, 1)
    for fmt in ("%Y%m%d", "%Y-%m", "%b-%d-%Y"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, fmt)
    return datetime.fromisoformat(text)


def check_metrics(expected, got, where: str, problems: list) -> None:
    """Every value of metrics.json in evaluate's answer: numbers to 1e-5 (Keras averages
    its loss over batches of another size), the rest equal."""
    if isinstance(expected, dict):
        for name, value in expected.items():
            if not isinstance(got, dict) or name not in got:
                problems.append(f"evaluate lacks {where}.{name}")
            else:
                check_metrics(value, got[name], f"{where}.{name}", problems)
        return
    if isinstance(expected, float) and isinstance(got, (int, float)) and \
            not isinstance(got, bool):
        if abs(expected - got) > 1e-5 * max(1.0, abs(expected)):
            problems.append(f"evaluate {where} {got} != metrics.json {expected}")
    elif expected != got:
        problems.append(f"evaluate {where} {got!r} != metrics.json {expected!r}")


def check_forecast(cell: Cell, written: Written, predicted: list, forecast: list, key: list,
                   problems: list) -> None:
    axis = cell.axis
    steps = cell.horizon + 2
    for series in written.ids:
        mine = [r for r in forecast if not key or r["id"] == series]
        expected = [axis.label(written.rows + k) for k in range(steps)]
        if [r["t"] for r in mine] != expected:
            problems.append(f"forecast times {[r['t'] for r in mine]} != {expected}")
            return
        last = [r for r in predicted if (not key or r["id"] == series)][-1]
        for k in range(cell.horizon):
            column = "v_predicted" if cell.horizon == 1 else f"v+{k + 1}_predicted"
            if abs(float(mine[k]["v"]) - float(last[column])) > 1e-5 * max(1.0, abs(float(
                    last[column]))):
                problems.append(f"forecast step {k + 1} {mine[k]['v']} != the last window's "
                                f"prediction {last[column]}")
                return


def shrink(cell: Cell, folder_of, failing) -> Cell:
    """The simplest cell that still fails: each dimension set back to its first value while
    the cell still fails (`failing(outcome)`), until none can be."""
    from seriesmatrix import DIMENSIONS

    changed = True
    while changed:
        changed = False
        for name, choices in DIMENSIONS.items():
            if getattr(cell, name) == choices[0]:
                continue
            simpler = cell.replaced(**{name: choices[0]})
            if simpler.valid and failing(check(simpler, folder_of(simpler))):
                cell, changed = simpler, True
    return cell
