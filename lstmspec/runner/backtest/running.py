"""The backtest loop: prepare every fold's files, train (each fold in its own process with
--jobs > 1, or in this one), score, and write backtest.json, backtest.csv and backtest.png.
A fold that finished left fold-K/score.json and forecasts.npz: a killed backtest started
again skips it (and a fold's run resumes after its last checkpoint, as `run` does)."""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context

from ...datafacts.files import resolve
from ...source.atomic import write_json
from ..data.csv_series import prepare_files
from ..errors import BaselineUnavailable, DataError, RunError
from ..series.baselines import resolved_season
from . import folds as cut
from .report import write_outputs


@dataclass
class Options:
    out_dir: str
    folds: int = 5
    step: int | None = None  # default: the horizon
    refit: bool = True
    jobs: int = 1
    device: str = "cpu"
    require_beats: str | None = None


def backtest(result, options: Options, echo) -> dict:
    """Every fold of the config `result` holds (lint passed); returns backtest.json's dict."""
    from ..run import with_defaults

    model = with_defaults(result.model)
    cut.check(model, None)
    data = model.data
    source = resolve(result.source.path, data.path)
    try:
        rows = prepare_files([source], data)
    except DataError as err:  # the data as `run` reads it: its own line, LS418
        raise RunError(str(err)) from None
    if options.require_beats == "seasonal_naive" and \
            not resolved_season(data.season, rows.table.step):
        raise BaselineUnavailable("--require-beats seasonal_naive: this series has no season "
                                  "(years, plain steps, no time column, or data.season: 1): "
                                  "set data.season, or require naive")
    plan = cut.plan(options.folds, options.step or data.horizon, data.horizon,
                    options.out_dir)
    cut.check_room(model, rows, plan)
    jobs = prepare(result.source.path, source, rows, plan, options, data.horizon)
    done = {}
    if not options.refit:  # one model, trained before the first origin
        train(jobs[0]["config"], jobs[0]["run"], options.device)
        jobs = [{**job, "config": None} for job in jobs]
    for fold, score in run_jobs(jobs, options):
        done[fold] = score
        echo(f"Fold {fold}/{len(plan)} (origin {score['origin']}): MAE "
             f"{_num(score['units']['mae'])}, MASE {_num(score['units']['mase'])}")
    return write_outputs(options.out_dir, [done[k] for k in sorted(done)], rows, data,
                         options, echo)


def _num(value) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def prepare(config_path: str, source: str, rows, plan: list, options: Options,
            horizon: int) -> list:
    """Each fold's folder: its training cut, its config, and the data up to its origin plus
    the horizon (what it is scored on)."""
    os.makedirs(options.out_dir, exist_ok=True)
    jobs = []
    first_cut = plan[0].back
    for fold in plan:
        os.makedirs(fold.folder, exist_ok=True)
        actual = os.path.join(fold.folder, "actual.csv")
        cut.write_cut(source, actual, cut.cut_lines(rows, fold.back, horizon))
        trains = fold.folder if options.refit else os.path.join(options.out_dir, "fit")
        os.makedirs(trains, exist_ok=True)
        config = os.path.join(trains, "config.yaml")
        if options.refit or fold.number == 1:
            train_file = os.path.join(trains, "train.csv")
            cut.write_cut(source, train_file, cut.cut_lines(rows, fold.back if options.refit
                                                               else first_cut))
            cut.fold_config(config_path, config, train_file)
        begin, end = rows.table.segments[0]
        at = end - fold.back
        origin = rows.labels[at] if rows.table.labels else str(at - begin + 1)
        jobs.append({"fold": fold.number, "folder": fold.folder, "config": config,
                     "run": os.path.join(trains, "run"), "actual": actual, "origin": origin,
                     "device": options.device})
    return jobs


def run_jobs(jobs: list, options: Options):
    """(fold, score) as each finishes: in this process with one job, else in a pool of
    spawned processes (TensorFlow is not fork-safe)."""
    if options.jobs <= 1:
        for job in jobs:
            yield job["fold"], fold_job(job)
        return
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(fold_job, job): job["fold"] for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()


def train(config: str, run_dir: str, device: str) -> None:
    """`run` on a fold's config, quietly (a finished run is left as it is; an interrupted
    one resumes)."""
    from ...lint import lint_file
    from ..run import RunOptions, run

    result = lint_file(config)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors or result.model is None:
        first = errors[0] if errors else None
        raise cut.BacktestRefused(f"{config}: a fold's config does not lint clean"
                                  + (f": {first.code} {first.message}" if first else ""))
    state = os.path.join(run_dir, "run.json")
    if os.path.isfile(state):
        with open(state, encoding="utf-8") as handle:
            if json.load(handle).get("status") == "complete":
                return
    run(result, RunOptions(device=device, quiet=True, output_dir=run_dir),
        echo=lambda *args, **kwargs: None)


def fold_job(job: dict) -> dict:
    """Train (unless done) and score one fold; its score.json and forecasts.npz mark it
    finished."""
    from .scoring import fold_forecasts, score, write_forecasts

    marker = os.path.join(job["folder"], "score.json")
    if os.path.isfile(marker):
        with open(marker, encoding="utf-8") as handle:
            kept = json.load(handle)
        if kept.get("origin") == job["origin"]:
            return kept
    if job["config"]:
        train(job["config"], job["run"], job["device"])
    made, rows, prep = fold_forecasts(job["run"], job["actual"])
    write_forecasts(os.path.join(job["folder"], "forecasts.npz"), made)
    out = {"fold": job["fold"], "origin": job["origin"], "units": score(made, prep),
           "rows": [[str(name), str(label), [float(v) for v in actual],
                     [float(v) for v in guess]] for name, label, actual, guess in rows]}
    write_json(marker, out)
    return out
