"""Benchmark: lint of a 50-layer graph against lint of a 50-layer stack, side by side.

  (a) cold `python -m lstmspec lint FILE`, medians of interleaved runs;
  (b) in one process, lint of the file 200 times (start-up excluded), median per file;
  (c) the peak memory (ru_maxrss) of a cold lint process.

The graph has two inputs, residual Add blocks around LSTMs, Concatenate, attention and an
encoder whose states start a decoder; the stack has the same number of layers, named as the
graph's are, in a plain LSTM/Dense chain. Target: the graph within 1.5x of the stack on each line.

Run it standalone: `python bench/bench_graph_lint.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
LAYERS = 50


def stack_config() -> str:
    lines = ["version: 1", "input: {shape: [30, 8]}", "layers:"]
    for i in range(LAYERS - 1):
        kind = "LSTM" if i % 2 == 0 else "Dense"
        extra = ", return_sequences: true" if kind == "LSTM" else ""
        lines.append(f"  - {{name: l{i}, type: {kind}, units: 16{extra}}}")
    lines.append("  - {type: Dense, units: 1}")
    return "\n".join(lines) + "\n"


def graph_config() -> str:
    lines = ["version: 1", "inputs:", "  past: {shape: [30, 8]}", "  future: {shape: [6, 4]}",
             "layers:",
             "  - {name: enc, type: LSTM, units: 16, return_sequences: true, "
             "return_state: true, from: past}",
             "  - {name: x0, type: Dense, units: 16, from: enc.0}"]
    count, block = 2, 0
    while count < LAYERS - 6:
        prev = f"x{block}"
        lines += [f"  - {{name: r{block}, type: LSTM, units: 16, return_sequences: true, "
                  f"from: {prev}}}",
                  f"  - {{name: x{block + 1}, type: Add, from: [{prev}, r{block}]}}"]
        count, block = count + 2, block + 1
    lines += ["  - {name: dec, type: LSTM, units: 16, return_sequences: true, from: future, "
              "initial_state: [enc.1, enc.2]}",
              f"  - {{name: att, type: Attention, from: [dec, x{block}]}}",
              "  - {name: mha, type: MultiHeadAttention, num_heads: 2, key_dim: 8, "
              f"from: [dec, x{block}]}}",
              "  - {name: both, type: Concatenate, from: [dec, att, mha]}",
              "  - {name: norm, type: LayerNormalization}",
              "  - {type: TimeDistributed, layer: {type: Dense, units: 1}}"]
    return "\n".join(lines) + "\n"


def cold(path: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds and largest peak memory (MB) of `python -m lstmspec lint PATH`."""
    code = ("import resource, runpy, sys; sys.argv = ['lstmspec', 'lint', sys.argv[1]]\n"
            "try:\n    runpy.run_module('lstmspec', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def in_process(path: Path, repeat: int = 200) -> float:
    sys.path.insert(0, str(ROOT))
    from lstmspec.lint import lint_file

    result = lint_file(str(path))
    assert result.ok, [d.message for d in result.diagnostics]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint_file(str(path))
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        stack, graph = Path(tmp, "stack.yaml"), Path(tmp, "graph.yaml")
        stack.write_text(stack_config())
        graph.write_text(graph_config())
        rows = []
        cold_s, cold_g = cold(stack, 1), cold(graph, 1)  # warm-up: bytecode caches
        pairs = [cold(p, 1) for _ in range(args.runs) for p in (stack, graph)]
        cold_s = (statistics.median(p[0] for p in pairs[0::2]), max(p[1] for p in pairs[0::2]))
        cold_g = (statistics.median(p[0] for p in pairs[1::2]), max(p[1] for p in pairs[1::2]))
        warm_s, warm_g = in_process(stack), in_process(graph)
        rows.append(("(a) cold lint, median", f"{cold_s[0] * 1000:.0f} ms",
                     f"{cold_g[0] * 1000:.0f} ms", cold_g[0] / cold_s[0]))
        rows.append(("(b) lint in one process, median", f"{warm_s * 1000:.2f} ms",
                     f"{warm_g * 1000:.2f} ms", warm_g / warm_s))
        rows.append(("(c) peak memory of (a)", f"{cold_s[1]:.0f} MB", f"{cold_g[1]:.0f} MB",
                     cold_g[1] / cold_s[1]))
    print(f"{'':34} {'50-layer stack':>15} {'50-layer graph':>15} {'ratio':>7}  target")
    for name, s, g, ratio in rows:
        verdict = "PASS" if ratio <= TARGET else "not met"
        print(f"{name:34} {s:>15} {g:>15} {ratio:6.2f}x  <= {TARGET}x {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
