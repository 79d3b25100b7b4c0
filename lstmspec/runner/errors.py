"""Every exception the runner raises on purpose, in one leaf module that imports nothing of
the runner: any runner module can raise them, and `lstmspec run`/`build` catch them here.

Each message is one line: what is wrong and what to do. The command prints it and exits 1
(CrossCheckError: 3)."""

from __future__ import annotations


class RunError(Exception):
    """The run cannot go on; the message is one line that says what to do."""


class CrossCheckError(RunError):
    """The built Keras model disagrees with lint's static table: a bug, reported with both
    sides (exit status 3)."""


class DistributeError(RunError):
    """The distribution settings cannot be used; the message says what to do."""


class DataError(Exception):
    """The data cannot be used; the message is one line: what is wrong and how to fix it.
    Raised before TensorFlow is imported; `run` reports it as a RunError."""


class RunDirError(Exception):
    """The run directory cannot be used as asked; the message says what to do."""


class PreparationMissing(Exception):
    """The run directory holds no (usable) preparation.json: a run from an older lstmspec."""


class ModelUnavailable(Exception):
    """The run's model cannot be loaded; the message says why and what to do."""


class ExportFailed(Exception):
    """The model cannot be exported to the format; the message says why and what to change."""


class RunnerUnavailable(RuntimeError):
    """TensorFlow is not installed: the message says how to install it."""


class WorkerDone(Exception):
    """A worker that is not the chief has nothing left to do (the chief had finished
    training before the restart). Not an error: the worker says so and exits 0."""
