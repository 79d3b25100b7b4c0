"""A running service's guard against a run directory that changes under it.

The service reads its run once, at start, as one verified snapshot (the run's shared lock
held, every file checked against run.json and exports.json), and answers from memory: no
request reads a file. Before each answer (and each /ready), it compares the os.stat of every
file it answers from (inode, size, modification and change times: a few microseconds) with
what it saw at start. Where one differs, it reads that file again: the same content (a
`touch`, a copy of the same bytes) and the service goes on; any other content, or a file gone,
and the service stops answering (RunReplaced, LS623) until it is started again, rather than
answer from a run that is being replaced or edited. It never reloads on its own: a half-written
new run is never read, and which run answers is the operator's decision (a restart)."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from typing import Callable

from ..runner.rundir import digests
from .errors import RunReplaced


def stat_key(path: str) -> tuple | None:
    try:
        seen = os.stat(path)
    except OSError:
        return None
    return seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns


@dataclass
class Watched:
    name: str  # a file of the run directory
    same: Callable[[bytes], bool]  # whether its bytes now still say what the service read
    seen: tuple | None = None


def same_bytes(expected: str) -> Callable[[bytes], bool]:
    """A file the service answers from: the same SHA-256 as the bytes it read."""
    return lambda data: digests.of_bytes(data) == expected


def same_entries(expected: dict) -> Callable[[bytes], bool]:
    """A JSON record (run.json, exports.json): the entries the service relied on unchanged
    (exports.json gains a record when another format is exported: that changes nothing)."""
    def same(data: bytes) -> bool:
        try:
            now = json.loads(data)
        except (ValueError, RecursionError):
            return False
        return isinstance(now, dict) and all(now.get(k) == v for k, v in expected.items())
    return same


class RunWatch:
    """`check()` before every answer: RunReplaced from the first change on."""

    def __init__(self, folder: str, watched: list):
        self.folder, self.watched = folder, watched
        for item in watched:
            item.seen = stat_key(self.path(item))
        self.broken: RunReplaced | None = None
        self.lock = threading.Lock()

    def path(self, item: Watched) -> str:
        return os.path.join(self.folder, item.name)

    def check(self) -> None:
        if self.broken is not None:
            raise self.broken
        for item in self.watched:
            if stat_key(self.path(item)) != item.seen:
                self.recheck(item)

    def recheck(self, item: Watched) -> None:
        with self.lock:
            if self.broken is not None:
                raise self.broken
            key = stat_key(self.path(item))
            try:
                with open(self.path(item), "rb") as handle:
                    data = handle.read()
            except OSError:
                data = None
            if data is not None and item.same(data):
                item.seen = key
                return
            what = "is gone" if data is None else "changed"
            self.broken = RunReplaced(
                f"{item.name} {what} since the service read the run (another run written "
                "into the directory, or a file edited): it answers nothing more from this run; "
                "start lstmspec serve again to answer from the run the directory holds now")
            raise self.broken
