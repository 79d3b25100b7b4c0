"""Benchmark of `lstmspec lint`, measured side by side in one run (see bench/README.md).

  (a) cold `lstmspec lint FILE` against the bare import of lint's own dependencies
      (`python -c "from pydantic import BaseModel; import yaml, click"`), same interpreter;
  (b) against a TensorFlow build of the same config (lstmspec.runner.keras_build);
  (c) linting 1,000 generated configs in one process against `yamllint` on the same files;
  (d) the peak memory (ru_maxrss) of that one process.

Run it standalone: `python bench/bench_lint.py` (from the repository root or anywhere).
Options: --runs N (cold-start samples, default 21), --tf-runs N (default 3), --files N
(default 1000), --file PATH (the config of (a) and (b); default: an example), --no-tf.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BARE = "from pydantic import BaseModel; import yaml, click"
TARGETS = {"cold": 1.3, "tf": 15.0, "files": 1000.0, "peak": 100.0}
PREFERRED_EXAMPLES = ("stacked_lstm_fixed.yaml", "sine_forecaster.yaml")
FALLBACK = """\
# yaml-language-server: $schema=../schemas/lstmspec.schema.json
version: 1
name: sine-forecaster
input:
  shape: [30, 1]
layers:
  - type: LSTM
    units: 64
    return_sequences: true
  - type: LSTM
    units: 32
  - type: Dense
    units: 1
"""


def child_env() -> dict:
    """The environment of every measured process: bytecode caches on (a user's normal case),
    TensorFlow quiet."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return env


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and exit status of one run of `cmd` (output discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=cwd, env=child_env())
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def median_time(cmds: dict[str, list[str]], runs: int, cwd: Path | None = None) -> dict:
    """Median wall time of each command, runs interleaved so that load hits all alike."""
    for cmd in cmds.values():  # warm-up: writes bytecode caches, fills the page cache
        timed(cmd, cwd)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            samples[name].append(timed(cmd, cwd)[0])
    return {name: statistics.median(values) for name, values in samples.items()}


def pick_file(given: str | None, workdir: Path) -> Path:
    if given:
        return Path(given).resolve()
    examples = ROOT / "examples"
    for name in PREFERRED_EXAMPLES:
        if (examples / name).is_file():
            return examples / name
    from lstmspec.lint import lint_file

    for path in sorted(glob.glob(str(examples / "*.yaml"))):
        result = lint_file(path)
        if result.ok and not result.diagnostics:
            return Path(path)
    path = workdir / "sine_forecaster.yaml"
    path.write_text(FALLBACK)
    return path


def script_path() -> str | None:
    """The `lstmspec` console script next to this interpreter, if installed."""
    candidate = Path(PY).with_name("lstmspec")
    return str(candidate) if candidate.is_file() else shutil.which("lstmspec")


# -- (c): generated configs ----------------------------------------------------------------
RNN = ("LSTM", "GRU", "SimpleRNN")


def rnn(rng: random.Random, sequences: bool) -> str:
    kind = rng.choice(RNN)
    text = f"{{type: {kind}, units: {rng.choice((8, 16, 32, 64, 128))}"
    if sequences:
        text += ", return_sequences: true"
    if rng.random() < 0.3:
        text += f", dropout: {rng.choice((0.1, 0.2, 0.3))}"
    if rng.random() < 0.15:
        text += ", recurrent_dropout: 0.1"  # an LS202 warning
    return text + "}"


def recurrent_stack(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((10, 30, 60, 'null'))}, {rng.randint(1, 12)}]\n"
    depth = rng.randint(1, 3)
    layers = []
    for i in range(depth):
        layer = rnn(rng, i < depth - 1)
        if rng.random() < 0.3:
            layer = f"{{type: Bidirectional, merge_mode: concat, layer: {layer}}}"
        layers.append(layer)
        if rng.random() < 0.3:
            layers.append(f"{{type: Dropout, rate: {rng.choice((0.1, 0.2, 0.5))}}}")
    layers.append(f"{{type: Dense, units: {rng.randint(1, 10)}}}")
    return head, layers


def text_classifier(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((20, 50, 100))}]\n  dtype: int32\n"
    layers = [f"{{type: Embedding, input_dim: {rng.choice((1000, 5000, 20000))}, "
              f"output_dim: {rng.choice((16, 32, 64))}, mask_zero: {rng.choice(('true', 'false'))}}}",
              f"{{type: Bidirectional, layer: {rnn(rng, True)}}}",
              rng.choice(("{type: GlobalAveragePooling1D}", f"{rnn(rng, False)}")),
              "{type: Dense, units: 1, activation: sigmoid}"]
    return head, layers


def cnn_lstm(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((64, 128, 256))}, {rng.randint(1, 8)}]\n"
    layers = [f"{{type: Conv1D, filters: {rng.choice((16, 32))}, kernel_size: {rng.randint(2, 7)}, "
              f"padding: {rng.choice(('valid', 'same', 'causal'))}, activation: relu}}",
              f"{{type: MaxPooling1D, pool_size: {rng.choice((2, 4))}}}",
              rnn(rng, False), f"{{type: Dense, units: {rng.randint(1, 5)}}}"]
    return head, layers


def encoder_decoder(rng: random.Random) -> tuple[str, list[str]]:
    steps = rng.choice((5, 10, 20))
    head = f"  shape: [{steps}, {rng.randint(1, 6)}]\n"
    layers = [rnn(rng, False), f"{{type: RepeatVector, n: {rng.choice((3, 5, 10))}}}",
              rnn(rng, True), f"{{type: TimeDistributed, layer: {{type: Dense, "
              f"units: {rng.randint(1, 4)}}}}}"]
    return head, layers


def break_it(rng: random.Random, layers: list[str]) -> list[str]:
    """About one config in five gets a mistake that lint must find."""
    layers = list(layers)
    index = rng.randrange(len(layers))
    mistake = rng.choice(("typo", "text", "type", "sequences"))
    if mistake == "typo":
        layers[index] = layers[index].replace("type:", "name: oops, typ:", 1)
    elif mistake == "text":
        layers[-1] = layers[-1].replace("units: ", 'units: "', 1).replace("}", '"}', 1) \
            if '"' not in layers[-1] else layers[-1]
    elif mistake == "type":
        layers[index] = layers[index].replace("{type: ", "{type: X", 1)
    else:
        layers = [layer.replace(", return_sequences: true", "") for layer in layers]
    return layers


FAMILIES = (recurrent_stack, text_classifier, cnn_lstm, encoder_decoder)


def generate(folder: Path, count: int, seed: int = 20261128) -> None:
    rng = random.Random(seed)
    for number in range(count):
        head, layers = rng.choice(FAMILIES)(rng)
        if rng.random() < 0.2:
            layers = break_it(rng, layers)
        text = ("# yaml-language-server: $schema=../schemas/lstmspec.schema.json\n"
                f"version: 1\nname: generated-{number}\ninput:\n{head}layers:\n"
                + "".join(f"  - {layer}\n" for layer in layers))
        (folder / f"config_{number:04d}.yaml").write_text(text)


# -- the measurements ----------------------------------------------------------------------
def cold_start(config: Path, runs: int) -> dict:
    """(a): medians of the bare import and of `lint` through `python -m` and the script."""
    cmds = {"bare": [PY, "-c", BARE], "module": [PY, "-m", "lstmspec", "lint", str(config)]}
    script = script_path()
    if script:
        cmds["script"] = [script, "lint", str(config)]
    status = timed(cmds["module"])[2]
    if status != 0:
        sys.exit(f"bench: `lstmspec lint {config}` exited {status}; pick a clean config (--file)")
    return median_time(cmds, runs)


TF_BUILD = """\
import sys
from lstmspec.lint import lint_file
from lstmspec.runner.keras_build import build_model
result = lint_file(sys.argv[1])
model = build_model(result.model, [info.spec for info in result.inference.layers])
model.count_params()
"""


def tf_build(config: Path, runs: int) -> float | None:
    """(b): median seconds of a cold process that imports Keras and builds the config."""
    cmd = [PY, "-c", TF_BUILD, str(config)]
    if timed(cmd)[2] != 0:
        return None  # TensorFlow missing or the build failed: reported as not measured
    return statistics.median(timed(cmd)[0] for _ in range(runs))


def many_files(folder: Path, runs: int) -> dict:
    """(c) and (d): one `lstmspec lint DIR` process against one `yamllint DIR` process."""
    count = len(list(folder.glob("*.yaml")))
    lint_cmd = [PY, "-m", "lstmspec", "lint", "--format", "json", str(folder)]
    yamllint_cmd = [PY, "-m", "yamllint", "-f", "parsable", str(folder)]
    timed(lint_cmd)  # warm-up
    lint_runs = [timed(lint_cmd) for _ in range(runs)]
    out = {"count": count, "lint_s": statistics.median(r[0] for r in lint_runs),
           "peak_mb": max(r[1] for r in lint_runs) / 1024, "yamllint_s": None}
    if timed([PY, "-m", "yamllint", "--version"])[2] == 0:
        out["yamllint_s"] = statistics.median(timed(yamllint_cmd)[0] for _ in range(runs))
    out["inprocess_s"] = in_process(folder)
    return out


IN_PROCESS = """\
import glob, sys, time
from lstmspec.lint import lint_file
paths = sorted(glob.glob(sys.argv[1] + "/*.yaml"))
start = time.perf_counter()
for path in paths:
    lint_file(path)
print(time.perf_counter() - start)
"""


def in_process(folder: Path) -> float:
    """Seconds to lint the files in an already started process (start-up excluded)."""
    done = subprocess.run([PY, "-c", IN_PROCESS, str(folder)], capture_output=True, text=True,
                          env=child_env(), check=True)
    return float(done.stdout.strip())


# -- the report -----------------------------------------------------------------------------
def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def rows(cold: dict, tf_s: float | None, many: dict) -> list[tuple[str, str, str, str]]:
    bare, module = cold["bare"], cold["module"]
    out = [("(a) bare import: pydantic, yaml, click", f"{bare * 1000:.0f} ms", "", ""),
           ("(a) cold `python -m lstmspec lint FILE`", f"{module * 1000:.0f} ms", "", ""),
           ("(a)   ratio to the bare import", f"{module / bare:.2f}x",
            f"<= {TARGETS['cold']}x", verdict(module / bare <= TARGETS["cold"]))]
    if "script" in cold:
        script = cold["script"]
        out += [("(a) cold `lstmspec lint FILE` (console script)", f"{script * 1000:.0f} ms",
                 "", ""),
                ("(a)   ratio to the bare import", f"{script / bare:.2f}x",
                 f"<= {TARGETS['cold']}x", verdict(script / bare <= TARGETS["cold"]))]
    if tf_s is None:
        out.append(("(b) TensorFlow build of the same config", "not measured", "", "n/a"))
    else:
        out += [("(b) TensorFlow build of the same config", f"{tf_s:.2f} s", "", ""),
                ("(b)   lint is faster by", f"{tf_s / module:.1f}x", f">= {TARGETS['tf']:.0f}x",
                 verdict(tf_s / module >= TARGETS["tf"]))]
    count, lint_rate = many["count"], many["count"] / many["lint_s"]
    out += [(f"(c) `lstmspec lint DIR`, {count} files, one process", f"{lint_rate:.0f} files/s",
             f">= {TARGETS['files']:.0f}/s", verdict(lint_rate >= TARGETS["files"])),
            ("(c)   the same, start-up excluded", f"{count / many['inprocess_s']:.0f} files/s",
             "", "")]
    if many["yamllint_s"] is None:
        out.append(("(c) `yamllint DIR` on the same files", "not installed", "", "n/a"))
    else:
        rate = count / many["yamllint_s"]
        out += [("(c) `yamllint DIR` on the same files", f"{rate:.0f} files/s",
                 "slower than lint", verdict(lint_rate > rate))]
    out.append(("(d) peak memory (ru_maxrss) of (c)", f"{many['peak_mb']:.1f} MB",
                f"< {TARGETS['peak']:.0f} MB", verdict(many["peak_mb"] < TARGETS["peak"])))
    return out


def table(lines: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "measured", "target", "result")
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt.format(*head), rule, *(fmt.format(*row) for row in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="cold-start samples per command")
    parser.add_argument("--tf-runs", type=int, default=3, help="TensorFlow build samples")
    parser.add_argument("--dir-runs", type=int, default=3, help="samples of (c)")
    parser.add_argument("--files", type=int, default=1000, help="generated configs for (c)")
    parser.add_argument("--file", help="the config of (a) and (b) (default: an example)")
    parser.add_argument("--no-tf", action="store_true", help="skip (b)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lstmspec-bench-") as temp:
        workdir = Path(temp)
        config = pick_file(args.file, workdir)
        generated = workdir / "generated"
        generated.mkdir()
        generate(generated, args.files)
        print(f"python {sys.version.split()[0]} ({PY}); load average "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
        print(f"config of (a) and (b): {config}", flush=True)
        cold = cold_start(config, args.runs)
        tf_s = None if args.no_tf else tf_build(config, args.tf_runs)
        many = many_files(generated, args.dir_runs)
    print()
    print(table(rows(cold, tf_s, many)))
    print(f"\n(a) medians of {args.runs} interleaved cold runs each; (b) median of "
          f"{args.tf_runs}; (c) median of {args.dir_runs}, peak the largest.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
