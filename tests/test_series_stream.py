"""Data in many files: a glob loads every file as its own series; `stream: true` streams them
through tf.data with statistics from one pass. The streamed windows and statistics equal the
in-memory ones exactly, and a streamed run's peak memory stays flat when the data grows 10x
past what the test allows it to grow by."""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pytest

from lstmspec.lint import lint_file
from lstmspec.runner.data import load
from conftest import child_env, run_argv

pytestmark = pytest.mark.tf

CONFIG = """\
input: {{shape: [{window}, {width}]}}
layers:
  - {{type: {first}}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data:
  kind: csv
  path: shards/part-*.csv
  time: day
  features: [a, v]
  targets: [v]
{extra}
train: {{epochs: 1, batch_size: 512, seed: 1}}
output: {{plots: false}}
"""


def write_shards(folder, count: int, rows: int, gaps: bool = False) -> None:
    rng = np.random.default_rng(count)
    (folder / "shards").mkdir(parents=True, exist_ok=True)
    for k in range(count):
        days = np.datetime64("2020-01-01") + np.arange(rows)
        a = rng.normal(size=rows).round(3)
        v = (np.sin(np.arange(rows) / 7) * 4 + 10 + k + a * 0.1).round(3)
        cells = [f"{d},{x},{y}" for d, x, y in zip(days, a, v)]
        if gaps:
            cells[5] = f"{days[5]},,{v[5]}"
            del cells[rows // 2]  # a day missing from the daily frequency
        (folder / "shards" / f"part-{k:03d}.csv").write_text("day,a,v\n" + "\n".join(cells) +
                                                            "\n")


def loaded(folder, extra: str, window: int = 6, width: int = 2):
    (folder / "c.yaml").write_text(CONFIG.format(window=window, width=width, extra=extra,
                                                 first="LSTM, units: 2"))
    result = lint_file(str(folder / "c.yaml"))
    assert [d.code for d in result.diagnostics if d.severity.value == "error"] == []
    return load(result.model, [i.spec for i in result.inference.layers], result.source.path,
                result.inference.output[0])


SERIES = ("  missing: interpolate\n  calendar: [day_of_week]\n"
          "  target_transform: {difference: 1}")


def test_streamed_windows_and_statistics_equal_the_in_memory_ones(tmp_path):
    write_shards(tmp_path, 3, 120, gaps=True)
    memory = loaded(tmp_path, SERIES, width=4)
    streamed = loaded(tmp_path, SERIES + "\n  stream: true", width=4)
    stream = streamed.stream
    np.testing.assert_allclose(stream.x_stats.shift, memory.preparation and
                               np.array([memory.preparation.feature_scaling.shift]), rtol=1e-12)
    np.testing.assert_allclose(stream.y_stats.scale, memory.target_statistics.scale,
                               rtol=1e-12)
    for part in ("train", "validation", "test"):
        chunks = [c for f in stream.files for c in stream.windows(f, part)]
        x = np.concatenate([c[0] for c in chunks])
        y = np.concatenate([c[1] for c in chunks])
        assert streamed.size(part) == memory.size(part) == len(x)
        np.testing.assert_allclose(x, memory.x[part], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(y, memory.y[part], rtol=1e-6, atol=1e-6)


def test_a_glob_makes_every_file_its_own_series(tmp_path):
    write_shards(tmp_path, 3, 50)
    data = loaded(tmp_path, "  split: {train: 1.0, validation: 0.0}")
    first_inputs = data.first_rows["train"] - 6
    assert data.size("train") == 3 * (50 - 6 - 1 + 1)
    assert (first_inputs // 50 == data.first_rows["train"] // 50).all()


def test_lint_reads_the_first_file_of_a_glob(tmp_path):
    write_shards(tmp_path, 2, 30)
    plain = CONFIG.format(window=6, width=2, extra="", first="Flatten")
    (tmp_path / "c.yaml").write_text(plain.replace("features: [a, v]", "features: [b, v]"))
    assert [(d.code, d.span.line) for d in lint_file(str(tmp_path / "c.yaml")).diagnostics] \
        == [("LS403", 10)]
    (tmp_path / "c.yaml").write_text(plain.replace("part-*.csv", "nothing-*.csv"))
    found = lint_file(str(tmp_path / "c.yaml")).diagnostics
    assert [(d.code, d.span.line) for d in found] == [("LS402", 8)]
    assert "the pattern 'shards/nothing-*.csv' matches no file" in found[0].message


WINDOW, WIDTH, ROWS = 96, 2, 2_500  # 10x: 40 shards, ~96,000 windows of 96 x 2 float32


def streamed_run(folder) -> subprocess.Popen:
    (folder / "c.yaml").write_text(CONFIG.format(window=WINDOW, width=WIDTH,
                                                 extra="  stream: true", first="Flatten"))
    return subprocess.Popen(run_argv(folder / "c.yaml", folder / "out"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())


def peak_mb(process: subprocess.Popen) -> float:
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    return usage.ru_maxrss / 1024


@pytest.mark.subprocess
@pytest.mark.slow
def test_streaming_peak_memory_stays_flat_when_the_data_grows_tenfold(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    write_shards(small, 4, ROWS)
    write_shards(large, 40, ROWS)
    first = streamed_run(small)
    small_peak = peak_mb(first)  # one at a time: the two would share 2 cores and memory
    large_peak = peak_mb(streamed_run(large))
    windows = json.loads((large / "out" / "run.json").read_text())
    samples = json.loads((large / "out" / "metrics.json").read_text())["samples"]
    assert samples == 40 * (ROWS - round(ROWS * 0.85) - 1 + 1)  # each shard's test windows
    in_memory_mb = 40 * (ROWS - WINDOW) * WINDOW * WIDTH * 4 / 1024**2  # x alone, float32
    allowed = 20.0
    assert in_memory_mb > 3 * allowed and windows["status"] == "complete"
    assert large_peak - small_peak < allowed, (small_peak, large_peak, in_memory_mb)


def test_each_input_pipeline_reads_its_own_files(tmp_path):
    """Under a strategy every worker gets one pipeline: together they read every window
    once, and no file twice."""
    write_shards(tmp_path, 5, 40)
    stream = loaded(tmp_path, "  stream: true").stream

    def first_values(pipelines, pipeline):
        batches = stream.dataset("train", 8, False, 0, pipelines, pipeline)
        return sorted(float(v) for x, _ in batches for v in x.numpy()[:, 0, 1])

    whole = first_values(1, 0)
    halves = [first_values(2, k) for k in (0, 1)]
    assert len(whole) == stream.size("train") == 5 * 22  # 28 training rows, window 6
    assert sorted(halves[0] + halves[1]) == whole
    assert len(halves[0]) == 3 * 22 and len(halves[1]) == 2 * 22  # files 0, 2, 4 and 1, 3


def test_a_problem_in_one_file_of_a_glob_is_located_in_that_file(tmp_path):
    from lstmspec.runner.errors import DataError

    write_shards(tmp_path, 3, 40)
    broken = tmp_path / "shards" / "part-001.csv"
    lines = broken.read_text().splitlines()
    lines[9] = lines[9].rsplit(",", 1)[0] + ","  # an empty v on line 10
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as caught:
        loaded(tmp_path, "")
    assert str(caught.value).startswith("shards/part-001.csv: 1 missing value(s) (1 in column "
                                        "'v'), first at line 10: set data.missing")
