"""A long fuzzing campaign against `lstmspec lint`: far more inputs than the test suite's.

    python tools/fuzz_campaign.py --seconds 300 [--seed 1] [--out fuzz-findings]

The generators are the suite's (tests/fuzz_inputs.py): YAML token soup, random text and bytes,
byte mutations of every example and seed, structurally valid random configs, plus scaled-up
hostile shapes (aliases, nesting, long numbers). A worker process lints each input twice (the
diagnostics must be equal), renders them, and every 100th input goes through the command-line
pipeline (settings, suppressions) as a file. The worker writes each input to a file before
linting it, so that a worker killed by a signal (a segfault) leaves the input that did it; the
parent restarts it and goes on. Everything found is saved under --out and counted at the end.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import pathlib
import random
import resource
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SLOW_SECONDS = 2.0  # of CPU for linting an input twice: a finding when exceeded


def hostile(rng) -> bytes:
    """Scaled-up versions of the classes in SECURITY.md, with random sizes."""
    kind = rng.randrange(6)
    n = rng.choice([10, 100, 1000, 10_000, 100_000])
    if kind == 0:
        width = rng.randint(2, 12)
        lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
        for i in range(1, rng.randint(2, 12)):
            lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
        return "\n".join(lines).encode()
    if kind == 1:
        return b"a: " + rng.choice([b"[", b"{a: ", b"- "]) * n
    if kind == 2:
        return b"".join(b" " * i + b"k:\n" for i in range(min(n, 2000)))
    if kind == 3:
        return b"input: {shape: [" + b"9" * n + b"]}\nlayers: [{type: Dense, units: 1}]\n"
    if kind == 4:
        return b"input: {shape: [10, 2]}\nlayers:\n" + b"  - {type: Dense, units: 1}\n" * n
    return b"x: &a " + b"'" + b"a" * min(n, 9000) + b"'\ny: [" + b"*a, " * n + b"]\n"


def generators():
    from fuzz_inputs import corpus, mutate, random_config, token_soup

    seeds = corpus()
    text_alphabet = "-:[]{},&*!?|>'\"#%@`~ \t\n\r.0123456789eEabxyz\x00\x1b\x85\u2028\ufeff\u202e"
    return {
        "token-soup": lambda rng: token_soup(rng, 80),
        "random-text": lambda rng: "".join(rng.choice(text_alphabet) for _ in range(
            rng.randint(0, 400))).encode("utf-8", "surrogatepass"),
        "random-bytes": lambda rng: rng.randbytes(rng.randint(0, 600)),
        "mutation": lambda rng: mutate(rng, rng.choice(seeds), 8),
        "structured": random_config,
        "structured-mutated": lambda rng: mutate(rng, random_config(rng), 3),
        "hostile": hostile,
    }


def lint_twice(raw: bytes) -> list:
    from lstmspec.lint import analyse
    from lstmspec.reporters import render
    from lstmspec.source.yaml_source import load_bytes

    first = analyse(load_bytes(raw, "fuzz.yaml"))
    second = analyse(load_bytes(raw, "fuzz.yaml"))
    if first.diagnostics != second.diagnostics:
        raise AssertionError("the same input gave different diagnostics")
    render("text", [first])
    render("json", [first])
    return first.diagnostics


def lint_as_file(raw: bytes, folder: str) -> None:
    from lstmspec.checking import check_paths

    for name in ("fuzz.yaml", "fuzz.lstm.yaml"):  # judged by the config rule; a config by name
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(raw)
        check_paths([path])


def save(out: pathlib.Path, kind: str, raw: bytes, detail: str) -> str:
    out.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{hashlib.sha256(raw).hexdigest()[:12]}"
    (out / f"{name}.yaml").write_bytes(raw)
    (out / f"{name}.txt").write_text(detail, encoding="utf-8")
    return name


def worker(args) -> None:
    gens = generators()
    names = sorted(k for k in gens if k != "hostile")
    rng = random.Random(args.seed)
    stop = time.monotonic() + args.seconds
    stats = {"inputs": collections.Counter(), "codes": collections.Counter(), "found": [],
             "slowest": [0.0, ""], "as_file": 0}
    out = pathlib.Path(args.out)
    with tempfile.TemporaryDirectory() as folder:
        count = 0
        while time.monotonic() < stop:
            # the hostile shapes are large (up to a second each): one input in 25
            kind = "hostile" if count % 25 == 24 else names[count % len(names)]
            raw = gens[kind](rng)
            pathlib.Path(args.current).write_bytes(raw)
            start = time.process_time()  # CPU time: other processes do not inflate it
            try:
                for diagnostic in lint_twice(raw):
                    stats["codes"][diagnostic.code] += 1
                if count % 100 == 0:
                    lint_as_file(raw, folder)
                    stats["as_file"] += 1
            except Exception:
                stats["found"].append(save(out, "exception", raw, traceback.format_exc()))
            took = time.process_time() - start
            if took > stats["slowest"][0]:
                stats["slowest"] = [took, kind]
            if took > SLOW_SECONDS:
                stats["found"].append(save(out, "slow", raw, f"{took:.2f} s"))
            stats["inputs"][kind] += 1
            count += 1
    stats["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(stats))


def campaign(args) -> int:
    out = pathlib.Path(args.out)
    total = {"inputs": collections.Counter(), "codes": collections.Counter(), "found": [],
             "crashes": 0, "slowest": [0.0, ""], "as_file": 0, "maxrss_mb": 0.0}
    deadline = time.monotonic() + args.seconds
    seed = args.seed
    with tempfile.TemporaryDirectory() as folder:
        current = os.path.join(folder, "current.yaml")
        while (left := deadline - time.monotonic()) > 1:
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", "--seconds", f"{left:.1f}", "--seed",
                 str(seed), "--out", str(out), "--current", current],
                capture_output=True, text=True, cwd=ROOT)
            if proc.returncode != 0:  # negative: killed by a signal (a segfault)
                raw = pathlib.Path(current).read_bytes() if os.path.exists(current) else b""
                total["found"].append(save(out, "crash", raw, f"return code {proc.returncode}"
                                           f"\n{proc.stderr[-4000:]}"))
                total["crashes"] += 1
                seed += 1
                continue
            stats = json.loads(proc.stdout.strip().splitlines()[-1])
            total["inputs"].update(stats["inputs"])
            total["codes"].update(stats["codes"])
            total["found"] += stats["found"]
            total["as_file"] += stats["as_file"]
            total["maxrss_mb"] = max(total["maxrss_mb"], stats["maxrss_mb"])
            total["slowest"] = max(total["slowest"], stats["slowest"])
    report(total, args)
    return 1 if total["found"] else 0


def report(total: dict, args) -> None:
    inputs = sum(total["inputs"].values())
    print(f"fuzz campaign: {inputs:,} inputs in {args.seconds:.0f} s (seed {args.seed}), each "
          f"linted twice; {total['as_file']:,} also as files through the CLI pipeline")
    for kind, count in sorted(total["inputs"].items()):
        print(f"  {kind:20s} {count:>9,}")
    print(f"diagnostics by code: {dict(sorted(total['codes'].items()))}")
    print(f"slowest input: {total['slowest'][0] * 1000:.0f} ms of CPU, linted twice "
          f"({total['slowest'][1]}); "
          f"peak memory of a worker: {total['maxrss_mb']:.0f} MB")
    print(f"found: {len(total['found'])} (crashes: {total['crashes']})"
          + (f", saved under {args.out}: {', '.join(total['found'][:20])}" if total["found"]
             else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="fuzz-findings")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--current", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return 0
    return campaign(args)


if __name__ == "__main__":
    sys.exit(main())
