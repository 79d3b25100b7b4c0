"""The time axis a run was trained on, and whether new data has the same one: the form of
the time column (numbers, dates, or dates with a UTC offset) and the step the frequency
inference finds in it (spacing.infer_step, the most common step: a gap does not change it).

Training stores the axis in preparation.json (`time_axis`); predict, forecast, evaluate and
serve's rows refuse a file whose axis differs (TimeAxisMismatch, LS470): the model would read
another sampling rate, and its calendar features another clock, and answer confidently.
"""

from __future__ import annotations

import numpy as np

from ..errors import TimeAxisMismatch
from .timeaxis import Step, Times

FORMS = ("numbers", "dates", "dates with a UTC offset")
WORDS = {"numbers": "numbers", "dates": "dates without a UTC offset",
         "dates with a UTC offset": "dates with a UTC offset"}


def form_of(times: Times) -> str:
    if not times.dates:
        return FORMS[0]
    return FORMS[2] if times.offsets is not None else FORMS[1]


def axis_of(times: Times, step: Step | None) -> dict:
    """What preparation.json keeps of a training time column (`step`: the inferred one, None
    for `frequency: irregular` or a column too short to have one)."""
    return {"form": form_of(times), "how": times.how,
            "step": None if step is None else {"size": float(step.size), "unit": step.unit}}


def table_axis(table) -> dict | None:
    """The time axis of a read table (series/table.py), or None without a time column."""
    return None if table.times is None else axis_of(table.times, table.observed)


def trained_on(axis: dict) -> str:
    step = axis.get("step")
    every = f" every {Step(step['size'], step['unit']).describe()}" if step else ""
    return f"{axis['how']}{every}"


def check_axis(axis: dict, times: Times, step: Step | None, segments: list, lines: list,
               where: dict) -> None:
    """Refuse new data whose time column has another form or another inferred `step` than
    the run's `axis` (step None: not compared, e.g. one row or an irregular run)."""
    written, column = where["written"], where["column"]
    form = form_of(times)
    if form != axis["form"] and len(lines):
        cells = where.get("cells")
        shown = f"'{cells[0][:40]}'" if cells else times.text(0)
        raise TimeAxisMismatch(
            f"{written}, line {lines[0]}, column '{column}': {shown} is a time in "
            f"{WORDS[form]}{'' if times.how == form else f' ({times.how})'}, but this run "
            f"was trained on {WORDS[axis['form']]} "
            f"({trained_on(axis)}): the model would read its steps and calendar features on "
            f"another axis: write the times as the training data did, or train a run on "
            "data in this form")
    wanted = axis.get("step")
    if step is None or wanted is None:
        return
    if step.unit == wanted["unit"] and abs(step.size - wanted["size"]) <= \
            1e-9 * max(abs(step.size), 1.0):
        return
    at = first_step(times, step, segments)
    run = Step(wanted["size"], wanted["unit"]).describe()
    raise TimeAxisMismatch(
        f"{written}, line {lines[at]}, column '{column}': {times.text(at)} is "
        f"{step.describe()} after {times.text(at - 1)} (line {lines[at - 1]}), the step of "
        f"most of the file, but this run was trained on a step of {run} ({axis['how']}): "
        f"the model would read another sampling rate: resample the file to a step of "
        f"{run}, or train a run on data of this frequency")


def first_step(times: Times, step: Step, segments: list) -> int:
    """The first row that is `step` after the row before it (inside one series)."""
    position = step.position(times)
    for begin, end in segments:
        hits = np.flatnonzero(np.abs(np.diff(position[begin:end]) - step.size)
                              <= 1e-9 * max(abs(step.size), 1.0))
        if len(hits):
            return begin + int(hits[0]) + 1
    return 1
