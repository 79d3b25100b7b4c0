"""One writer or many readers per run directory: `fcntl` locks on `<run>/.lock`.

A run (and `export`, which writes exports.json) holds the exclusive lock for as long as it
writes; predict, forecast, evaluate (and serve) hold the shared one while they read, so a
reader never sees half of one run and half of the next. The kernel releases a lock when the
process ends, however it ends (SIGKILL, a power cut), so nothing is ever left stuck. A writer
that finds only readers waits for them (they take seconds) and refuses after WRITER_WAIT; one
that finds another writer refuses at once, naming it (the pid, host, command and start time
written into the file by the holder). A reader that finds a run writing is refused at once
(the run may train for hours); one that finds an export waits for it up to READER_WAIT."""

from __future__ import annotations

import json
import os
import socket
import time

LOCK = ".lock"
WRITER_WAIT = 60.0  # seconds a writer waits for readers
READER_WAIT = 60.0  # seconds a reader waits for an export
POLL = 0.05


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


def holder_info(folder: str) -> dict:
    try:
        with open(os.path.join(folder, LOCK), encoding="utf-8") as handle:
            info = json.load(handle)
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def holder(folder: str) -> str:
    """Who holds the lock, as its holder wrote it ("pid 4242 on host, since ...")."""
    info = holder_info(folder)
    try:
        return f"pid {info['pid']} on {info['host']}, since {info['started']}"
    except KeyError:
        return "a process that has not yet written its name"


def _flock(handle: int, mode: int, wait: float) -> bool:
    """Take the lock within `wait` seconds (polled: flock has no timeout)."""
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL)


def _readers_only(path: str) -> bool:
    """Whether the lock is held shared (readers) rather than by a writer."""
    import fcntl

    try:
        probe = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _flock(probe, fcntl.LOCK_SH, 0)
    finally:
        os.close(probe)


def acquire(folder: str, command: str = "run", wait: float = WRITER_WAIT) -> RunLock:
    """Lock `folder` (which exists) for writing, or raise LockHeld naming the holder. Readers
    are waited for up to `wait` seconds; another writer is refused at once."""
    import fcntl

    path = os.path.join(folder, LOCK)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    if not _flock(handle, fcntl.LOCK_EX, 0):
        readers = _readers_only(path)
        if not readers or not _flock(handle, fcntl.LOCK_EX, wait):
            os.close(handle)
            if readers:
                raise LockHeld(f"{folder} is being read by lstmspec predict, forecast, evaluate "
                               f"or serve (waited {wait:.0f} s): stop them, or choose another "
                               "output dir")
            raise LockHeld(f"{folder} is in use by another lstmspec {command_of(folder)} "
                           f"({holder(folder)}): wait for it to end or stop it, or choose "
                           "another output dir") from None
    info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    data = (json.dumps(info) + "\n").encode("utf-8")
    os.ftruncate(handle, 0)
    os.pwrite(handle, data, 0)
    return RunLock(folder, handle)


def command_of(folder: str) -> str:
    return str(holder_info(folder).get("command", "run"))


def try_acquire(folder: str) -> RunLock | None:
    try:
        return acquire(folder, wait=0)
    except LockHeld:
        return None


def acquire_shared(folder: str) -> RunLock | None:
    """A reader's lock on `folder`; None where no lock can be had (a read-only copy of a run,
    where nothing can write either). A writer holding it: LockHeld at once for a run, after
    READER_WAIT for anything else (an export)."""
    import fcntl

    path = os.path.join(folder, LOCK)
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        try:
            handle = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:
            return None
    except OSError:
        return None
    if _flock(handle, fcntl.LOCK_SH, 0):
        return RunLock(folder, handle)
    command = command_of(folder)
    if command != "run" and _flock(handle, fcntl.LOCK_SH, READER_WAIT):
        return RunLock(folder, handle)
    os.close(handle)
    raise LockHeld(f"{folder} is being written by lstmspec {command} ({holder(folder)}): "
                   "wait for it to finish, then run this command again")
