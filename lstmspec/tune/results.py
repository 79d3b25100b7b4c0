"""What a study leaves in its directory: trials.csv (values, objective, status, reason),
best.yaml (the best trial as a plain config that lints clean and runs with `lstmspec run`),
plots (objective per trial, and objective against each searched value), TensorBoard HParams."""

from __future__ import annotations

import csv
import io
import os

import optuna
from optuna.trial import TrialState

from ..source.atomic import write_text as write_text_atomic
from ..datafacts.files import resolve as resolve_path
from ..source.yamlwrite import dump
from ..overrides.space import plain_config
from .trial import PARAMS, REPEAT_OF, reason_of, retried

STATES = {TrialState.COMPLETE: "complete", TrialState.PRUNED: "pruned",
          TrialState.FAIL: "failed", TrialState.RUNNING: "running", TrialState.WAITING: "waiting"}


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def trials_table(study: optuna.Study, keys: list[str], metric: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["trial", "status", metric, *keys, "model_params", "seconds", "reason"])
    trials = study.get_trials(deepcopy=False)
    retries = retried(trials)
    for trial in trials:
        attrs = trial.user_attrs
        status = "skipped" if REPEAT_OF in attrs else \
            STATES.get(trial.state, trial.state.name.lower())
        writer.writerow([trial.number, status,
                         cell(trial.value), *(cell(trial.params.get(k)) for k in keys),
                         cell(attrs.get(PARAMS)), cell(attrs.get("seconds")),
                         reason_of(trial, retries)])
    return out.getvalue()


def best_trial(study: optuna.Study):
    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return study.best_trial if complete else None


def movable(config: dict, config_path: str, folder: str) -> dict:
    """The config's relative paths (data.path, output.dir) rewritten for a file in `folder`."""
    out = dict(config)
    data = out.get("data")
    if isinstance(data, dict) and isinstance(data.get("path"), str):
        where = os.path.abspath(resolve_path(config_path, data["path"]))
        out["data"] = {**data, "path": os.path.relpath(where, os.path.abspath(folder))}
    output = out.get("output")
    if isinstance(output, dict) and isinstance(output.get("dir"), str) and \
            not os.path.isabs(output["dir"]):
        where = os.path.join(os.path.dirname(os.path.abspath(config_path)), output["dir"])
        out["output"] = {**output, "dir": os.path.relpath(where, os.path.abspath(folder))}
    return out


def best_config(study, source, params, folder: str) -> dict | None:
    best = best_trial(study)
    if best is None:
        return None
    config = plain_config(source.data, params, dict(best.params))
    return movable(config, source.path, folder)


def write_results(study, source, params, tune, folder: str) -> list[str]:
    """trials.csv and best.yaml (when a trial completed); returns the files written."""
    keys = [p.key for p in params]
    write_text_atomic(os.path.join(folder, "trials.csv"),
                      trials_table(study, keys, tune.objective.metric))
    files = ["trials.csv"]
    config = best_config(study, source, params, folder)
    if config is not None:
        best = study.best_trial
        header = (f"The best trial ({best.number}) of study '{study.study_name}': "
                  f"{tune.objective.metric} {best.value:.6g}.",
                  f"Searched from {source.path}; a plain config: lstmspec run best.yaml")
        write_text_atomic(os.path.join(folder, "best.yaml"), dump(config, header))
        files.append("best.yaml")
    return files
