"""Checkpoints that are never wrong: one directory per finished epoch, committed by a rename.

`<run>/checkpoints/epoch-0004/` holds, written together:
  state.npz      every variable of the model (weights and the dropout seed state), of the
                 optimizer (step, learning rate, moments) and the early-stopping best weights
  meta.json      the epoch, the history so far, the callbacks' counters, the epoch times and
                 the processes that trained them
  manifest.json  the size and SHA-256 of the two files above, and the epoch

Each is written into `.epoch-0004.partial/`, fsynced, and the folder is renamed to
`epoch-0004` (then the parent is fsynced): a run killed at any moment leaves the old
checkpoints and, maybe, a partial folder that the next run removes; never a half checkpoint
under a real name. The newest two are kept. On load every file is checked against the
manifest; a damaged or missing newest checkpoint falls back to the one before, and the caller
says which epoch it resumes after. NumPy only: nothing here imports TensorFlow.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, field

import numpy as np

from ...source.atomic import fsync_dir, named
from ..errors import NoCheckpoint
from ...source.faults import fault, fault_set

FOLDER = "checkpoints"
KEEP = 2
FORMAT = 1
FILES = ("state.npz", "meta.json")
MANIFEST = "manifest.json"
NAME = re.compile(r"^epoch-(\d{4,})$")
# Fault points for the tests (faults.py): LSTMSPEC_FAULT=STEP@EPOCH, armed, kills this process at
# that step of that epoch's checkpoint write (STEPS below); a STEP ending in "-torn" first
# writes half of that file.
STEPS = ("begin", "state.npz-torn", "state.npz", "meta.json-torn", "meta.json",
         "manifest.json-torn", "manifest.json", "synced", "renamed", "pruned")


@dataclass
class Snapshot:
    """What training needs to continue exactly after `epoch`."""

    epoch: int
    arrays: dict  # "model/0", "optimizer/0", "best/0" ... -> np.ndarray
    meta: dict = field(default_factory=dict)

    def group(self, prefix: str) -> list:
        keys = sorted((k for k in self.arrays if k.startswith(prefix + "/")),
                      key=lambda k: int(k.rsplit("/", 1)[1]))
        return [self.arrays[k] for k in keys]


@dataclass
class Found:
    """The result of looking for a checkpoint: the newest usable one (or None), and a note
    for each newer one that could not be used."""

    snapshot: Snapshot | None
    problems: list = field(default_factory=list)  # "epoch 5: state.npz is damaged (...)"
    seen: int = 0  # checkpoint folders looked at


def folder_name(epoch: int) -> str:
    return f"epoch-{epoch:04d}"


def write_file(path: str, data: bytes, epoch: int) -> None:
    try:
        write_synced(path, data, epoch)
    except OSError as err:  # a full disk: the message names the file
        raise named(err, path) from None


def write_synced(path: str, data: bytes, epoch: int) -> None:
    name = os.path.basename(path)
    with open(path, "wb") as handle:
        if fault_set(f"{name}-torn", epoch):
            handle.write(data[:len(data) // 2])
            handle.flush()
            os.fsync(handle.fileno())
            fault(f"{name}-torn", epoch)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    fault(name, epoch)


def encode(snapshot: Snapshot) -> dict:
    """name -> bytes of every file of the checkpoint, the manifest included."""
    buffer = io.BytesIO()
    np.savez(buffer, **{k.replace("/", "."): v for k, v in snapshot.arrays.items()})
    meta = {**snapshot.meta, "epoch": snapshot.epoch, "format": FORMAT}
    files = {"state.npz": buffer.getvalue(),
             "meta.json": json.dumps(meta, allow_nan=False).encode("utf-8")}
    manifest = {"format": FORMAT, "epoch": snapshot.epoch,
                "files": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                          for name, data in files.items()}}
    files[MANIFEST] = json.dumps(manifest, indent=1).encode("utf-8")
    return files


def write(run_path: str, snapshot: Snapshot) -> str:
    """Commit `snapshot` as checkpoints/epoch-NNNN (replacing a damaged one of that epoch),
    then remove all but the newest KEEP; returns the folder."""
    root = os.path.join(run_path, FOLDER)
    os.makedirs(root, exist_ok=True)
    epoch, name = snapshot.epoch, folder_name(snapshot.epoch)
    temp, final = os.path.join(root, f".{name}.partial"), os.path.join(root, name)
    shutil.rmtree(temp, ignore_errors=True)  # a stale one: a lock holder is the only writer
    os.makedirs(temp)
    fault("begin", epoch)
    for file, data in encode(snapshot).items():  # the manifest last
        write_file(os.path.join(temp, file), data, epoch)
    fsync_dir(temp)
    fault("synced", epoch)
    if os.path.exists(final):  # a damaged checkpoint of this epoch, which was fallen back from
        discard(root, name)
    os.rename(temp, final)
    fsync_dir(root)
    fault("renamed", epoch)
    prune(root)
    fault("pruned", epoch)
    return final


def discard(root: str, name: str) -> None:
    """Remove a checkpoint folder: renamed out of the epoch-NNNN names first, so that a kill
    in the middle of the removal leaves a folder no run ever reads as a checkpoint."""
    doomed = os.path.join(root, f".{name}.removed")
    shutil.rmtree(doomed, ignore_errors=True)
    os.rename(os.path.join(root, name), doomed)
    fsync_dir(root)
    shutil.rmtree(doomed, ignore_errors=True)


def epochs_in(root: str) -> list[int]:
    """The epochs of the checkpoint folders under root, newest first."""
    try:
        names = os.listdir(root)
    except OSError:
        return []
    return sorted((int(m.group(1)) for m in map(NAME.match, names) if m), reverse=True)


def prune(root: str) -> None:
    for epoch in epochs_in(root)[KEEP:]:
        discard(root, folder_name(epoch))


def clean_stale(run_path: str) -> list[str]:
    """Remove what a killed writer left: partial and half-removed checkpoint folders; returns
    their names."""
    root = os.path.join(run_path, FOLDER)
    try:
        names = os.listdir(root)
    except OSError:
        return []
    stale = [n for n in names if n.startswith(".epoch-") and
             (n.endswith(".partial") or n.endswith(".removed"))]
    for name in stale:
        shutil.rmtree(os.path.join(root, name), ignore_errors=True)
    return stale


class Damaged(Exception):
    """One checkpoint folder cannot be used; the message says which file and why."""


def verify(folder: str, epoch: int) -> dict:
    """The checkpoint's files as bytes, each checked against the manifest."""
    try:
        with open(os.path.join(folder, MANIFEST), "rb") as handle:
            manifest = json.loads(handle.read().decode("utf-8"))
        listed = manifest["files"]
        if manifest.get("format") != FORMAT or manifest.get("epoch") != epoch or \
                sorted(listed) != sorted(FILES):
            raise Damaged(f"{MANIFEST} does not describe a format-{FORMAT} checkpoint of "
                          f"epoch {epoch}")
    except FileNotFoundError:
        raise Damaged(f"{MANIFEST} is missing") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise Damaged(f"{MANIFEST} is unreadable ({type(err).__name__})") from None
    files = {}
    for name in FILES:
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                data = handle.read()
        except OSError as err:
            raise Damaged(f"{name} is unreadable ({err.strerror or err})") from None
        if len(data) != listed[name].get("bytes") or \
                hashlib.sha256(data).hexdigest() != listed[name].get("sha256"):
            raise Damaged(f"{name} is damaged ({len(data):,} bytes, its checksum differs "
                          "from the manifest's)")
        files[name] = data
    return files


def decode(files: dict, epoch: int) -> Snapshot:
    try:
        meta = json.loads(files["meta.json"].decode("utf-8"))
        with np.load(io.BytesIO(files["state.npz"]), allow_pickle=False) as archive:
            arrays = {k.replace(".", "/"): archive[k] for k in archive.files}
    except (ValueError, OSError, EOFError) as err:  # a checksum that matched a bad writer
        raise Damaged(f"the files do not decode ({type(err).__name__})") from None
    if not isinstance(meta, dict) or meta.get("epoch") != epoch:
        raise Damaged("meta.json names another epoch")
    return Snapshot(epoch, arrays, meta)


def load(run_path: str, fits=None) -> Found:
    """The newest checkpoint that verifies (and that `fits(snapshot)` accepts: it raises
    Damaged when the arrays do not match the model), with notes on the newer ones skipped."""
    root = os.path.join(run_path, FOLDER)
    found = Found(None)
    for epoch in epochs_in(root):
        found.seen += 1
        try:
            snapshot = decode(verify(os.path.join(root, folder_name(epoch)), epoch), epoch)
            if fits is not None:
                fits(snapshot)
        except Damaged as err:
            found.problems.append(f"epoch {epoch}: {err}")
            continue
        found.snapshot = snapshot
        return found
    return found


def resume_point(run_path: str, claimed: int, epochs: int, echo) -> Snapshot | None:
    """The checkpoint an interrupted run continues from, said in one line; None for a run
    stopped before its first checkpoint. `claimed`: the newest epoch run.json records a
    checkpoint of. Nothing usable where something was: NoCheckpoint, never a fresh start."""
    found = load(run_path)
    legacy = os.path.isdir(os.path.join(run_path, "backup"))
    if found.snapshot is None:
        if not (claimed or found.seen or legacy):
            echo("Resuming: no checkpoint yet: training from the first epoch")
            return None
        what = "; ".join(found.problems) or (
            "a backup/ folder of an older lstmspec, which this one does not read" if legacy
            else f"run.json records a checkpoint of epoch {claimed}, and {FOLDER}/ holds none")
        raise NoCheckpoint(f"{run_path}: no usable checkpoint ({what}): use --overwrite to "
                           "train again from the start, or choose another output dir")
    snapshot, why = found.snapshot, list(found.problems)
    if claimed > snapshot.epoch and not found.problems:
        why.append(f"run.json records a checkpoint of epoch {claimed}, which is missing")
    if len(why) == 1 and why[0].startswith("epoch "):
        epoch, reason = why[0].split(": ", 1)
        why = [f"the checkpoint of {epoch} cannot be used: {reason}"]
    note = f" ({'; '.join(why)})" if why else " (from the checkpoint)"
    echo(f"Resuming after epoch {snapshot.epoch} of {epochs}{note}")
    return snapshot
