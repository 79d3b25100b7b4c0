"""One trial: sample the space, lint the sampled config (an invalid one is pruned at once, its
reason recorded, TensorFlow never touched), train it with the runner and Optuna's pruning
callback, and score it by its best epoch. Imports Optuna; TensorFlow only for a valid sample."""

from __future__ import annotations

import logging
import math
import os
import socket
import time
from dataclasses import dataclass

import optuna

from ..lint import analyse
from ..overrides.space import SpaceParam, active, first_error, lint_values

REASON = "reason"  # the user attribute that says why a trial was pruned or failed
REPEAT_OF = "repeat_of"  # a skipped sample: the number of the trial that had its values
RETRY_OF = "retry_of"  # a queued retry: the number of the interrupted trial whose values it has
INTERRUPTED = "interrupted (the worker stopped during this trial); its values are tried again"
PARAMS = "model_params"


@dataclass
class TrialSetup:
    """What every trial of a worker shares."""

    source: object  # the config as read (with --set applied): lstmspec.yaml_source.Source
    params: list  # SpaceParam
    tune: object  # TuneSpec
    budget: object  # the lint budget of a sampled model
    study_dir: str
    device: str = "auto"
    quiet: bool = True
    echo: object = print
    selection: object = None  # the file's settings (select/ignore), as `lint` applies them


def sample(trial: optuna.Trial, params: list[SpaceParam]) -> dict:
    """Define-by-run: a value of the space is asked for only when its `when` holds."""
    values = {}
    for param in params:
        if not active(param, values):
            continue
        spec = param.spec
        if spec.type == "int":
            value = trial.suggest_int(param.key, spec.low, spec.high, step=spec.step,
                                      log=spec.log)
        elif spec.type == "float":
            value = trial.suggest_float(param.key, spec.low, spec.high, step=spec.step,
                                        log=spec.log)
        else:
            value = trial.suggest_categorical(param.key, spec.choices)
        values[param.key] = value
    return values


def repeated(trial: optuna.Trial, values: dict):
    """The trial of the study that already has these values and counts: finished (complete,
    pruned, failed by itself) or running on another worker; None when they are new."""
    from optuna.trial import TrialState

    trials = trial.study.get_trials(deepcopy=False)
    retries = retried(trials)
    for other in trials:
        if other.number == trial.number or other.params != values:
            continue
        if other.state == TrialState.RUNNING or counted(other, retries):
            return other
    return None


def retried(trials) -> set:
    """The numbers of the interrupted trials whose values were queued again: by the next
    worker on the default SQLite study, or by Optuna's heartbeat on a database storage (a
    trial whose worker stopped sending heartbeats, storage.requeue)."""
    return {t.user_attrs[RETRY_OF] for t in trials if RETRY_OF in t.user_attrs}


def counted(trial, retries=frozenset()) -> bool:
    """Whether a trial counts towards tune.budget.trials: complete, pruned, or failed by
    itself; not an interrupted one (its values are tried again: its number is in `retries`,
    `retried()` of the study's trials), nor a skipped repeat."""
    from optuna.trial import TrialState

    if REPEAT_OF in trial.user_attrs:
        return False
    if trial.state == TrialState.FAIL:
        return trial.user_attrs.get(REASON) != INTERRUPTED and trial.number not in retries
    return trial.state in (TrialState.COMPLETE, TrialState.PRUNED)


def reason_of(trial, retries=frozenset()) -> str:
    """Why a trial was pruned, skipped or failed; a trial that the heartbeat failed has no
    reason of its own (its worker was gone), only a retry."""
    if REASON in trial.user_attrs:
        return trial.user_attrs[REASON]
    return INTERRUPTED if trial.number in retries else ""


def skip_repeat(trial: optuna.Trial, values: dict) -> None:
    """A sample equal to a trial's that counts is not trained again (a resumed sampler, or
    two workers, can draw the same point): the trial is pruned as a skipped repeat, which the
    budget does not count (TPE takes a pruned point for a poor one, and draws elsewhere)."""
    other = repeated(trial, values)
    if other is None:
        return
    trial.set_user_attr(REPEAT_OF, other.number)
    trial.set_user_attr(REASON, f"the values of trial {other.number}, which "
                        f"{'is running' if other.state.name == 'RUNNING' else 'finished'}: "
                        "not trained again")
    raise optuna.TrialPruned(f"trial {trial.number} repeats trial {other.number}")


def prune(trial: optuna.Trial, reason: str):
    trial.set_user_attr(REASON, reason)
    raise optuna.TrialPruned(reason)


def objective_value(run_dir: str, metric: str, direction: str) -> float | None:
    """The best epoch's value of `metric` in the trial's history.json."""
    import json

    try:
        with open(os.path.join(run_dir, "history.json"), encoding="utf-8") as handle:
            logged = json.load(handle).get(metric) or []
    except (OSError, ValueError):
        return None
    finite = [v for v in logged if isinstance(v, (int, float)) and math.isfinite(v)]
    if not finite:
        return None
    return min(finite) if direction == "minimize" else max(finite)


def run_trial(trial: optuna.Trial, setup: TrialSetup) -> float:
    values = sample(trial, setup.params)
    skip_repeat(trial, values)
    checked = lint_values(setup.source, setup.params, values, setup.budget, analyse)
    if setup.selection is not None:  # what `lint` would report for this file, no more
        from ..suppress import refine

        refine(checked, setup.selection)
    error = first_error(checked)
    if error is not None or not checked.ok:
        reason = f"{error.code}: {error.message}" if error else "the config does not lint"
        cap = setup.tune.budget.max_params
        if error is not None and error.code == "LS501" and cap == setup.budget.max_params:
            reason += f" (a trial's limit here is tune.budget.max_params: {cap:,})"
        prune(trial, reason)  # before anything is built: no TensorFlow for this sample
    trial.set_user_attr(PARAMS, checked.inference.totals()[0])
    return train(trial, setup, checked)


def train(trial: optuna.Trial, setup: TrialSetup, checked) -> float:
    from ..runner.errors import RunError, RunnerUnavailable
    from ..runner.run import RunOptions, run

    metric, direction = setup.tune.objective.metric, setup.tune.objective.direction
    run_dir = os.path.join(setup.study_dir, "trials", f"{trial.number:04d}")
    trial.set_user_attr("run_dir", os.path.relpath(run_dir, setup.study_dir))
    trial.set_user_attr("worker", f"{socket.gethostname()}:{os.getpid()}")
    if setup.quiet:  # Keras retraces predict for each new model: expected, not news
        logging.getLogger("tensorflow").setLevel(logging.ERROR)

    def pruning_callback():
        from optuna_integration import KerasPruningCallback

        return KerasPruningCallback(trial, metric)

    options = RunOptions(device=setup.device, quiet=setup.quiet, overwrite=True,
                         output_dir=run_dir, callbacks=(pruning_callback,), trial=True)
    started = time.perf_counter()
    try:
        run(checked, options, echo=setup.echo if not setup.quiet else (lambda *a, **k: None))
    except optuna.TrialPruned as pruned:
        trial.set_user_attr(REASON, f"pruned by {setup.tune.pruning.kind}: {pruned}")
        raise
    except (RunError, RunnerUnavailable) as err:
        trial.set_user_attr(REASON, f"failed: {err}")
        raise
    finally:
        trial.set_user_attr("seconds", round(time.perf_counter() - started, 3))
    value = objective_value(run_dir, metric, direction)
    if value is None:
        trial.set_user_attr(REASON, f"failed: no finite {metric} in the trial's history")
        raise TrialFailed(f"trial {trial.number}: no finite {metric} was logged")
    return value


class TrialFailed(Exception):
    """A trial trained but gave no objective value (NaN losses)."""

