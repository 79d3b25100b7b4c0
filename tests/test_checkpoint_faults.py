"""Fault injection: `lstmspec run` killed at every step of a checkpoint write, its checkpoints
damaged or removed, two runs on one directory, a full disk, a read-only disk, SIGTERM, a loss
that turns NaN, --overwrite killed at start-up. Every case must end in a run identical to an
uninterrupted one (final weights compared bit for bit, the history value for value) or in
one error line with a documented exit status and nothing lost; never exit 0 on a wrong model.

The whole campaign runs once (module fixture), two subprocesses at a time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from checkpoint_faults_support import (CONFIG, EPOCHS, can_mount, config, copy_run, history,
                                       lstmspec_run, one_line, same_weights, snapshot_tree,
                                       state, tmpfs, weights)

from lstmspec.runner.rundir.checkpoint import STEPS

pytestmark = pytest.mark.tf

# (step, epoch): every step of a checkpoint write of a middle epoch, the start of the next
# one (the base of the damage cases), the first checkpoint torn (no previous one), and the
# last one after its commit and pruning (nothing left to train).
KILLS = [("begin", 2), ("state.npz-torn", 2), ("meta.json", 2), ("manifest.json-torn", 2),
         ("synced", 2), ("renamed", 2), ("begin", 3), ("state.npz-torn", 1), ("pruned", 3)]
LOCK_HELD, NO_CHECKPOINT, DISK, DIVERGED, SIGTERM = 4, 5, 6, 7, 143


def test_every_kill_names_a_step_the_checkpoint_writer_has():
    """A misspelt step would never fire: the run would end uninterrupted and prove nothing."""
    assert {step for step, _ in KILLS} <= set(STEPS)


def parallel(jobs: dict) -> dict:
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def wait_for(path, process, seconds=300):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def sigterm_after_first_checkpoint(folder):
    process = lstmspec_run(folder, wait=False)
    wait_for(folder / "run" / "checkpoints" / "epoch-0001", process)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    return process.returncode, err


def two_at_once(folder):
    first = lstmspec_run(folder, wait=False)
    wait_for(folder / "run" / "run.json", first)
    second = lstmspec_run(folder)
    first.communicate(timeout=600)
    return first.returncode, second


def killed_campaign(root) -> dict:
    """Phase 1: the uninterrupted run and every run that is killed or refused from scratch."""
    jobs = {"baseline": lambda: lstmspec_run(config(root / "baseline"))}
    for step, epoch in KILLS:
        folder = config(root / f"kill-{step}-{epoch}")
        jobs[f"kill {step}@{epoch}"] = \
            lambda f=folder, s=f"{step}@{epoch}": lstmspec_run(f, fault=s)
    jobs["sigterm"] = lambda: sigterm_after_first_checkpoint(config(root / "sigterm"))
    jobs["patience"] = lambda: lstmspec_run(config(root / "patience", CONFIG_PATIENCE))
    jobs["kill patience"] = lambda: lstmspec_run(config(root / "kill-patience", CONFIG_PATIENCE),
                                                 fault="renamed@3")
    jobs["two"] = lambda: two_at_once(config(root / "two"))
    nan = config(root / "nan", CONFIG_NAN)
    # within float32, but the squared error of 1e20 is not: the loss is inf from batch one
    np.savez(nan / "big.npz", x=np.random.default_rng(0).normal(size=(64, 6, 3)),
             y=np.full((64, 1), 1e20))
    jobs["nan"] = lambda: lstmspec_run(nan)
    return parallel(jobs)


CONFIG_NAN = """\
name: diverges
input: {shape: [6, 3]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: npz, path: big.npz}
train: {epochs: 2, batch_size: 16}
output: {plots: false}
"""


# Early stopping (restoring the best weights) and learning-rate reduction keep counters across
# epochs: a resume must carry them on, or it trains other epochs than an uninterrupted run.
CONFIG_PATIENCE = CONFIG.replace("train: {epochs: 3,", "train: {epochs: 8,").replace(
    "seed: 11}", "seed: 11, early_stopping: {patience: 2, min_delta: 0.02}, "
    "reduce_lr: {patience: 1, min_delta: 0.05, factor: 0.5}}")


def damage_cases(root) -> dict:
    """Copies of a run killed after the checkpoint of epoch 2 (as it began the one of epoch 3),
    each damaged its way."""
    source = root / "kill-begin-3"
    cases = {name: copy_run(source, root / f"damage-{name}") for name in
             ("flipped", "missing", "both", "gone", "history", "stale")}
    copy_run(source, root / "pristine")  # for the read-only disk
    flip = cases["flipped"] / "run" / "checkpoints" / "epoch-0002" / "state.npz"
    data = bytearray(flip.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flip.write_bytes(bytes(data))
    shutil.rmtree(cases["missing"] / "run" / "checkpoints" / "epoch-0002")
    for epoch in (1, 2):
        (cases["both"] / "run" / "checkpoints" / f"epoch-{epoch:04d}" / "meta.json").write_text(
            "{}")
    shutil.rmtree(cases["gone"] / "run" / "checkpoints")
    (cases["history"] / "run" / "history.json").write_text('{"epoch": [1, 2, 3, 4, 5')
    stale = cases["stale"] / "run"
    (stale / ".history.json.x1y2.partial").write_text("{")
    (stale / "checkpoints" / ".epoch-0001.removed").mkdir()
    assert (stale / "checkpoints" / ".epoch-0003.partial").is_dir()  # the killed writer's
    return cases


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    first = killed_campaign(root)
    cases = damage_cases(root)
    before = {name: snapshot_tree(folder / "run") for name, folder in cases.items()}
    jobs = {f"resume {step}@{epoch}": lambda f=root / f"kill-{step}-{epoch}": lstmspec_run(f)
            for step, epoch in KILLS}
    jobs.update({f"damage {name}": lambda f=folder: lstmspec_run(f)
                 for name, folder in cases.items()})
    jobs["sigterm resume"] = lambda: lstmspec_run(root / "sigterm")
    jobs["resume patience"] = lambda: lstmspec_run(root / "kill-patience")
    jobs["overwrite"] = lambda: overwrite_killed_at_start(root)
    second = parallel(jobs)
    return {"root": root, "first": first, "second": second, "before": before,
            "baseline": weights(root / "baseline" / "run"),
            "history": history(root / "baseline" / "run")}


def overwrite_killed_at_start(root):
    folder = copy_run(root / "baseline", root / "overwrite")
    before = snapshot_tree(folder / "run")
    killed = lstmspec_run(folder, "--overwrite", fault="begin@1")
    again = lstmspec_run(folder)
    return killed, again, before, snapshot_tree(folder / "run")


def identical(campaign, folder) -> None:
    run = folder / "run"
    assert same_weights(weights(run), campaign["baseline"])
    assert history(run) == campaign["history"]
    record = state(run)
    assert record["status"] == "complete" and record["epochs_run"] == EPOCHS
    assert len(record["epoch_seconds"]) == EPOCHS
    leftovers = [p.name for p in run.rglob("*") if ".partial" in p.name or
                 p.name.endswith(".removed") or p.name == ".replaced"]
    assert leftovers == []


@pytest.mark.subprocess
@pytest.mark.slow
def test_the_uninterrupted_run(campaign):
    result = campaign["first"]["baseline"]
    assert result.returncode == 0, result.stderr
    record = state(campaign["root"] / "baseline" / "run")
    assert record["epochs_run"] == EPOCHS and len(record["processes"]) == 1
    assert not (campaign["root"] / "baseline" / "run" / "checkpoints").exists()


@pytest.mark.parametrize("step,epoch", KILLS, ids=[f"{s}@{e}" for s, e in KILLS])
@pytest.mark.subprocess
@pytest.mark.slow
def test_killed_at_a_checkpoint_step_resumes_identical(campaign, step, epoch):
    killed = campaign["first"][f"kill {step}@{epoch}"]
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed = campaign["second"][f"resume {step}@{epoch}"]
    assert resumed.returncode == 0, resumed.stderr
    committed = epoch if step in ("renamed", "pruned") else epoch - 1
    if committed:
        assert f"Resuming after epoch {committed} of {EPOCHS}" in resumed.stdout
    else:
        assert "no checkpoint yet: training from the first epoch" in resumed.stdout
    identical(campaign, campaign["root"] / f"kill-{step}-{epoch}")
    # the killed process is on record when it committed a checkpoint
    processes = state(campaign["root"] / f"kill-{step}-{epoch}" / "run")["processes"]
    assert len(processes) == (2 if committed else 1)


@pytest.mark.subprocess
@pytest.mark.slow
def test_early_stopping_and_lr_counters_survive_a_kill(campaign):
    whole, killed = campaign["first"]["patience"], campaign["first"]["kill patience"]
    assert whole.returncode == 0, whole.stderr
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed = campaign["second"]["resume patience"]
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming after epoch 3 of 8" in resumed.stdout
    base, again = campaign["root"] / "patience" / "run", campaign["root"] / "kill-patience" / "run"
    epochs = history(base)["epoch"]
    assert 3 < len(epochs) < 8  # it did stop early, after the kill
    assert len(set(history(base)["learning_rate"])) > 1  # and the rate was reduced
    assert history(again) == history(base)
    assert same_weights(weights(again), weights(base))


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_damaged_newest_checkpoint_falls_back_to_the_previous(campaign):
    resumed = campaign["second"]["damage flipped"]
    assert resumed.returncode == 0, resumed.stderr
    assert ("Resuming after epoch 1 of 3 (the checkpoint of epoch 2 cannot be used: "
            "state.npz is damaged") in resumed.stdout
    identical(campaign, campaign["root"] / "damage-flipped")


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_missing_newest_checkpoint_falls_back_and_says_so(campaign):
    resumed = campaign["second"]["damage missing"]
    assert resumed.returncode == 0, resumed.stderr
    assert ("Resuming after epoch 1 of 3 (run.json records a checkpoint of epoch 2, which is "
            "missing)") in resumed.stdout
    identical(campaign, campaign["root"] / "damage-missing")


@pytest.mark.parametrize("name", ["both", "gone"])
@pytest.mark.subprocess
@pytest.mark.slow
def test_no_usable_checkpoint_is_one_line_and_nothing_changes(campaign, name):
    refused = campaign["second"][f"damage {name}"]
    assert refused.returncode == NO_CHECKPOINT
    line = one_line(refused)
    assert "no usable checkpoint" in line and "--overwrite" in line
    folder = campaign["root"] / f"damage-{name}" / "run"
    assert snapshot_tree(folder) == campaign["before"][name]


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_corrupt_history_json_is_rebuilt_from_the_checkpoint(campaign):
    resumed = campaign["second"]["damage history"]
    assert resumed.returncode == 0, resumed.stderr
    identical(campaign, campaign["root"] / "damage-history")


@pytest.mark.subprocess
@pytest.mark.slow
def test_stale_temporary_files_are_removed(campaign):
    resumed = campaign["second"]["damage stale"]
    assert resumed.returncode == 0, resumed.stderr
    identical(campaign, campaign["root"] / "damage-stale")


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_second_run_on_a_live_directory_is_refused_naming_the_holder(campaign):
    first_rc, second = campaign["first"]["two"]
    assert second.returncode == LOCK_HELD
    line = one_line(second)
    assert "is in use by another lstmspec run (pid " in line
    assert first_rc == 0
    identical(campaign, campaign["root"] / "two")


@pytest.mark.subprocess
@pytest.mark.slow
def test_sigterm_says_so_and_the_run_resumes_identical(campaign):
    rc, err = campaign["first"]["sigterm"]
    assert rc == SIGTERM
    assert err.strip().splitlines()[-1].startswith("lstmspec: stopped by SIGTERM")
    resumed = campaign["second"]["sigterm resume"]
    assert resumed.returncode == 0, resumed.stderr
    identical(campaign, campaign["root"] / "sigterm")


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_loss_that_turns_nan_stops_the_run(campaign):
    result = campaign["first"]["nan"]
    assert result.returncode == DIVERGED
    assert "training diverged: the loss became" in one_line(result)
    run = campaign["root"] / "nan" / "run"
    assert state(run)["status"] != "complete" and not (run / "model.keras").exists()


@pytest.mark.subprocess
@pytest.mark.slow
def test_overwrite_killed_before_its_first_checkpoint_loses_nothing(campaign):
    killed, again, before, after = campaign["second"]["overwrite"]
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert again.returncode == 1 and "holds a finished run" in one_line(again)
    assert after == before


@pytest.fixture(scope="module")
def mounts(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("mounts")
    if not can_mount(scratch):
        pytest.skip("a full and a read-only disk need root to mount a small tmpfs")
    return scratch


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_full_disk_is_one_line_and_the_run_resumes_after_space_is_freed(campaign, mounts):
    with tmpfs(mounts / "full", "2m") as disk:
        folder = config(disk / "job")
        filler = disk / "filler"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * (free - 24 * 1024))  # room for the start, not a checkpoint
        full = lstmspec_run(folder)
        assert full.returncode == DISK
        line = one_line(full)
        assert "No space left on device" in line and "free some space" in line
        where = line.split(": No space left on device")[0]  # the file, not "the run directory"
        assert where.startswith(str(folder / "run") + os.sep), line
        filler.unlink()
        again = lstmspec_run(folder)
        assert again.returncode == 0, again.stderr
        identical(campaign, folder)


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_read_only_disk_is_one_line_and_nothing_changes(campaign, mounts):
    with tmpfs(mounts / "ro", "4m") as disk:
        folder = copy_run(campaign["root"] / "pristine", disk / "job")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        before = snapshot_tree(folder / "run")
        refused = lstmspec_run(folder)
        assert refused.returncode == DISK
        assert "Read-only file system" in one_line(refused)
        assert snapshot_tree(folder / "run") == before


CONFIG_NPZ = CONFIG_NAN.replace("name: diverges", "name: extreme")
CSV_CONFIG = """\
name: extreme-csv
input: {shape: [4, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: csv, path: big.csv, features: [v], targets: [v]}
output: {plots: false}
"""


@pytest.mark.subprocess
def test_a_value_beyond_float32_in_an_npz_is_one_located_line(tmp_path):
    folder = config(tmp_path, CONFIG_NPZ)
    x = np.random.default_rng(0).normal(size=(64, 6, 3))  # features that vary: no LS433
    x[50, 2, 1] = 1e308  # the validation part starts at sample 45 (split 0.7 / 0.15)
    np.savez(folder / "big.npz", x=x, y=np.random.default_rng(1).normal(size=(64, 1)))
    refused = lstmspec_run(folder)
    assert refused.returncode == 1
    assert one_line(refused) == (
        "big.npz: the validation x holds a value beyond the float32 range "
        "that training computes in (+-3.403e+38), first at sample 5 (index [5, 2, 1]): "
        "rescale the data")
    assert not (folder / "run").exists()


@pytest.mark.subprocess
def test_a_value_beyond_float32_in_a_csv_is_one_located_line(tmp_path):
    folder = config(tmp_path, CSV_CONFIG)
    rows = ["v"] + [str(i % 7) for i in range(40)]
    rows[13] = "1e308"
    (folder / "big.csv").write_text("\n".join(rows) + "\n")
    refused = lstmspec_run(folder)
    assert refused.returncode == 1
    assert one_line(refused) == (
        "big.csv, line 14, column 'v': 1e308 is beyond the float32 range that "
        "training computes in (+-3.403e+38): rescale the column")
