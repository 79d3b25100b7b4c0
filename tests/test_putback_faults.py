"""Fault injection on the put-back of --overwrite: a finished run of config A, `run B
--overwrite` killed before its first checkpoint (A waits in .replaced), then the next run in
that directory killed at every step of the put-back (LSTMSPEC_FAULT=putback@N: each removal of
B's files, the marker, each file moved back, the end), then `run B` without --overwrite.
Whatever step the kill hit, A's run comes back whole, byte for byte, and B is refused: "holds
a run of a different config" (exit 1). The old put-back removed what a killed put-back had
already restored (A's model.keras, run.json, config.yaml) and trained B over the directory."""

from __future__ import annotations

import shutil
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from checkpoint_faults_support import (CONFIG, config, copy_run, lstmspec_run, one_line,
                                       snapshot_tree)

from lstmspec.runner.rundir.directory import OWN

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]

CONFIG_B = CONFIG.replace("units: 48", "units: 40")


@pytest.fixture(scope="module")
def replaced(tmp_path_factory):
    """(A's files, a folder where `run B --overwrite` was killed before its first checkpoint)."""
    root = tmp_path_factory.mktemp("putback")
    folder = config(root / "a")
    finished = lstmspec_run(folder)
    assert finished.returncode == 0, finished.stderr
    before = snapshot_tree(folder / "run")
    (folder / "c.yaml").write_text(CONFIG_B)
    killed = lstmspec_run(folder, "--overwrite", fault="begin@1")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (folder / "run" / ".replaced").is_dir()
    return root, folder, before


def kill_putback_at(root, source, step: int):
    """A copy of the replaced folder; the next run killed at put-back step `step`, then
    `run B`. Returns (the killed run, the last run, the files after)."""
    folder = copy_run(source, root / f"step-{step}")
    killed = lstmspec_run(folder, fault=f"putback@{step}")
    last = lstmspec_run(folder)
    return killed, last, snapshot_tree(folder / "run")


def put_back_steps(run) -> int:
    """B's files to remove, the marker, A's files to move back, the end."""
    new = [name for name in OWN if (run / name).exists()]
    return len(new) + 1 + len(list((run / ".replaced").iterdir())) + 1


def test_a_kill_at_every_step_of_the_put_back_loses_nothing(replaced):
    root, source, before = replaced
    count = put_back_steps(source / "run")
    assert count >= 10
    with ThreadPoolExecutor(max_workers=2) as pool:  # one step past the last: not killed
        outcomes = list(pool.map(lambda n: kill_putback_at(root, source, n),
                                 range(1, count + 2)))
    steps = [n for n, (killed, _, _) in enumerate(outcomes, 1)
             if killed.returncode == -signal.SIGKILL]
    assert steps == list(range(1, count + 1)), steps  # every step was reached and killed at
    for n, (killed, last, after) in enumerate(outcomes, 1):
        if n > count:  # not killed: the put-back ran whole, and B was refused at once
            last = killed
        assert last.returncode == 1, (n, last.stderr)
        assert "holds a run of a different config" in one_line(last), n
        assert after == before, n
        leftovers = [p.name for p in (root / f"step-{n}" / "run").iterdir()
                     if p.name.startswith(".replaced")]
        assert leftovers == [], (n, leftovers)
    shutil.rmtree(root / "a")
