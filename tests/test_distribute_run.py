"""`lstmspec run` under tf.distribute on CPU: mirrored over two logical CPU devices, and a
multi-worker job of two processes on 127.0.0.1 (free ports) that trains to the end, leaves
only the chief's run directory, is finished by the chief alone when it stopped after
training, and survives losing a worker (the whole job is started again and resumes after the
last finished epoch). Every process has a hard timeout and is killed in a finally."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time

import pytest
from conftest import child_env, run_argv

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]


CONFIG = """\
name: spread
input: {{shape: [10, 2]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data: {{kind: synthetic, samples: {samples}}}
train:
  epochs: {epochs}
  batch_size: 16
  seed: 3
  distribute: {distribute}
output: {{plots: false}}
"""
LIMIT = 150  # seconds for one process (two TensorFlow start-ups share two cores)


def env(folder) -> dict:
    temp = folder / "tmp"  # where a worker that is not the chief puts its temporary directory
    temp.mkdir(exist_ok=True)
    return child_env(TMPDIR=str(temp), PYTHONUNBUFFERED="1")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def write_config(folder, distribute: str, epochs: int, samples: int) -> str:
    path = folder / "c.yaml"
    path.write_text(CONFIG.format(distribute=distribute, epochs=epochs, samples=samples))
    return str(path)


def launch(folder, config: str, index: int | None, tag: str) -> subprocess.Popen:
    command = run_argv(config, folder / "run",
                       *([] if index is None else ["--worker-index", index]))
    log = open(folder / f"{tag}.log", "wb")
    try:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env(folder))
    finally:
        log.close()


def wait_all(processes: list, limit: float = LIMIT) -> list[int]:
    deadline = time.monotonic() + limit
    try:
        return [p.wait(timeout=max(1.0, deadline - time.monotonic())) for p in processes]
    finally:
        stop(processes)


def stop(processes: list) -> None:
    for p in processes:
        if p.poll() is None:
            p.kill()
            p.wait()


def output(folder, tag: str) -> str:
    return (folder / f"{tag}.log").read_text(errors="replace")


def backup_epoch(folder) -> int:
    """The chief's newest checkpoint's epoch, as its run.json records it."""
    try:
        return json.loads((folder / "run" / "run.json").read_text()).get("checkpoint_epoch", 0)
    except (OSError, ValueError):
        return 0


def assert_complete(folder, epochs: int, left_before: frozenset = frozenset()) -> None:
    """The chief's run directory is whole, its model loads and predicts, and the other
    worker's temporary directory is gone (but for those of workers killed before)."""
    run = folder / "run"
    state = json.loads((run / "run.json").read_text())
    assert state["status"] == "complete"
    history = json.loads((run / "history.json").read_text())
    assert history["epoch"] == list(range(1, epochs + 1))
    assert not (run / "checkpoints").exists()
    import keras
    import numpy as np

    model = keras.saving.load_model(str(run / "model.keras"), safe_mode=True)
    assert model.predict(np.zeros((3, 10, 2), np.float32), verbose=0).shape == (3, 1)
    assert set((folder / "tmp").iterdir()) == set(left_before)


def cluster(ports: list[int]) -> str:
    workers = ", ".join(f"127.0.0.1:{port}" for port in ports)
    return f"{{strategy: multi_worker, cluster: {{workers: [{workers}]}}}}"


def test_mirrored_over_two_logical_cpus_trains_and_its_artifacts_load(tmp_path):
    config = write_config(tmp_path, "{strategy: mirrored, devices: [CPU:0, CPU:1]}", 2, 90)
    process = launch(tmp_path, config, None, "mirrored")
    assert wait_all([process]) == [0], output(tmp_path, "mirrored")
    assert "2 replicas on CPU:0, CPU:1" in output(tmp_path, "mirrored")
    assert "16 global = 8 per replica" in output(tmp_path, "mirrored")
    assert_complete(tmp_path, 2)


def test_two_workers_train_to_the_end_and_only_the_chief_writes(tmp_path):
    config = write_config(tmp_path, cluster(free_ports(2)), 2, 90)
    workers = [launch(tmp_path, config, index, f"worker{index}") for index in (0, 1)]
    assert wait_all(workers) == [0, 0], output(tmp_path, "worker0") + output(tmp_path,
                                                                             "worker1")
    for tag in ("worker0", "worker1"):
        assert "2 replicas in all, 1 here" in output(tmp_path, tag)
    assert_complete(tmp_path, 2)

    # Stopped after the model was saved, before the evaluation: started again, the chief
    # reloads the model and finishes alone; the other worker learns so and exits at once.
    state_file = tmp_path / "run" / "run.json"
    state = json.loads(state_file.read_text())
    state_file.write_text(json.dumps({**state, "status": "trained"}))
    workers = [launch(tmp_path, config, index, f"again{index}") for index in (0, 1)]
    assert wait_all(workers) == [0, 0], output(tmp_path, "again0") + output(tmp_path, "again1")
    assert "reloading the weights of model.keras" in output(tmp_path, "again0")
    assert "has nothing to do" in output(tmp_path, "again1")
    assert "Test (" not in output(tmp_path, "again1")  # no evaluation: it left at once
    assert_complete(tmp_path, 2)


def test_a_killed_worker_stops_the_job_and_a_restart_resumes_after_the_last_epoch(tmp_path):
    """SIGKILL worker 1 after epoch 2: the chief stops on its own with one clear message
    (TensorFlow needs the whole job restarted); started again, both workers resume after the
    chief's last finished epoch and finish the job."""
    epochs = 5
    config = write_config(tmp_path, cluster(free_ports(2)), epochs, 320)
    workers = [launch(tmp_path, config, index, f"first{index}") for index in (0, 1)]
    try:
        deadline = time.monotonic() + LIMIT
        while backup_epoch(tmp_path) < 2:
            assert all(w.poll() is None for w in workers), output(tmp_path, "first0")
            assert time.monotonic() < deadline, "the job did not reach epoch 2 in time"
            time.sleep(0.1)
        workers[1].send_signal(signal.SIGKILL)
        chief_status = workers[0].wait(timeout=90)  # TensorFlow's heartbeat notices
    finally:
        stop(workers)
    assert chief_status == 1
    assert "lost contact with another worker" in output(tmp_path, "first0")
    assert "Traceback" not in output(tmp_path, "first0")
    done = backup_epoch(tmp_path)
    assert 2 <= done < epochs
    killed = frozenset((tmp_path / "tmp").iterdir())  # SIGKILL leaves no time to clean up
    assert len(killed) == 1
    workers = [launch(tmp_path, config, index, f"again{index}") for index in (0, 1)]
    assert wait_all(workers) == [0, 0], output(tmp_path, "again0") + output(tmp_path, "again1")
    assert f"Resuming after epoch {done} of {epochs}" in output(tmp_path, "again0")
    assert f"Resuming after epoch {done} (the chief's checkpoint)" in output(tmp_path, "again1")
    assert_complete(tmp_path, epochs, killed)
    state = json.loads((tmp_path / "run" / "run.json").read_text())
    assert state["epochs_run"] == epochs  # by both runs of the job
    assert [p["epochs"] for p in state["processes"]] == [[1, done], [done + 1, epochs]]
