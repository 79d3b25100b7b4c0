"""`lstmspec tune`: open (or resume) the study, run this worker's trials, write the results.

The same command on several workers shares one study through a journal file or a database
URL (Optuna's own distributed mode); with the default SQLite storage one worker resumes its
study after being killed, without repeating its first trials (storage.py).
"""

from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass, field

import optuna
from optuna.trial import TrialState

from ..overrides.space import resolve, trial_budget
from ..runner.errors import RunError, RunnerUnavailable
from ..runner.resolve import run_name
from . import storage as stores
from . import workers
from .plots import write_hparams, write_plots
from .results import write_results
from .trial import REASON, REPEAT_OF, TrialFailed, TrialSetup, retried, run_trial

# Skipped repeats in a row after which a worker stops: the space has no new values left
# (a small categorical space, all of it tried).
REPEATS_IN_A_ROW = 25


class TuneError(Exception):
    """The study cannot go on; the message is one line that says what to do (LS681)."""

    code = "LS681"
    status = 1


class StudyBusy(TuneError):
    """Another `lstmspec tune` works on the study directory's default SQLite study, which is
    for one worker at a time (LS683, exit status 4, as `run` on a run in use)."""

    code = "LS683"
    status = 4


def lock_study(folder: str, shared: bool):
    """The study directory's lock, for the default SQLite storage: a second worker there
    would mark the first one's live trial interrupted and queue its values again. Shared
    storages (a journal, a database URL) are for several workers: no lock."""
    if shared:
        return None
    from ..runner.rundir.lock import LockHeld, acquire

    try:
        return acquire(folder, "tune", wait=0)
    except LockHeld as err:
        raise StudyBusy(f"{err}: the default SQLite study is for one worker at a time; for "
                        "several, give them a shared storage (tune.storage or --storage: a "
                        "journal file or a database URL)") from None
    except OSError as err:
        raise TuneError(f"the study directory {folder} cannot be locked "
                        f"({err.strerror or err}): choose another with --study-dir") from None


@dataclass
class TuneOptions:
    device: str = "auto"
    quiet: bool = True
    study_dir: str | None = None  # from the command line: relative to the current directory
    storage: str | None = None
    trials: int | None = None  # instead of tune.budget.trials


@dataclass
class TuneOutcome:
    study_dir: str
    counts: dict
    best_value: float | None
    files: list = field(default_factory=list)


def storage_refused(spec: str, err: Exception) -> TuneError:
    """A storage that cannot be opened (no such folder, no driver for the URL, a database that
    refuses the connection): one line, without the driver's traceback."""
    reason = f"{err.filename}: {err.strerror}" if isinstance(err, OSError) and err.strerror \
        else str(err).splitlines()[0][:200]
    return TuneError(f"tune storage '{spec}' cannot be opened ({reason}): name a journal file "
                     "in a folder that exists, or a database URL that this machine can reach")


def open_study(tune, folder: str, name: str, options: TuneOptions, echo):
    from sqlalchemy.exc import SQLAlchemyError  # optuna's own dependency

    spec = options.storage or tune.storage or os.path.join(folder, "study.db")
    study_name = tune.study or name
    try:
        store, shared = stores.open_storage(tune, folder, options.storage, echo)
        existing = len(optuna.load_study(study_name=study_name, storage=store).trials)
    except ValueError as err:
        raise TuneError(str(err)) from None
    except KeyError:
        existing = 0
    except (OSError, ImportError, SQLAlchemyError) as err:
        raise storage_refused(spec, err) from None
    study = optuna.create_study(storage=store, study_name=study_name, load_if_exists=True,
                                direction=tune.objective.direction,
                                sampler=stores.sampler_for(tune, existing, shared),
                                pruner=stores.pruner_for(tune))
    if existing:
        echo(f"Study '{study_name}': {existing} trial(s) so far, resuming")
    if not shared:
        stores.recover_interrupted(study, echo)
    return study


def reporter(tune, folder: str, tensorboard: bool, echo):
    metric = tune.objective.metric

    def report(study, trial):
        reason = trial.user_attrs.get(REASON, "")
        values = ", ".join(f"{k}={v}" for k, v in trial.params.items())
        if trial.state == TrialState.COMPLETE:
            echo(f"Trial {trial.number}: {metric} {trial.value:.6g} ({values})")
            if tensorboard:
                write_hparams(trial, trial.value, metric, folder)
        else:
            state = "skipped" if REPEAT_OF in trial.user_attrs else trial.state.name.lower()
            echo(f"Trial {trial.number}: {state}: {reason} ({values})")

    return report


def budget_left(study, target: int) -> int:
    """Trials still to start: the budget less the finished trials and, on a storage with
    heartbeats, those other workers are running (a stale one comes back as a retry)."""
    return target - stores.finished(study) - workers.in_flight(study)


class Stopper:
    """Stop at the budget (over all workers), or when the sampler keeps drawing values that
    were tried: every skipped repeat is a new draw, so a small space would never end."""

    def __init__(self, target: int, echo):
        self.target, self.echo = target, echo
        self.in_a_row = 0
        self.used_up = False

    def __call__(self, study, trial) -> None:
        self.in_a_row = self.in_a_row + 1 if REPEAT_OF in trial.user_attrs else 0
        if budget_left(study, self.target) <= 0:
            study.stop()
        elif self.in_a_row >= REPEATS_IN_A_ROW:
            self.echo(f"Stopping: the last {REPEATS_IN_A_ROW} samples all repeated values "
                      "already tried; the space holds no new values")
            self.used_up = True
            study.stop()


def taken_over(study, trial_id) -> bool:
    """This worker's trial was failed by another worker (its heartbeat was late, e.g. the
    process was stopped for longer than the grace period) and its values queued again: Optuna
    then refuses this worker's result ("Cannot tell a FAIL trial")."""
    if trial_id is None:
        return False
    trial = study._storage.get_trial(trial_id)
    return trial.state == TrialState.FAIL and \
        trial.number in retried(study.get_trials(deepcopy=False))


def optimize(study, setup: TrialSetup, callbacks: list, timeout, echo) -> None:
    current = {}

    def objective(trial):
        current["id"] = trial._trial_id
        return run_trial(trial, setup)

    try:  # no n_trials: skipped repeats do not count, so the stopper ends the loop
        study.optimize(objective, timeout=timeout, callbacks=callbacks,
                       catch=(RunError, RunnerUnavailable, TrialFailed))
    except (ValueError, optuna.exceptions.UpdateFinishedTrialError):
        if not taken_over(study, current.get("id")):
            raise
        number = study._storage.get_trial(current["id"]).number
        echo(f"Trial {number}: another worker took it for stopped (no heartbeat for "
             f"{workers.GRACE_SECONDS} s) and queued its values again: this result is dropped")


def counts(study) -> dict:
    out = {"complete": 0, "pruned_by_lint": 0, "pruned_in_training": 0, "failed": 0,
           "skipped": 0}
    for trial in study.get_trials(deepcopy=False):
        if REPEAT_OF in trial.user_attrs:
            out["skipped"] += 1
        elif trial.state == TrialState.COMPLETE:
            out["complete"] += 1
        elif trial.state == TrialState.PRUNED:
            trained = "run_dir" in trial.user_attrs
            out["pruned_in_training" if trained else "pruned_by_lint"] += 1
        elif trial.state == TrialState.FAIL:
            out["failed"] += 1
    return out


def tune(result, budget, options: TuneOptions, echo=print, selection=None) -> TuneOutcome:
    """Search the space of the config that `result` holds (lint passed without errors)."""
    source, model = result.source, result.model
    spec = model.tune
    params, unknown = resolve(source.data, spec)
    if unknown:  # lint reports them as LS480; here only if lint was bypassed
        raise TuneError(unknown[0].message)
    folder = stores.study_dir(spec, source.path, run_name(model, source.path), options.study_dir)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        raise TuneError(f"the study directory {folder} cannot be made ({err.strerror or err}): "
                        "choose another with --study-dir") from None
    # ERROR: a failed trial is one line of ours ("Trial 3: fail: <why>"); Optuna's own warning
    # for it carries the exception's traceback, which a user must never be shown
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    held = lock_study(folder, bool(options.storage or spec.storage))
    try:
        return search(result, budget, options, echo, selection, folder, params)
    finally:
        if held is not None:
            held.release()


def search(result, budget, options: TuneOptions, echo, selection, folder: str,
           params) -> TuneOutcome:
    source, model = result.source, result.model
    spec = model.tune
    study = open_study(spec, folder, run_name(model, source.path), options, echo)
    target = options.trials or spec.budget.trials
    setup = TrialSetup(source, params, spec, trial_budget(budget, spec), folder,
                       options.device, options.quiet, echo, selection)
    tensorboard = bool(model.output and model.output.tensorboard)
    timeout = spec.budget.timeout
    deadline = None if timeout is None else time.monotonic() + timeout
    remaining = budget_left(study, target)
    if remaining > 0:
        echo(f"Study directory: {folder}  ({remaining} trial(s) to go of {target})")
    while True:
        if budget_left(study, target) > 0:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            stop = Stopper(target, echo)
            optimize(study, setup, [reporter(spec, folder, tensorboard, echo), stop], left,
                     echo)
            if stop.used_up:
                break
        elif not workers.wait_for_others(study, deadline, echo):
            break
    files = write_results(study, source, params, spec, folder)
    files += write_plots(study, [p.key for p in params], spec, folder)
    complete = [t for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))]
    best = study.best_value if complete else None
    return TuneOutcome(folder, counts(study), best, files)
