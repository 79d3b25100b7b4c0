"""Where a study lives: its directory, its Optuna storage (SQLite there by default, a journal
file or a database URL for several workers), and a resume that neither repeats the first
trials nor loses an interrupted one."""

from __future__ import annotations

import os
import socket

import optuna
from optuna.trial import TrialState

from .trial import INTERRUPTED, REASON, RETRY_OF, counted, retried
from .workers import database

JOURNAL_SUFFIXES = (".log", ".journal", ".jsonl")


def study_dir(tune, config_path: str, name: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    if tune.dir:
        return tune.dir if os.path.isabs(tune.dir) else \
            os.path.join(os.path.dirname(config_path), tune.dir)
    return os.path.join("runs", f"{name}-tune")


def open_storage(tune, folder: str, explicit: str | None, echo=print):
    """(storage, shared): shared storages (journal, URL) may have other live workers. A
    database URL gets Optuna's heartbeat (workers.py); a journal file cannot."""
    spec = explicit or tune.storage
    if spec is None:
        url = "sqlite:///" + os.path.abspath(os.path.join(folder, "study.db"))
        return optuna.storages.RDBStorage(url, engine_kwargs={"connect_args": {"timeout": 60}}
                                          ), False
    if "://" in spec:
        return database(spec, echo), True
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    if not spec.endswith(JOURNAL_SUFFIXES):
        raise ValueError(f"tune storage '{spec}': a journal file ends in .log, .journal or "
                         ".jsonl; a database is a URL (sqlite:///study.db, postgresql://...)")
    path = spec if os.path.isabs(spec) else os.path.join(folder, spec)
    return JournalStorage(JournalFileBackend(os.path.abspath(path))), True


def sampler_for(tune, existing: int, shared: bool):
    """The sampler, seeded from the config's seed and the trials already in the study, so that
    a resumed study does not propose its first trials again (Optuna does not store the
    sampler's state); on a shared storage each worker also mixes in who it is."""
    seed = tune.sampler.seed + existing
    if shared:
        seed += (hash((socket.gethostname(), os.getpid())) & 0xFFFF) * 100_003
    seed %= 2**31
    if tune.sampler.kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed)


def pruner_for(tune):
    pruning = tune.pruning
    if pruning.kind == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=pruning.startup_trials,
                                           n_warmup_steps=pruning.warmup_epochs)
    if pruning.kind == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner()
    return optuna.pruners.NopPruner()


def recover_interrupted(study: optuna.Study, echo) -> int:
    """Trials left RUNNING by a killed worker (single-worker storage only): marked failed with
    the reason, and their values queued to be tried again. Returns how many."""
    stale = study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))
    for trial in stale:
        study._storage.set_trial_user_attr(trial._trial_id, REASON, INTERRUPTED)
        study._storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)
        study.enqueue_trial(trial.params, user_attrs={RETRY_OF: trial.number},
                            skip_if_exists=False)
    if stale:
        echo(f"Resuming: trial(s) {', '.join(str(t.number) for t in stale)} were interrupted; "
             "their values are tried again")
    return len(stale)


def finished(study: optuna.Study) -> int:
    """Trials that count towards tune.budget.trials: complete, pruned, or failed by themselves
    (not the interrupted ones, which are tried again, nor the skipped repeats)."""
    trials = study.get_trials(deepcopy=False)
    retries = retried(trials)
    return sum(counted(trial, retries) for trial in trials)
