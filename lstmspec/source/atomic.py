"""Atomic file writes: a temporary file in the same folder, flushed and fsynced, then renamed
over the target. A run killed at any moment leaves the old file or the new one, never half of
one (Keras's Model.save writes in place)."""

from __future__ import annotations

import json
import math
import os
import tempfile


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


def _temp_path(path: str, suffix: str = "", mode: int | None = None) -> str:
    folder, name = os.path.split(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial" + suffix, dir=folder)
    os.close(handle)
    # mkstemp makes 0600; a result file is as any other (or keeps the mode it replaces)
    os.chmod(temp, 0o666 & ~_umask() if mode is None else mode)
    return temp


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
    temp = _temp_path(path, mode=mode)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        _publish(temp, path)
    except OSError as err:
        raise named(err, path) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def write_text(path: str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str, value) -> None:
    write_text(path, json.dumps(value, indent=2, sort_keys=False, allow_nan=False) + "\n")


def save_model(model, path: str) -> None:
    """model.save to a temporary `.keras` file (Keras wants the suffix), then rename."""
    temp = _temp_path(path, suffix=".keras")
    try:
        model.save(temp)
        _publish(temp, path)
    except OSError as err:
        raise named(err, path) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
