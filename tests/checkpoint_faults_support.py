"""What the fault-injection tests share: a tiny config, `lstmspec run` as a subprocess (killed
at a chosen checkpoint step through LSTMSPEC_FAULT), a small tmpfs as root, and the final
weights of a run read back from model.keras with h5py (no TensorFlow in the test process)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import zipfile

import numpy as np
from conftest import armed, child_env, run_argv

EPOCHS = 3
CONFIG = f"""\
name: faults
input: {{shape: [6, 3]}}
layers:
  - {{type: LSTM, units: 48, dropout: 0.2}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data: {{kind: synthetic, samples: 120}}
train: {{epochs: {EPOCHS}, batch_size: 16, seed: 11}}
output: {{plots: false}}
"""
ENV = child_env(OMP_NUM_THREADS="1", TF_NUM_INTEROP_THREADS="1", TF_NUM_INTRAOP_THREADS="1")


def config(folder, text: str = CONFIG):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "c.yaml").write_text(text)
    return folder


def lstmspec_run(folder, *extra, fault: str | None = None, run_dir=None, wait=True):
    """`lstmspec run c.yaml --quiet --output-dir <folder>/run`; with `fault` (STEP@EPOCH) the
    process kills itself at that checkpoint step."""
    env = armed(ENV, LSTMSPEC_FAULT=fault) if fault else ENV
    args = run_argv(folder / "c.yaml", run_dir or folder / "run", *extra)
    if not wait:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


def weights(run) -> dict:
    """Every array of the trained model, by its path in model.keras's weights file."""
    import h5py

    with zipfile.ZipFile(run / "model.keras") as archive:
        data = archive.read("model.weights.h5")
    arrays = {}
    with h5py.File(io.BytesIO(data), "r") as handle:
        handle.visititems(lambda name, item: arrays.__setitem__(name, np.array(item))
                          if isinstance(item, h5py.Dataset) else None)
    return arrays


def same_weights(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[k].dtype == b[k].dtype and a[k].tobytes() == b[k].tobytes() for k in a)


def history(run) -> dict:
    return json.loads((run / "history.json").read_text())


def state(run) -> dict:
    return json.loads((run / "run.json").read_text())


def one_line(result) -> str:
    """stderr of a refused run: exactly one line, `c.yaml:1:1: LS418 [error] MESSAGE`; returns
    the message."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where, _, message = lines[0].partition(" LS418 [error] ")
    assert where.endswith("c.yaml:1:1:") and message, lines[0]
    return message


def snapshot_tree(folder) -> dict:
    """path -> bytes of every file under folder (to prove that nothing changed), but the
    lock and the temporary files of killed runs, which any run may remove."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock" and ".partial" not in str(p)}


def copy_run(source, target):
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "c.yaml", target / "c.yaml")
    shutil.copytree(source / "run", target / "run")
    return target


@contextlib.contextmanager
def tmpfs(path, size: str):
    """A tmpfs of `size` mounted at path (root only); unmounted at the end."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                   check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def can_mount(scratch) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = scratch / "probe"
    probe.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                          capture_output=True)
    if done.returncode:
        return False
    subprocess.run(["umount", str(probe)], capture_output=True)
    return True
