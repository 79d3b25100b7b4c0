"""The run directory: where a run writes, and whether it starts, resumes or is refused.

A run directory holds run.json (the config key and the status: running, trained, complete).
An interrupted run of the same config is resumed (by the same command, or --resume); a
finished run or a run of another config is never written over without --overwrite; a folder
that is not a run directory is never touched.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import time
from dataclasses import dataclass

from .atomic import write_json
from .errors import RunDirError

STATE = "run.json"
BACKUP = "backup"
# What --overwrite removes: the files a run writes, and nothing else.
ARTIFACTS = ("model.keras", "config.yaml", "preparation.json", "history.json", "metrics.json",
             "predictions.csv", "predictions.npz", "learning_curve.png", "forecast.png",
             "exports.json", "model.onnx", "model.tflite", STATE)
ARTIFACT_DIRS = (BACKUP, "tensorboard", "savedmodel")


@dataclass
class RunDir:
    path: str
    state: dict  # run.json as read (empty for a new run)
    resumed: bool = False

    @property
    def status(self) -> str:
        return self.state.get("status", "new")

    def file(self, name: str) -> str:
        return os.path.join(self.path, name)

    def save_state(self, **changes) -> None:
        self.state.update(changes)
        write_json(self.file(STATE), self.state)


def read_state(folder: str) -> dict | None:
    try:
        with open(os.path.join(folder, STATE), encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def is_empty(folder: str) -> bool:
    return not os.path.exists(folder) or (os.path.isdir(folder) and not os.listdir(folder))


def clear(folder: str) -> None:
    for name in ARTIFACTS:
        if os.path.isfile(os.path.join(folder, name)):
            os.unlink(os.path.join(folder, name))
    for name in ARTIFACT_DIRS:
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)


def prepare(explicit: str | None, root: str, name: str, key: str, resume: bool,
            overwrite: bool) -> RunDir:
    """The run directory for this run; raises RunDirError with the way out."""
    if explicit:
        return prepare_named(explicit, key, resume, overwrite)
    interrupted = [] if overwrite else find_interrupted(root, name, key)
    if interrupted:
        return RunDir(interrupted[-1], read_state(interrupted[-1]), resumed=True)
    if resume:
        raise RunDirError(f"--resume: no interrupted run of this config under {root}/ "
                          "(name the run directory with --output-dir if it is elsewhere)")
    return new_dir(os.path.join(root, f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"), key)


def prepare_named(folder: str, key: str, resume: bool, overwrite: bool) -> RunDir:
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise RunDirError(f"{folder} exists and is not a directory: choose another output dir")
    state = read_state(folder)
    if is_empty(folder):
        if resume:
            raise RunDirError(f"--resume: {folder} holds no run to resume")
        return new_dir(folder, key)
    if state is None:
        raise RunDirError(f"{folder} exists and is not an lstmspec run directory (no {STATE}): "
                          "choose another output dir; lstmspec does not write into it")
    if overwrite:
        clear(folder)
        return new_dir(folder, key)
    if state.get("config_key") != key:
        raise RunDirError(f"{folder} holds a run of a different config (key "
                          f"{state.get('config_key')}, this config is {key}): its checkpoint is "
                          "not resumed into this one; use --overwrite to replace that run, or "
                          "choose another output dir")
    if state.get("status") == "complete":
        raise RunDirError(f"{folder} holds a finished run of this config: use --overwrite to "
                          "train again, or choose another output dir")
    return RunDir(folder, state, resumed=True)


def new_dir(folder: str, key: str) -> RunDir:
    base, count = folder, 1
    while os.path.exists(folder) and not is_empty(folder):  # two runs in the same second
        count += 1
        folder = f"{base}-{count}"
    os.makedirs(folder, exist_ok=True)
    run = RunDir(folder, {"config_key": key, "status": "running"})
    run.save_state(started=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return run


def find_interrupted(root: str, name: str, key: str) -> list[str]:
    """Run directories of this config under root that did not finish, oldest first."""
    found = []
    for folder in sorted(glob.glob(os.path.join(glob.escape(root), glob.escape(name) + "-*"))):
        state = read_state(folder)
        if state and state.get("config_key") == key and state.get("status") != "complete":
            found.append(folder)
    return found
