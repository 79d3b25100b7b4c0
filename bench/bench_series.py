"""Benchmark: lstmspec's series loader against keras.utils.timeseries_dataset_from_array with
pandas, on the same long-format file: windows built per second and the memory the loading
adds, each measured in its own child process.

    python bench/bench_series.py                 # 20 series x 10,000 rows (about a minute)
    python bench/bench_series.py --series 5 --rows 4000
    python bench/bench_series.py --stream        # also: streamed vs in-memory runs, 1x and 10x

Both sides make the same windows: per series (windows never cross two series), each series cut
70/15/15 by time, features standardised with the training rows' statistics, window 24,
horizon 1. lstmspec also parses the dates, checks the daily frequency and looks for gaps;
the Keras side does not (it cannot keep series apart by itself: keras-team/keras#16055, so
it is called once per series and part). pandas is needed only here, not by lstmspec.

--stream adds the peak resident memory (ru_maxrss) of whole `lstmspec run` processes (one
epoch, a Flatten + Dense model) on 4 and on 40 shard files, with `stream: true` and with the
files loaded into memory (`stream: false`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

WINDOW, FEATURES = 24, ("a", "b", "y")
CONFIG = f"""\
input: {{shape: [{WINDOW}, 3]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data:
  kind: csv
  path: series.csv
  series: id
  time: day
  features: [a, b, y]
  targets: [y]
"""


def write_data(folder: str, series: int, rows: int) -> str:
    import numpy as np

    rng = np.random.default_rng(0)
    days = (np.datetime64("2000-01-01") + np.arange(rows)).astype(str)
    path = os.path.join(folder, "series.csv")
    with open(path, "w") as out:
        out.write("id,day,a,b,y\n")
        for s in range(series):
            values = rng.normal(size=(rows, 3)).cumsum(axis=0).round(4)
            out.writelines(f"s{s},{d},{a},{b},{y}\n" for d, (a, b, y) in zip(days, values))
    with open(os.path.join(folder, "c.yaml"), "w") as out:
        out.write(CONFIG)
    return path


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, MB (Linux)."""
    fields = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def child_lstmspec(folder: str) -> None:
    from lstmspec.lint import lint_file
    from lstmspec.runner.data import load

    result = lint_file(os.path.join(folder, "c.yaml"))
    before, _ = rss_mb()
    started = time.perf_counter()
    data = load(result.model, [i.spec for i in result.inference.layers], result.source.path,
                result.inference.output[0])
    seconds = time.perf_counter() - started
    windows = sum(data.size(p) for p in data.x)
    print(windows, seconds, rss_mb()[1] - before)


def child_keras(folder: str) -> None:
    import numpy as np
    import pandas as pd
    from keras.utils import timeseries_dataset_from_array

    for _ in timeseries_dataset_from_array(np.zeros((30, 3)), None, sequence_length=WINDOW):
        pass  # TensorFlow's first tf.data call sets itself up: not counted
    before, _ = rss_mb()
    started = time.perf_counter()
    frame = pd.read_csv(os.path.join(folder, "series.csv"), parse_dates=["day"])
    groups = [g for _, g in frame.groupby("id", sort=False)]
    bounds = []
    for group in groups:
        n = len(group)
        bounds.append((0, round(n * 0.7), round(n * 0.7) + round(n * 0.15), n))
    train = pd.concat([g.iloc[:b[1]] for g, b in zip(groups, bounds)])
    mean, std = train[list(FEATURES)].mean(), train[list(FEATURES)].std(ddof=0)
    out = {"train": [], "validation": [], "test": []}
    for group, (_, t, v, n) in zip(groups, bounds):
        values = ((group[list(FEATURES)] - mean) / std).to_numpy(np.float32)
        for part, (low, high) in zip(out, ((0, t), (max(0, t - WINDOW), v),
                                            (max(0, v - WINDOW), n))):
            rows = values[low:high]
            made = timeseries_dataset_from_array(rows[:-1], rows[WINDOW:, 2],
                                                 sequence_length=WINDOW, batch_size=4096)
            out[part] += [x.numpy() for x, _ in made]
    arrays = {p: np.concatenate(v) for p, v in out.items() if v}
    seconds = time.perf_counter() - started
    print(sum(len(a) for a in arrays.values()), seconds, rss_mb()[1] - before)


STREAM_CONFIG = """\
input: {shape: [96, 2]}
layers:
  - {type: Flatten}
  - {type: Dense, units: 1}
compile: {loss: mse}
data:
  kind: csv
  path: shards/part-*.csv
  time: day
  features: [a, v]
  targets: [v]
  stream: STREAM
train: {epochs: 1, batch_size: 512, seed: 1}
output: {plots: false}
"""


def write_shards(folder: str, count: int, rows: int) -> None:
    import numpy as np

    rng = np.random.default_rng(count)
    os.makedirs(os.path.join(folder, "shards"), exist_ok=True)
    days = (np.datetime64("2000-01-01") + np.arange(rows)).astype(str)
    for k in range(count):
        a = rng.normal(size=rows).round(3)
        v = (np.sin(np.arange(rows) / 7) * 4 + 10 + k + a * 0.1).round(3)
        with open(os.path.join(folder, "shards", f"part-{k:03d}.csv"), "w") as out:
            out.write("day,a,v\n")
            out.writelines(f"{d},{x},{y}\n" for d, x, y in zip(days, a, v))


def run_peak(folder: str, stream: bool) -> tuple[float, float]:
    """(peak MB, seconds) of one `lstmspec run` process."""
    config = os.path.join(folder, f"c-{stream}.yaml")
    with open(config, "w") as out:
        out.write(STREAM_CONFIG.replace("STREAM", str(stream).lower()))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "lstmspec", "run", config, "-q", "-o",
                              os.path.join(folder, f"out-{stream}")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(child.stderr.read().decode()[-2000:])
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def stream_table(rows: int) -> None:
    print(f"\nlstmspec run, {rows:,} daily rows per shard file, window 96 x 2 features:")
    print(f"{'files':>6} {'CSV MB':>7} {'window MB':>10} {'streamed peak MB':>17} "
          f"{'in-memory peak MB':>18}")
    for count in (4, 40):
        with tempfile.TemporaryDirectory() as folder:
            write_shards(folder, count, rows)
            size = sum(os.path.getsize(os.path.join(folder, "shards", f))
                       for f in os.listdir(os.path.join(folder, "shards"))) / 1024**2
            windows = count * (rows - 96) * 96 * 2 * 4 / 1024**2
            streamed, _ = run_peak(folder, True)
            memory, _ = run_peak(folder, False)
        print(f"{count:>6} {size:>7.1f} {windows:>10.0f} {streamed:>17.0f} {memory:>18.0f}")


def measure(kind: str, folder: str) -> tuple[int, float, float]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, __file__, "--child", kind, folder],
                          capture_output=True, text=True, env=env, check=True)
    windows, seconds, added = done.stdout.split()[-3:]
    return int(windows), float(seconds), float(added)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--shard-rows", type=int, default=5_000)
    args = parser.parse_args()
    if args.child:
        {"lstmspec": child_lstmspec, "keras": child_keras}[args.child[0]](args.child[1])
        return
    with tempfile.TemporaryDirectory() as folder:
        path = write_data(folder, args.series, args.rows)
        size = os.path.getsize(path) / 1024**2
        print(f"{args.series} series x {args.rows:,} rows ({size:.1f} MB CSV), window {WINDOW}, "
              f"{len(FEATURES)} features; load average {os.getloadavg()[0]:.2f} on "
              f"{os.cpu_count()} CPUs\n")
        results = {kind: measure(kind, folder) for kind in ("lstmspec", "keras")}
    print(f"{'loader':<44} {'windows':>9} {'seconds':>8} {'windows/s':>11} {'added MB':>9}")
    for kind, (windows, seconds, added) in results.items():
        name = "lstmspec (runner.data.load)" if kind == "lstmspec" else \
            "pandas + keras timeseries_dataset_from_array"
        print(f"{name:<44} {windows:>9,} {seconds:>8.2f} {windows / seconds:>11,.0f} "
              f"{added:>9.0f}")
    (w1, s1, m1), (w2, s2, m2) = results["lstmspec"], results["keras"]
    print(f"\nratio lstmspec / keras: speed {(w1 / s1) / (w2 / s2):.2f}x, memory "
          f"{m1 / m2:.2f}x; same window count: {w1 == w2}")
    if args.stream:
        stream_table(args.shard_rows)


if __name__ == "__main__":
    main()
