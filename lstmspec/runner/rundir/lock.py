"""One run per run directory: an exclusive `fcntl` lock on `<run>/.lock`, held for the whole
run. The kernel releases it when the process ends, however it ends (SIGKILL, a power cut), so
a killed run never leaves a directory stuck; a second run finds it held and says who holds it
(the pid, host and start time written into the file by the holder)."""

from __future__ import annotations

import json
import os
import socket
import time

LOCK = ".lock"


class LockHeld(Exception):
    """Another live process holds the run directory; the message names it."""


class RunLock:
    """An acquired lock; release() or the end of the process frees it."""

    def __init__(self, folder: str, handle: int):
        self.folder, self.handle = folder, handle

    def release(self) -> None:
        if self.handle is not None:
            os.close(self.handle)  # closing the descriptor drops the flock
            self.handle = None


def holder(folder: str) -> str:
    """Who holds the lock, as its holder wrote it ("pid 4242 on host, since ...")."""
    try:
        with open(os.path.join(folder, LOCK), encoding="utf-8") as handle:
            info = json.load(handle)
        return f"pid {info['pid']} on {info['host']}, since {info['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that has not yet written its name"


def acquire(folder: str) -> RunLock:
    """Lock `folder` (which exists) or raise LockHeld naming the holder."""
    import fcntl

    handle = os.open(os.path.join(folder, LOCK), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise LockHeld(f"{folder} is in use by another lstmspec run ({holder(folder)}): wait "
                       "for it to end or stop it, or choose another output dir") from None
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    data = (json.dumps(info) + "\n").encode("utf-8")
    os.ftruncate(handle, 0)
    os.pwrite(handle, data, 0)
    return RunLock(folder, handle)


def try_acquire(folder: str) -> RunLock | None:
    try:
        return acquire(folder)
    except LockHeld:
        return None
