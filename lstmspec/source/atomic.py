"""Atomic file writes: a temporary file in the same folder, flushed and fsynced, then renamed
over the target. A run killed at any moment leaves the old file or the new one, never half of
one (Keras's Model.save writes in place).

A temporary file (`.NAME.XXXXXXXX.partial`) or folder (`.export-XXXXXXXX.partial/`) is locked
(flock) by its writer until it is published or removed: a killed writer's leftovers are the
ones nobody holds, and the next write of the same file (or the next command that starts to)
removes them with `sweep`, never one that a live process is writing."""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import re
import shutil
import tempfile

from .faults import pause

# tempfile's random part: 8 of a-z, 0-9 and _
_RANDOM = r"[a-z0-9_]{8}"


def finite(value):
    """A number as JSON can hold it: a float, or None for NaN and the infinities (write_json
    refuses those)."""
    value = float(value)
    return value if math.isfinite(value) else None


def fsync_dir(folder: str) -> None:
    try:
        handle = os.open(folder or ".", os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _held(made: str, handle: int) -> bool:
    """Lock a temporary file or folder just made (blocking: only a sweep contends, for an
    instant); False when a sweep removed it before the lock was taken (make another)."""
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        return os.path.samestat(os.fstat(handle), os.lstat(made))
    except OSError:
        return False


@contextlib.contextmanager
def _temp_path(path: str, suffix: str = "", mode: int | None = None):
    """A locked temporary file beside `path`, removed at the end unless published."""
    folder, name = os.path.split(os.path.abspath(path))
    sweep(path)
    while True:
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial" + suffix,
                                        dir=folder)
        if _held(temp, handle):
            break
        os.close(handle)
    try:
        # mkstemp makes 0600; a result file is as any other (or keeps the mode it replaces)
        os.chmod(temp, 0o666 & ~_umask() if mode is None else mode)
        yield temp
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
        os.close(handle)  # the lock goes with it


@contextlib.contextmanager
def temp_folder(folder: str, prefix: str):
    """A locked temporary folder `<prefix>XXXXXXXX.partial` in `folder`, removed at the end;
    `sweep_folders(folder, prefix)` removes those of killed writers."""
    sweep_folders(folder, prefix)
    while True:
        made = tempfile.mkdtemp(prefix=prefix, suffix=".partial", dir=folder)
        handle = os.open(made, os.O_RDONLY | os.O_DIRECTORY)
        if _held(made, handle):
            break
        os.close(handle)
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)
        os.close(handle)


def _remove_unheld(path: str) -> bool:
    """Remove a temporary file or folder that no live writer holds (its lock is free)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # gone, or a symlink: not ours
        return False
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a live writer holds it
            return False
        if not os.path.samestat(os.fstat(handle), os.lstat(path)):
            return False
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _sweep_matching(folder: str, pattern: re.Pattern) -> list[str]:
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    return [n for n in names if pattern.fullmatch(n) and
            _remove_unheld(os.path.join(folder, n))]


def sweep(path: str) -> list[str]:
    """Remove the temporary files of `path` that killed writers left (`.NAME.XXXXXXXX.partial`,
    `.partial.keras`); returns their names. One a live writer holds is left alone."""
    folder, name = os.path.split(os.path.abspath(path))
    return _sweep_matching(folder, re.compile(rf"\.{re.escape(name)}\.{_RANDOM}\.partial"
                                              r"(\.keras)?"))


def sweep_folders(folder: str, prefix: str) -> list[str]:
    """Remove the temporary folders `<prefix>XXXXXXXX[.partial]` that killed writers left in
    `folder` (the unsuffixed ones are those of lstmspec before their lock)."""
    return _sweep_matching(os.path.abspath(folder),
                           re.compile(rf"{re.escape(prefix)}{_RANDOM}(\.partial)?"))


def _publish(temp: str, path: str) -> None:
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, path)
    fsync_dir(os.path.dirname(os.path.abspath(path)))


def named(err: OSError, path: str) -> OSError:
    """`err` with the file it was about: a write or an fsync that fails (a full disk) raises
    an OSError without a filename, and the message must name the file."""
    if err.filename is not None:
        return err
    return OSError(err.errno, err.strerror or str(err), path)


def write_bytes(path: str, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` atomically; `mode` (e.g. the mode of the file replaced) or the
    usual mode of a new file. An OSError names the file."""
    try:
        with _temp_path(path, mode=mode) as temp:
            with open(temp, "wb") as handle:
                handle.write(data)
            pause("partial")  # the tests kill a writer here (its temporary file written)
            _publish(temp, path)
    except OSError as err:
        raise named(err, path) from None


def write_text(path: str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str, value) -> None:
    write_text(path, json.dumps(value, indent=2, sort_keys=False, allow_nan=False) + "\n")


def save_model(model, path: str) -> None:
    """model.save to a temporary `.keras` file (Keras wants the suffix), then rename."""
    try:
        with _temp_path(path, suffix=".keras") as temp:
            model.save(temp)
            _publish(temp, path)
    except OSError as err:
        raise named(err, path) from None
