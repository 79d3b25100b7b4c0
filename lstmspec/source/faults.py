"""Fault points: places where the fault-injection tests kill or stop this process on purpose.
They act only when the tests arm them (LSTMSPEC_FAULTS_ARMED=1); otherwise a set
LSTMSPEC_FAULT or LSTMSPEC_PAUSE is ignored, silently, so a stray variable in a user's
environment can never kill a run (README.md, "Fault points").

LSTMSPEC_FAULT=STEP@N kills this process (SIGKILL) when it reaches that step for the N-th time
(an epoch for a checkpoint write, a count for the put-back of --overwrite); LSTMSPEC_PAUSE=STEP
stops it there (SIGSTOP): `model` (predict before it loads the model), `partial` (an atomic
write, its temporary file written), `export` (an export written to its temporary folder).
Unset, a fault point costs one dictionary lookup. In source/ so that the lowest writer
(atomic.py) can have one."""

from __future__ import annotations

import os
import signal

FAULT_ENV = "LSTMSPEC_FAULT"  # STEP@N: kill this process (SIGKILL) there
PAUSE_ENV = "LSTMSPEC_PAUSE"  # STEP: stop this process (SIGSTOP) there, for a race to be staged
ARMED_ENV = "LSTMSPEC_FAULTS_ARMED"  # "1": the two above act (the tests set it, nobody else)


def _armed(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or os.environ.get(ARMED_ENV) != "1":
        return None
    return value


def fault_set(step: str, count: int) -> bool:
    """Whether an armed LSTMSPEC_FAULT names this step at this count."""
    return _armed(FAULT_ENV) == f"{step}@{count}"


def fault(step: str, count: int) -> None:
    if fault_set(step, count):
        os.kill(os.getpid(), signal.SIGKILL)


def pause(step: str) -> None:
    """LSTMSPEC_PAUSE=STEP (armed) stops the process (SIGSTOP) at this step until it gets
    SIGCONT: a test stages a race there (another process acts while this one waits
    mid-command)."""
    if _armed(PAUSE_ENV) == step:
        os.kill(os.getpid(), signal.SIGSTOP)
