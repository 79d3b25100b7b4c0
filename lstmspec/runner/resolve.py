"""The resolved config of a run (every default filled in, layer names as Keras gives them) and
the key that ties a run directory's checkpoint to it."""

from __future__ import annotations

import hashlib
import json
import os

from ..datafacts.files import resolve as resolve_path
from ..datafacts.windows import default_window
from ..spec.sections.data import KIND_KEYS

DEFAULT_BATCH_SIZE = 32


def layer_dump(spec, name: str | None = None) -> dict:
    out = {"type": spec.KERAS_CLASS, "name": name}
    out.update(spec.model_dump(mode="json", by_alias=True, exclude={"type", "layer", "name"}))
    for key in ("from", "initial_state"):  # graph references: only where written
        if out.get(key, 0) is None:
            del out[key]
    inner = getattr(spec, "inner", None)
    if inner is not None:
        out["layer"] = layer_dump(inner, inner.name)
    return out if name is not None else {k: v for k, v in out.items() if k != "name"}


def data_dump(model, config_path: str) -> dict:
    data = model.data
    dumped = data.model_dump(mode="json")
    out = {"kind": data.kind}
    out.update({k: dumped[k] for k in KIND_KEYS[data.kind] if dumped.get(k) is not None})
    if data.path is not None:
        out["path"] = os.path.abspath(resolve_path(config_path, data.path))
    if data.kind in ("csv", "parquet"):
        out["window"] = data.window or default_window(model)
    out["split"] = {**out["split"], "test": data.split.test_fraction}
    return out


def batch_size(model) -> int:
    train = model.train
    return (train.batch_size if train and train.batch_size else None) or \
        next(iter(model.input_specs.values())).batch_size or DEFAULT_BATCH_SIZE


def train_dump(model) -> dict:
    from ..spec.sections.train import TrainSpec

    train = model.train or TrainSpec()
    out = train.model_dump(mode="json", exclude_none=True)  # absent = off, as in the config
    distribute = getattr(train, "distribute", None)
    if distribute is not None:  # its keys depend on the strategy: keep what the config set
        out["distribute"] = distribute.model_dump(mode="json", exclude_unset=True) or "none"
    out["batch_size"] = batch_size(model)
    return out


def resolved_config(model, infos, config_path: str, run_dir: str) -> dict:
    """The config as the run used it: a valid config itself, with every default written."""
    from ..spec.sections.output import OutputSpec

    output = (model.output or OutputSpec()).model_dump(mode="json")
    output["dir"] = os.path.abspath(run_dir)
    compiled = model.compile
    return {
        "version": 1,
        "name": model.name or run_name(model, config_path),
        **input_dump(model),
        "layers": [layer_dump(info.spec, info.name) for info in infos],
        "compile": {"optimizer": compiled.optimizer.resolved(), "loss": compiled.loss,
                    "metrics": list(compiled.metrics)},
        "data": data_dump(model, config_path),
        "train": train_dump(model),
        "output": output,
    }


def input_dump(model) -> dict:
    """`input:`, or a graph's `inputs:` and `outputs:`."""
    if model.inputs is None:
        out = {"input": model.input.model_dump(mode="json")}
    else:
        out = {"inputs": {n: s.model_dump(mode="json") for n, s in model.inputs.items()}}
    return out | ({"outputs": list(model.outputs)} if model.outputs is not None else {})


def run_name(model, config_path: str) -> str:
    if model.name:
        return model.name
    stem = os.path.splitext(os.path.basename(config_path))[0]
    return "".join(c if c.isalnum() or c in "_.-" else "-" for c in stem) or "run"


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def config_key(resolved: dict) -> str:
    """What a checkpoint depends on: everything but `output`, plus the data file's contents.
    A backup is resumed only into a run with the same key. train.distribute is left out: the
    batch size is global, so a run may resume under another strategy (on fewer machines)."""
    keyed = {k: v for k, v in resolved.items() if k != "output"}
    keyed["train"] = {k: v for k, v in keyed["train"].items() if k != "distribute"}
    path = keyed["data"].get("path")
    if path and os.path.isfile(path):
        keyed = {**keyed, "data": {**keyed["data"], "path": file_digest(path)}}
    text = json.dumps(keyed, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
