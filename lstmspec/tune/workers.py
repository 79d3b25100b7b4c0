"""Several workers on one database storage: Optuna's heartbeat (a trial whose worker stops
sending heartbeats is failed and its values are queued again), the trials in flight that the
budget counts, and the wait at a worker's end for the trials other workers are running.

A journal file has no heartbeat in Optuna (5.x): there a killed worker's trial stays running,
and neither counts nor waits (docs/tune.md)."""

from __future__ import annotations

import time
import warnings

import optuna
from optuna.exceptions import ExperimentalWarning
from optuna.storages import fail_stale_trials
from optuna.trial import TrialState

from .trial import RETRY_OF

HEARTBEAT_SECONDS = 5  # a running trial records a heartbeat this often (Optuna's thread)
# without a heartbeat for this long, a trial's worker is taken for stopped (killed, lost): a
# live worker under load can be late by seconds, never by this much
GRACE_SECONDS = 30


def database(url: str, echo):
    """A database storage (RDBStorage) with heartbeats: another worker fails a stale trial and
    queues its values again (`requeue`)."""
    with warnings.catch_warnings():  # the heartbeat arguments are "experimental" in Optuna
        warnings.simplefilter("ignore", ExperimentalWarning)
        return optuna.storages.RDBStorage(url, heartbeat_interval=HEARTBEAT_SECONDS,
                                          grace_period=GRACE_SECONDS,
                                          heartbeat_stale_trial_callback=requeue(echo))


def requeue(echo):
    """Optuna's heartbeat_stale_trial_callback: the stale trial is failed already (by
    fail_stale_trials, once, under the database's row lock); its values are queued again with
    `retry_of`, which keeps the failed trial out of the budget (trial.counted)."""

    def stale(study: optuna.Study, trial) -> None:
        study.enqueue_trial(trial.params, user_attrs={RETRY_OF: trial.number},
                            skip_if_exists=False)
        echo(f"Trial {trial.number}: its worker sent no heartbeat for {GRACE_SECONDS} s (it "
             "stopped): marked failed; its values are tried again")

    return stale


def heartbeat(study: optuna.Study) -> bool:
    from optuna.storages._heartbeat import is_heartbeat_enabled

    return is_heartbeat_enabled(study._storage)


def watched(study: optuna.Study, trial_ids: list) -> set:
    """The trials among `trial_ids` that have a heartbeat record. Optuna never takes a running
    trial without one for stale (its worker was killed in the instant between creating the
    trial and its first heartbeat), so nothing waits for such a trial."""
    if not trial_ids:
        return set()
    from optuna.storages._rdb import models  # the heartbeat table (Optuna 5.x)

    storage = study._storage
    storage = getattr(storage, "_backend", storage)  # a cached storage wraps the RDBStorage
    session = storage.scoped_session()
    try:
        rows = session.query(models.TrialHeartbeatModel.trial_id).filter(
            models.TrialHeartbeatModel.trial_id.in_(trial_ids)).all()
    finally:
        session.close()
    return {row[0] for row in rows}


def in_flight(study: optuna.Study) -> int:
    """Trials running on other workers that the budget counts: they finish, or their heartbeat
    stops and they are tried again. Only on a storage with heartbeats (elsewhere a killed
    worker's trial would stay running and hold the budget forever)."""
    if not heartbeat(study):
        return 0
    running = study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))
    return len(watched(study, [t._trial_id for t in running]))


def fail_stale(study: optuna.Study) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExperimentalWarning)
        fail_stale_trials(study)


def wait_for_others(study: optuna.Study, deadline: float | None, echo) -> bool:
    """At a worker's end (the budget is reached, counting the trials in flight): wait while
    other workers run trials, failing the stale ones. True when a retry was queued and this
    worker should go on (the budget is short again); False when nothing runs any more."""
    told = False
    queued = len(study.get_trials(deepcopy=False, states=(TrialState.WAITING,)))
    while in_flight(study):
        if deadline is not None and time.monotonic() >= deadline:
            return False
        if not told:
            echo(f"Waiting for the {in_flight(study)} trial(s) other workers are running")
            told = True
        time.sleep(HEARTBEAT_SECONDS)
        fail_stale(study)
        if len(study.get_trials(deepcopy=False, states=(TrialState.WAITING,))) > queued:
            return True
    return False
