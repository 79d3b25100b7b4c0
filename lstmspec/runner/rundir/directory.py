"""The run directory: where a run writes, and whether it starts, resumes or is refused.

A run directory holds run.json (the config key and the status: running, trained, complete,
or failed with the error that stopped it).
An interrupted run of the same config is resumed (by the same command, or --resume); a
finished run or a run of another config is never written over without --overwrite; a folder
that is not a run directory is never touched.

A run holds the directory's lock (lock.py) from the moment it is chosen to the end of the
process; under the lock it first puts back a run that an interrupted --overwrite had moved
aside (replace.py) and removes the temporary files a killed run left.
"""

from __future__ import annotations

import glob
import json
import os
import time
from dataclasses import dataclass, field

from ...source.atomic import write_json
from ..errors import RunDirError, RunLocked
from . import checkpoint, digests, replace
from .lock import LOCK, LockHeld, RunLock, acquire, try_acquire

STATE = "run.json"
BACKUP = "backup"
# What --overwrite removes: the files a run writes, and nothing else.
ARTIFACTS = ("model.keras", "config.yaml", "preparation.json", "history.json", "metrics.json",
             "predictions.csv", "predictions.npz", "learning_curve.png", "forecast.png",
             "exports.json", "model.onnx", "model.tflite", STATE)
ARTIFACT_DIRS = (BACKUP, "tensorboard", "savedmodel", checkpoint.FOLDER)
OWN = ARTIFACTS + ARTIFACT_DIRS


@dataclass
class RunDir:
    path: str
    state: dict  # run.json as read (empty for a new run)
    resumed: bool = False
    lock: RunLock | None = None
    notes: list = field(default_factory=list)  # what was done under the lock, to be said
    replacing: bool = False  # --overwrite: the old run waits in .replaced for a checkpoint
    writing: bool = False  # this process has begun to write the run (past the resume checks)

    @property
    def status(self) -> str:
        return self.state.get("status", "new")

    def file(self, name: str) -> str:
        return os.path.join(self.path, name)

    def save_state(self, **changes) -> None:
        self.state.update(changes)
        write_json(self.file(STATE), self.state)

    def record(self, name: str) -> None:
        """run.json records the SHA-256 of `name`, just written (the after-training commands
        verify it before they answer from the file)."""
        self.state.setdefault(digests.KEY, {})[name] = digests.of_file(self.file(name))
        self.save_state()

    def failed(self, err: BaseException) -> None:
        """The run stopped on an error (not a kill or a signal: those stay `running`, to be
        resumed): run.json says `failed` and why, so that nothing takes it for a live run. The
        same command resumes it like an interrupted one; an error before this process began
        to write it (a resume refused) changes nothing. Best effort: the error being reported
        may be the disk's own."""
        status = self.state.get("status")
        if status in (None, "complete") or not self.writing:
            return  # a resume refused (no usable checkpoint) leaves the directory as it was
        why = str(err).splitlines()[0][:500] if str(err) else type(err).__name__
        try:  # a trained run keeps `trained`: its model is there, and a resume reloads it
            self.save_state(status="failed" if status == "running" else status, error=why)
        except OSError:
            pass

    def resume(self) -> None:
        """A failed run taken up again is running again, its old error gone."""
        if self.state.pop("error", None) is not None or self.status == "failed":
            self.save_state(status="running" if self.status == "failed" else self.status)

    def first_checkpoint(self) -> None:
        """The new run has a checkpoint: an old run that --overwrite moved aside goes."""
        if self.replacing:
            replace.drop(self.path)
            self.replacing = False

    def release(self) -> None:
        """Unlock the directory (the end of the process does it too)."""
        if self.lock is not None:
            self.lock.release()

    def give_back(self) -> bool:
        """The new run failed before its first checkpoint: put the old run back."""
        if not self.replacing:
            return False
        self.replacing = False
        return replace.put_back(self.path, OWN)


def read_state(folder: str) -> dict | None:
    try:
        with open(os.path.join(folder, STATE), encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def temporary(name: str) -> bool:
    """A file that source/atomic.py or the lock made: `.NAME.XXXX.partial[.keras]`, `.lock`."""
    return name == LOCK or (name.startswith(".") and
                                 (name.endswith(".partial") or name.endswith(".partial.keras")))


def leftovers(folder: str) -> list[str]:
    """What is in `folder` besides temporary files."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [n for n in names if not temporary(n)]


def is_empty(folder: str) -> bool:
    return not os.path.exists(folder) or (os.path.isdir(folder) and not leftovers(folder))


def ours(folder: str) -> bool:
    return read_state(folder) is not None or replace.pending(folder) or is_empty(folder)


def tidy(run: RunDir) -> None:
    """Under the lock: put back a run an interrupted --overwrite moved aside, and remove the
    temporary files of killed runs."""
    if replace.put_back(run.path, OWN):
        run.notes.append("The run that an interrupted --overwrite had moved aside is back")
    stale = [n for n in os.listdir(run.path) if temporary(n) and n != LOCK]
    for name in stale:
        replace.remove(run.file(name))
    stale += checkpoint.clean_stale(run.path)
    if stale:
        run.notes.append(f"Removed {len(stale)} temporary file(s) of an interrupted run")
    run.state = read_state(run.path) or {}


def lock_named(folder: str) -> RunDir:
    try:
        held = acquire(folder)
    except LockHeld as err:
        raise RunLocked(str(err)) from None
    run = RunDir(folder, {}, lock=held)
    tidy(run)
    return run


def prepare(explicit: str | None, root: str, name: str, key: str, resume: bool,
            overwrite: bool) -> RunDir:
    """The run directory for this run, locked; raises RunDirError with the way out."""
    if explicit:
        return prepare_named(explicit, key, resume, overwrite)
    live = []
    for folder in ([] if overwrite else reversed(find_interrupted(root, name, key))):
        held = try_acquire(folder)
        if held is None:  # another process is training it right now
            live.append(folder)
            continue
        run = RunDir(folder, {}, resumed=True, lock=held)
        tidy(run)
        if run.state.get("config_key") == key and run.status != "complete":
            return run
        held.release()
    if resume:
        if live:
            raise RunLocked(f"--resume: the interrupted run of this config, {live[0]}, is in "
                            "use by another lstmspec run: wait for it to end or stop it")
        raise RunDirError(f"--resume: no interrupted run of this config under {root}/ "
                          "(name the run directory with --output-dir if it is elsewhere)")
    return new_dir(os.path.join(root, f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"), key)


def prepare_named(folder: str, key: str, resume: bool, overwrite: bool) -> RunDir:
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise RunDirError(f"{folder} exists and is not a directory: choose another output dir")
    if not ours(folder):
        raise RunDirError(f"{folder} exists and is not an lstmspec run directory (no {STATE}): "
                          "choose another output dir; lstmspec does not write into it")
    if resume and is_empty(folder) and not replace.pending(folder):
        raise RunDirError(f"--resume: {folder} holds no run to resume")
    os.makedirs(folder, exist_ok=True)
    run = lock_named(folder)
    try:
        return decide(run, key, overwrite)
    except BaseException:
        run.release()
        raise


def decide(run: RunDir, key: str, overwrite: bool) -> RunDir:
    """Under the lock: a new run, a replaced one, a resumed one, or refused."""
    folder, state = run.path, run.state
    if not state:
        return fresh(run, key)
    if overwrite:
        replace.move_aside(folder, OWN)
        return fresh(run, key, replacing=True)
    if state.get("config_key") != key:
        raise RunDirError(f"{folder} holds a run of a different config (key "
                          f"{state.get('config_key')}, this config is {key}): its checkpoint is "
                          "not resumed into this one; use --overwrite to replace that run, or "
                          "choose another output dir")
    if state.get("status") == "complete":
        raise RunDirError(f"{folder} holds a finished run of this config: use --overwrite to "
                          "train again, or choose another output dir")
    run.resumed = True
    return run


def fresh(run: RunDir, key: str, replacing: bool = False) -> RunDir:
    run.state, run.replacing = {"config_key": key, "status": "running"}, replacing
    run.save_state(started=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return run


def new_dir(folder: str, key: str) -> RunDir:
    """A new run directory at `folder`, or `folder-2`, `-3`... when another run took it (two
    runs started in the same second)."""
    base, count = folder, 1
    while True:
        if not os.path.exists(folder) or is_empty(folder):
            os.makedirs(folder, exist_ok=True)
            held = try_acquire(folder)
            if held is not None:
                if is_empty(folder):
                    return fresh(RunDir(folder, {}, lock=held), key)
                held.release()
        count += 1
        folder = f"{base}-{count}"


def find_interrupted(root: str, name: str, key: str) -> list[str]:
    """Run directories of this config under root that did not finish, oldest first."""
    found = []
    for folder in sorted(glob.glob(os.path.join(glob.escape(root), glob.escape(name) + "-*"))):
        state = read_state(folder)
        if state and state.get("config_key") == key and state.get("status") != "complete":
            found.append(folder)
    return found
