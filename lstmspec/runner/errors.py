"""Every exception the runner raises on purpose, in one leaf module that imports nothing of
the runner: any runner module can raise them, and the commands catch them.

Each message is one line: what is wrong and what to do. Each class carries the `code` it is
printed with (codes.py, `lstmspec rule CODE`) and the exit `status` of the command
(docs/runner.md, docs/using.md); cli/errors.report prints the coded line and returns the
status, so no command chooses a code. Where one problem is reported differently by two
commands, the runner says so by raising another class: `run` turns a DataError, an OSError
and an ExportFailed into RunError (LS418) and DiskError; the commands on a trained run turn
an OSError into RequestRefused (LS632)."""

from __future__ import annotations

import errno


class CommandError(Exception):
    """What a command reports as one coded line and an exit status, never a traceback."""

    code = "LS418"
    status = 1


class RunError(CommandError):
    """The run cannot go on; the message is one line that says what to do (LS418)."""


class CrossCheckError(RunError):
    """The built Keras model disagrees with lint's static table: a bug, reported with both
    sides (LS423, exit status 3)."""

    code = "LS423"
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


class BaselineNotBeaten(RunError):
    """`--require-beats`: the model does not beat the baseline on every target and series.
    The run (or the evaluation) is complete and kept; the status lets CI stop there."""

    code = "LS650"
    status = 8


class BaselineUnavailable(RunError):
    """`--require-beats`: the baseline cannot be computed for this run (not a series, or a
    seasonal naive forecast without a season)."""

    code = "LS651"
    status = 1


class DistributeError(RunError):
    """The distribution settings cannot be used; the message says what to do."""


class DataError(CommandError):
    """The data cannot be used; the message is one line: what is wrong and how to fix it.
    Raised before TensorFlow is imported. predict/forecast/evaluate/export report it as
    LS630; `run` reports it as a RunError (LS418)."""

    code = "LS630"


class TimeAxisMismatch(DataError):
    """predict/forecast/evaluate (and serve's rows): the data's time column is sampled at
    another step, or written in another form (dates or numbers, with or without a UTC offset),
    than the run's training data (LS470, the status of every data refusal)."""

    code = "LS470"


class RunDirError(CommandError):
    """The run directory cannot be used as asked; the message says what to do. `run` reports
    it as a RunError (LS418)."""


class RequestRefused(DataError):
    """predict/forecast/evaluate: what the command was asked for cannot be made from this run
    (an output file of another type or in no folder, a forecast the model cannot make, a file
    that cannot be read or written)."""

    code = "LS632"


class IntervalUnavailable(RequestRefused):
    """`--interval`: the run keeps no validation errors to make an interval from (no
    validation part, data.stream, an older run), or is not a series (LS652)."""

    code = "LS652"


class FutureInputUnknown(RequestRefused):
    """forecast: the model has an input of the rows it forecasts (data.inputs rows: future),
    whose values are not given (--future) or cannot be known (a target) (LS660)."""

    code = "LS660"


def request_refused(err: OSError) -> RequestRefused:
    """An OSError met by a command on a trained run (a file it reads or writes): the file and
    the system's words."""
    return RequestRefused(f"{err.filename or ''}: {err.strerror or err}")


class RunUnusable(CommandError):
    """predict/forecast/evaluate/export: the run directory is missing, incomplete or cannot be
    read; the message says what to do."""

    code = "LS631"


class RunChanged(RunUnusable):
    """A file the command would answer from differs from the digest recorded when it was
    written (run.json, exports.json): it is refused, never used (LS635)."""

    code = "LS635"


class PreparationInvalid(RunUnusable):
    """preparation.json does not match its format (a key missing, of the wrong type, out of
    range) (LS636)."""

    code = "LS636"


class RunBusy(RunUnusable):
    """Another lstmspec process is writing the run directory (a run, --overwrite, an export)
    (LS637)."""

    code = "LS637"


class PreparationMissing(RunUnusable):
    """The run directory holds no (usable) preparation.json: a run from an older lstmspec."""


class ModelUnavailable(RunUnusable):
    """The run's model cannot be loaded; the message says why and what to do."""


class ExportFailed(CommandError):
    """The model cannot be exported to the format; the message says why and what to change.
    `export` reports it as LS633; `run` (output.export) as a RunError (LS418)."""

    code = "LS633"


class ExportDiffers(CommandError):
    """`export`: the export's outputs differ from Keras's beyond the tolerance: do not ship it
    (LS634, exit status 3)."""

    code = "LS634"
    status = 3


class RunnerUnavailable(CommandError, RuntimeError):
    """TensorFlow is not installed: the message says how to install it (LS419)."""

    code = "LS419"


class WorkerDone(Exception):
    """A worker that is not the chief has nothing left to do (the chief had finished
    training before the restart). Not an error: the worker says so and exits 0 (no command
    catches it as a CommandError: multiworker.worker_setup does)."""

    code = None
    status = 0
