"""The run a service answers from: read once at start as one verified snapshot (the
preparation, the conformal errors of its intervals, the model on its runtime), then asked for
predictions and forecasts on rows in memory through the very functions `lstmspec predict`
and `forecast` answer with (runner/use/answers.py). Each answer is preceded by the watch's
check that the run directory still holds what was read (watch.py)."""

from __future__ import annotations

import threading

from ..runner.rundir import digests
from ..runner.series import intervals
from ..runner.use import answers, commands, trained
from ..runner.use.newdata import InMemory
from ..runner.use.predicting import Table
from .watch import RunWatch, Watched, same_bytes, same_entries

ROWS, FUTURE = "rows", "future"  # what messages call a request's rows (row k is line k)


class Served:
    """`Served(run_dir, runtime)` loads and verifies; `predict` and `forecast` answer."""

    def __init__(self, run_dir: str, runtime: str):
        self.path = run_dir
        with commands.open_run(run_dir) as run:
            self.prep = run.preparation
            self.conformal = commands.conformal_of(run)
            self.model = Serialized(trained.load(run, runtime))
            self.watch = RunWatch(run.path, watched(run, self.model))

    @property
    def runtime(self) -> str:
        return f"{self.model.runtime} ({self.model.source})"

    def ready(self) -> None:
        """RunReplaced (LS623) when the run directory no longer holds what was read."""
        self.watch.check()

    def bounds(self, level: float | None):
        return answers.band_from(self.path, self.prep, level, lambda: self.conformal)

    def predict(self, rows: list, probabilities: bool = False,
                interval: float | None = None) -> Table:
        self.ready()
        return answers.prediction(self.prep, InMemory(rows), ROWS, lambda: self.model,
                                  probabilities, self.bounds(interval))

    def forecast(self, rows: list, steps: int, interval: float | None = None,
                 future: list | None = None) -> Table:
        self.ready()
        answers.refuse_forecast(self.path, self.prep)
        known = InMemory(future) if future is not None else None
        return answers.forecasted(self.prep, InMemory(rows), ROWS, steps, lambda: self.model,
                                  lambda: self.bounds(interval), known, FUTURE)


class Serialized:
    """Keras's model.predict from one thread at a time (the service answers on a pool of
    threads); onnxruntime's sessions run concurrently."""

    def __init__(self, model):
        self.inner, self.lock = model, threading.Lock()
        self.runtime, self.source = model.runtime, model.source

    def predict(self, x):
        if self.runtime != "keras":
            return self.inner.predict(x)
        with self.lock:
            return self.inner.predict(x)


def watched(run, model) -> list:
    """The files the service answers from, and what each must keep saying."""
    recorded = run.state[digests.KEY]
    files = [Watched("run.json", same_entries({"status": "complete", digests.KEY: recorded}))]
    files += [Watched(name, same_bytes(recorded[name]))
              for name in ("config.yaml", "preparation.json", intervals.FILE)
              if name in recorded]
    if model.runtime == "keras":
        return files + [Watched("model.keras", same_bytes(recorded["model.keras"]))]
    record = run.exports()["onnx"]
    return files + [Watched(record["file"], same_bytes(record["sha256"])),
                    Watched("exports.json", same_entries({"onnx": record}))]
