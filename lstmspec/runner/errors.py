"""Every exception the runner raises on purpose, in one leaf module that imports nothing of
the runner: any runner module can raise them, and `lstmspec run`/`build` catch them here.

Each message is one line: what is wrong and what to do. The command prints it and exits
with the error's `status` (docs/runner.md lists them)."""

from __future__ import annotations

import errno


class RunError(Exception):
    """The run cannot go on; the message is one line that says what to do."""

    status = 1


class CrossCheckError(RunError):
    """The built Keras model disagrees with lint's static table: a bug, reported with both
    sides (exit status 3)."""

    status = 3


class RunLocked(RunError):
    """Another live lstmspec run holds the run directory (its lock names it)."""

    status = 4


class NoCheckpoint(RunError):
    """The run directory claims finished epochs but holds no checkpoint that verifies."""

    status = 5


class DiskError(RunError):
    """Writing or reading the run directory failed: a full disk, a read-only one, no
    permission, an I/O error."""

    status = 6


class Diverged(RunError):
    """The loss became NaN or infinite; the run stopped, its last checkpoint kept."""

    status = 7


DISK_ADVICE = {
    errno.ENOSPC: "free some space, then run the same command again: it resumes after the "
                  "last checkpoint",
    errno.EDQUOT: "the disk quota is used up: free some space, then run the same command "
                  "again: it resumes after the last checkpoint",
    errno.EROFS: "the run directory must be on a writable disk: remount it read-write, or "
                 "choose another output dir",
    errno.EACCES: "lstmspec needs to write the run directory: fix its permissions, or choose "
                  "another output dir",
}


def disk_error(err: OSError) -> DiskError:
    """An OSError met while writing the run (not the data: that is a DataError) as one line:
    the file, the system's words, and what to do."""
    where = err.filename or "the run directory"
    words = err.strerror or str(err) or type(err).__name__
    advice = DISK_ADVICE.get(err.errno, DISK_ADVICE[errno.EACCES] if err.errno == errno.EPERM
                             else "check the disk, then run the same command again: it "
                             "resumes after the last checkpoint")
    return DiskError(f"{where}: {words}: {advice}")


class DistributeError(RunError):
    """The distribution settings cannot be used; the message says what to do."""


class DataError(Exception):
    """The data cannot be used; the message is one line: what is wrong and how to fix it.
    Raised before TensorFlow is imported; `run` reports it as a RunError."""


class RunDirError(Exception):
    """The run directory cannot be used as asked; the message says what to do."""


class RequestRefused(DataError):
    """predict/forecast/evaluate: what the command was asked for cannot be made from this run
    (an output file of another type or in no folder, a forecast the model cannot make)."""


class RunUnusable(Exception):
    """predict/forecast/evaluate/export: the run directory is missing, incomplete or cannot be
    read; the message says what to do."""


class PreparationMissing(RunUnusable):
    """The run directory holds no (usable) preparation.json: a run from an older lstmspec."""


class ModelUnavailable(RunUnusable):
    """The run's model cannot be loaded; the message says why and what to do."""


class ExportFailed(Exception):
    """The model cannot be exported to the format; the message says why and what to change."""


class RunnerUnavailable(RuntimeError):
    """TensorFlow is not installed: the message says how to install it."""


class WorkerDone(Exception):
    """A worker that is not the chief has nothing left to do (the chief had finished
    training before the restart). Not an error: the worker says so and exits 0."""
