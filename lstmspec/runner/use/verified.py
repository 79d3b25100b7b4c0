"""A trained run directory, read as one verified snapshot: the one way predict, forecast,
evaluate, export (and serve) read a run.

Opening takes the directory's shared lock (rundir/lock.py: a run or an --overwrite cannot
replace the files while they are read; a run writing it now is RunBusy, LS637) and checks
run.json: the run finished (`complete`) and recorded the SHA-256 of the files the commands
answer from (rundir/digests.py). Each file is then read only through `verified()`: its digest
must be the recorded one, or the command stops with RunChanged (LS635) naming the file, never
using it. preparation.json is then checked against its format (LS636). The ONNX path needs no
TensorFlow: it verifies model.onnx against exports.json (the export's own digest, made from
this run's model.keras) and never reads model.keras."""

from __future__ import annotations

import json
import os
from functools import cached_property

from ..data.preparation import FILE as PREPARATION, Preparation
from ..errors import (PreparationInvalid, PreparationMissing, RunBusy, RunChanged,
                      RunUnusable)
from ..rundir import digests
from ..rundir.lock import LockHeld, acquire, acquire_shared

STATE = "run.json"
EXPORTS = "exports.json"  # format -> {file, sha256, model_sha256, max_abs_diff}
ONNX = "model.onnx"


class VerifiedRun:
    """Open with `with VerifiedRun(path) as run:`; `write=True` (export, which records into
    exports.json) takes the exclusive lock instead of the shared one."""

    def __init__(self, path: str, write: bool = False):
        self.path, self.write, self.lock, self.state = path, write, None, {}

    def __enter__(self) -> "VerifiedRun":
        if not os.path.isdir(self.path):
            raise RunUnusable(f"{self.path}: no such run directory (lstmspec run writes one)")
        try:
            self.lock = acquire(self.path, "export") if self.write else \
                acquire_shared(self.path)
        except LockHeld as err:
            raise RunBusy(str(err)) from None
        except OSError as err:  # export on a read-only copy: it could not record either
            raise RunUnusable(f"{self.path}: cannot be locked for writing exports.json "
                              f"({err.strerror or err}): export from a writable copy") from None
        try:
            self.state = self.finished_state()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def rerun(self) -> str:
        config = os.path.join(self.path, "config.yaml")
        return f"run the config again (lstmspec run {config} --overwrite)"

    def file(self, name: str) -> str:
        return os.path.join(self.path, name)

    def finished_state(self) -> dict:
        try:
            with open(self.file(STATE), "rb") as handle:
                state = json.loads(handle.read(1 << 20))
        except FileNotFoundError:
            if os.path.isfile(self.file(PREPARATION)) or os.path.isfile(self.file("model.keras")):
                raise RunUnusable(f"{self.path} has no {STATE}: training did not finish, or the "
                                  f"folder is not what lstmspec run wrote; {self.rerun}") from None
            raise PreparationMissing(f"{self.path} holds no run (no {STATE}, no {PREPARATION}): "
                                     "name the run directory that lstmspec run wrote") from None
        except (OSError, ValueError, RecursionError):
            raise RunUnusable(f"{self.path}/{STATE} cannot be read as JSON: {self.rerun}") from None
        if not isinstance(state, dict):
            raise RunUnusable(f"{self.path}/{STATE} is not a run's record: {self.rerun}")
        status = state.get("status")
        if status != "complete":
            why = f": {state['error']}" if isinstance(state.get("error"), str) else ""
            raise RunUnusable(f"{self.path}: training did not finish ({STATE} says "
                              f"{json.dumps(status)}{why}): wait for the run, or run the same "
                              "command that trained it again to finish it")
        recorded = state.get(digests.KEY)
        if not isinstance(recorded, dict) or \
                not all(isinstance(recorded.get(n), str) for n in digests.VERIFIED):
            raise RunUnusable(f"{self.path}: {STATE} records no digests of its files (a run of "
                              "an lstmspec before they were recorded), so they cannot be "
                              f"verified: {self.rerun}")
        return state

    def recorded(self, name: str) -> str:
        return self.state[digests.KEY][name]

    def changed(self, name: str, what: str = "") -> RunChanged:
        return RunChanged(f"{name}: {what or 'changed since the run wrote it'} (its SHA-256 "
                          f"differs from the one {STATE} records): a run directory is never "
                          f"edited in place; {self.rerun}, or restore the file")

    def verified(self, name: str) -> bytes:
        """The bytes of one of the run's small files, checked against run.json."""
        try:
            with open(self.file(name), "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise RunUnusable(f"{self.path} has no {name}: the run directory is incomplete; "
                              f"{self.rerun}") from None
        if digests.of_bytes(data) != self.recorded(name):
            raise self.changed(name)
        return data

    def verified_path(self, name: str) -> str:
        """A large file (model.keras), checked in place under the lock; its path."""
        path = self.file(name)
        if not os.path.isfile(path):
            raise RunUnusable(f"{self.path} has no {name}: the run directory is incomplete; "
                              f"{self.rerun}")
        if digests.of_file(path) != self.recorded(name):
            raise self.changed(name)
        return path

    @cached_property
    def preparation(self) -> Preparation:
        data = self.verified(PREPARATION)
        try:
            stored = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            raise PreparationInvalid(f"{PREPARATION} is not JSON: {self.rerun}") from None
        try:
            prep = Preparation.from_json(stored)
        except ValueError as err:
            raise PreparationInvalid(f"{PREPARATION} does not match its format: {err}: "
                                     f"{self.rerun}") from None
        if not prep.named_inputs and self.several_inputs():
            raise RunUnusable(f"{self.path} holds a model with several inputs, trained by an "
                              f"lstmspec whose {PREPARATION} did not record how each is fed, "
                              f"so new data cannot be prepared for it: {self.rerun}")
        return prep

    def several_inputs(self) -> bool:
        """config.yaml (verified) gives the model `inputs:` (several, by name). Without a
        config.yaml, no: loading the model refuses the incomplete run directory."""
        import yaml

        if not os.path.isfile(self.file("config.yaml")):
            return False
        try:
            config = yaml.safe_load(self.config_text())
        except yaml.YAMLError:
            return False  # the Keras path's lint reports it (trained.run_config)
        return isinstance(config, dict) and isinstance(config.get("inputs"), dict)

    def config_text(self) -> bytes:
        return self.verified("config.yaml")

    def exports(self) -> dict:
        try:
            with open(self.file(EXPORTS), "rb") as handle:
                record = json.loads(handle.read(1 << 20))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError):
            raise RunUnusable(f"{self.path}/{EXPORTS} cannot be read as JSON: export again "
                              f"(lstmspec export {self.path} ...), or remove it") from None
        return record if isinstance(record, dict) else {}

    def onnx_export(self) -> str | None:
        """RUN/model.onnx when exports.json records it as an export of this run's model.keras
        (None when it does not: an export of an earlier model, or none); RunChanged when the
        file is not the export that was recorded (replaced, damaged)."""
        record = self.exports().get("onnx")
        if not isinstance(record, dict) or record.get("file") != ONNX or \
                record.get("model_sha256") != self.recorded("model.keras") or \
                not isinstance(record.get("sha256"), str):
            return None
        path = self.file(ONNX)
        if not os.path.isfile(path):
            return None
        if digests.of_file(path) != record["sha256"]:
            raise RunChanged(f"{ONNX}: not the export that {EXPORTS} records for this run's "
                             "model (replaced or damaged since `lstmspec export` verified it): "
                             f"export again (lstmspec export {self.path} --format onnx -o "
                             f"{path}), or use --runtime keras")
        return path
