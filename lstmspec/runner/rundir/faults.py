"""Fault points for the fault-injection tests: LSTMSPEC_FAULT=STEP@N kills this process
(SIGKILL) when it reaches that step for the N-th time (an epoch for a checkpoint write, a
count for the put-back of --overwrite). Unset, a fault point costs one dictionary lookup."""

from __future__ import annotations

import os
import signal

FAULT_ENV = "LSTMSPEC_FAULT"


def fault(step: str, count: int) -> None:
    if os.environ.get(FAULT_ENV) == f"{step}@{count}":
        os.kill(os.getpid(), signal.SIGKILL)
