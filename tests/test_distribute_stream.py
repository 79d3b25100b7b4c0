"""`data.stream` under a real two-worker job (two processes on 127.0.0.1, free ports): the
files of a glob are split between the workers' input pipelines, and each worker says which
files its pipeline read for training, recorded as the pipeline's generator opened them (not
the plan): worker 0 the even files, worker 1 the odd ones, none twice, all of them read; and
no library warning on the way (Keras warns that an input of unknown length ran out).
Every process has a hard timeout and is killed in a finally (tests/test_distribute_run.py)."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta

import pytest
from test_distribute_run import cluster, free_ports, launch, output, wait_all

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]

CONFIG = """\
name: shards
input: {{shape: [8, 1]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data: {{kind: csv, path: shards/part-*.csv, time: day, features: [v], targets: [v],
       stream: true}}
train: {{epochs: 1, batch_size: 16, seed: 3, distribute: {distribute}}}
output: {{plots: false}}
"""
FILES = [f"part-{i}.csv" for i in range(4)]
LIMIT = 300  # seconds for the job: two TensorFlow start-ups and a gRPC cluster on 2 cores


def write_shards(folder) -> None:
    (folder / "shards").mkdir()
    for index, name in enumerate(FILES):
        rows = "".join(f"{date(2020, 1, 1) + timedelta(days=d)},"
                       f"{10 * index + math.sin(d / 5):.4f}\n" for d in range(80))
        (folder / "shards" / name).write_text("day,v\n" + rows)


def streamed(log: str) -> list[str]:
    """The files a worker's training pipeline read, from its one `Streamed for train` line."""
    lines = re.findall(r"^Streamed for train here: (\d+) of 4 file\(s\): (.*)$", log, re.M)
    assert len(lines) == 1, log
    count, names = lines[0]
    assert int(count) == len(names.split(", "))
    return names.split(", ")


def test_each_worker_streams_its_own_files(tmp_path):
    write_shards(tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text(CONFIG.format(distribute=cluster(free_ports(2))))
    workers = [launch(tmp_path, str(config), index, f"worker{index}") for index in (0, 1)]
    assert wait_all(workers, LIMIT) == [0, 0], output(tmp_path, "worker0") + output(tmp_path,
                                                                             "worker1")
    logs = [output(tmp_path, "worker0"), output(tmp_path, "worker1")]
    assert not any("Warning" in log for log in logs), logs  # nor Keras's "ran out of data"
    first, second = streamed(logs[0]), streamed(logs[1])
    assert first == ["part-0.csv", "part-2.csv"] and second == ["part-1.csv", "part-3.csv"]
    assert sorted(first + second) == FILES  # every file read, by one worker only
    state = json.loads((tmp_path / "run" / "run.json").read_text())
    assert state["status"] == "complete"
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["samples"] > 0 and metrics["split"] == "test"
