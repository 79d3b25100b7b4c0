"""Fault points for the fault-injection tests: LSTMSPEC_FAULT=STEP@N kills this process
(SIGKILL) when it reaches that step for the N-th time (an epoch for a checkpoint write, a
count for the put-back of --overwrite); LSTMSPEC_PAUSE=STEP stops it there (SIGSTOP): `model`
(predict before it loads the model), `partial` (an atomic write, its temporary file written),
`export` (an export written to its temporary folder). Unset, a fault point costs one
dictionary lookup. In source/ so that the lowest writer (atomic.py) can have one."""

from __future__ import annotations

import os
import signal

FAULT_ENV = "LSTMSPEC_FAULT"
PAUSE_ENV = "LSTMSPEC_PAUSE"  # STEP: stop this process (SIGSTOP) there, for a race to be staged


def fault(step: str, count: int) -> None:
    if os.environ.get(FAULT_ENV) == f"{step}@{count}":
        os.kill(os.getpid(), signal.SIGKILL)


def pause(step: str) -> None:
    """LSTMSPEC_PAUSE=STEP stops the process (SIGSTOP) at this step until it gets SIGCONT: a
    test stages a race there (another process acts while this one waits mid-command)."""
    if os.environ.get(PAUSE_ENV) == step:
        os.kill(os.getpid(), signal.SIGSTOP)
