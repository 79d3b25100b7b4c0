"""`lstmspec serve` side by side with a hand-written FastAPI + onnxruntime service
(bench/plain_service.py) doing the same preparation for the same model, in one run:

- both on uvicorn with one worker, on 127.0.0.1, driven by the same bounded async client
  (one keep-alive connection per client, plain HTTP/1.1 over asyncio streams, so that the
  client costs little of the two shared cores) at 1, 10 and 50 concurrent clients, each level
  for --seconds per service, the services alternating, --rounds times;
- the request: a one-window forecast (the last 24 months of El Nino, steps 3: one shot);
- reported: requests per second of each and their ratio (target >= 0.9), p50 and p99 latency
  (target for lstmspec: p99 < 20 ms at 10 clients), the median and the spread over rounds;
- resident memory (VmRSS, /proc) of each service after the load, and of `lstmspec serve
  --runtime keras` (TensorFlow) after a few requests.

    python bench/bench_serve.py [--rounds 3] [--seconds 4] [--levels 1,10,50]

Needs the test extra (TensorFlow trains the run once; the services do not use it).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIG = """\
name: bench-serve
input: {shape: [24, 1]}
layers:
  - {type: LSTM, units: 16}
  - {type: RepeatVector, n: 3}
  - {type: LSTM, units: 16, return_sequences: true}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: elnino.csv, time: month, features: [sst], targets: [sst], horizon: 3}
train: {epochs: 2, batch_size: 64, seed: 0}
output: {dir: run, plots: false, export: [onnx]}
"""


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([ROOT, env.get("PYTHONPATH", "")])
    return env


def train(folder: str) -> str:
    shutil.copy(os.path.join(ROOT, "examples", "data", "elnino.csv"), folder)
    with open(os.path.join(folder, "bench.yaml"), "w", encoding="utf-8") as handle:
        handle.write(CONFIG)
    subprocess.run([sys.executable, "-m", "lstmspec", "run", "bench.yaml", "--quiet",
                    "--device", "cpu"], cwd=folder, check=True, env=environment(),
                   stdout=subprocess.DEVNULL)
    return os.path.join(folder, "run")


class Process:
    """A service in a child process; `port` from the first line of its output that names
    one."""

    def __init__(self, name: str, command: list, cwd: str, stream: str):
        self.name = name
        self.child = subprocess.Popen(command, cwd=cwd, env=environment(), text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: list = []
        pipe = self.child.stderr if stream == "stderr" else self.child.stdout
        threading.Thread(target=lambda: self.lines.extend(pipe), daemon=True).start()
        deadline = time.monotonic() + 120
        self.port = None
        while self.port is None:
            found = [re.search(r"(?:127\.0\.0\.1:|port )(\d+)", line) for line in self.lines]
            self.port = next((int(m.group(1)) for m in found if m), None)
            if self.child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start: {''.join(self.lines)}")
            time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (/proc/PID/stat)."""
        with open(f"/proc/{self.child.pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        with open(f"/proc/{self.child.pid}/status", encoding="ascii") as handle:
            kb = next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        return kb / 1024

    def stop(self) -> None:
        self.child.terminate()
        try:
            self.child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()


def request_bytes(body: dict) -> bytes:
    data = json.dumps(body).encode()
    return (b"POST /forecast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(data)) + data


async def one_client(port: int, request: bytes, deadline: float, latencies: list,
                     limit: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(limit):
            if time.perf_counter() >= deadline:
                break
            began = time.perf_counter()
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            length = int(re.search(rb"content-length: *(\d+)", head, re.I).group(1))
            await asyncio.wait_for(reader.readexactly(length), 30)
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"answer {head[:40]!r}")
            latencies.append(time.perf_counter() - began)
    finally:
        writer.close()


def load(service, request: bytes, clients: int, seconds: float) -> dict:
    """`clients` connections sending one request after another for `seconds` (after a
    half-second warm-up); requests per second, latency percentiles, and the service's CPU
    time per request (steadier than the wall clock on a loaded machine)."""
    port = service.port
    async def drive(duration: float) -> list:
        latencies: list = []
        deadline = time.perf_counter() + duration
        await asyncio.gather(*(one_client(port, request, deadline, latencies, 100_000)
                               for _ in range(clients)))
        return latencies
    asyncio.run(drive(0.5))
    began, cpu = time.perf_counter(), service.cpu_seconds()
    latencies = sorted(asyncio.run(drive(seconds)))
    took, cpu = time.perf_counter() - began, service.cpu_seconds() - cpu
    at = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000)
    return {"rps": len(latencies) / took, "p50": at(0.50), "p99": at(0.99),
            "count": len(latencies), "cpu_ms": cpu * 1000 / max(1, len(latencies))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--levels", default="1,10,50")
    args = parser.parse_args()
    levels = [int(v) for v in args.levels.split(",")]
    folder = tempfile.mkdtemp(prefix="bench-serve-")
    try:
        run = train(folder)
        with open(os.path.join(folder, "elnino.csv"), newline="") as handle:
            rows = [{"month": r["month"], "sst": float(r["sst"])}
                    for r in list(csv.DictReader(handle))[-24:]]
        request = request_bytes({"rows": rows, "steps": 3})
        services = [Process("lstmspec serve", [sys.executable, "-m", "lstmspec", "serve", run,
                                               "--port", "0"], folder, "stderr"),
                    Process("hand-written", [sys.executable, os.path.join(HERE,
                                                                          "plain_service.py"),
                                             run], folder, "stdout")]
        try:
            report(measure(services, request, levels, args), services, run, folder, request)
        finally:
            for service in services:
                service.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(services: list, request: bytes, levels: list, args) -> dict:
    results = {(s.name, level): [] for s in services for level in levels}
    for round_ in range(args.rounds):
        for level in levels:
            order = services if round_ % 2 == 0 else services[::-1]
            for service in order:
                results[service.name, level].append(
                    load(service, request, level, args.seconds))
    return results


def keras_rss(run: str, folder: str, request: bytes) -> float:
    keras = Process("keras", [sys.executable, "-m", "lstmspec", "serve", run, "--port", "0",
                              "--runtime", "keras"], folder, "stderr")
    try:
        time.sleep(1)
        load(keras, request, 1, 1.0)
        return keras.rss_mb()
    finally:
        keras.stop()


def report(results: dict, services: list, run: str, folder: str, request: bytes) -> None:
    ours, theirs = (s.name for s in services)
    memory = {s.name: s.rss_mb() for s in services}
    memory["lstmspec serve --runtime keras"] = keras_rss(run, folder, request)
    load_average = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}; load average {load_average:.1f} on "
          f"{os.cpu_count()} CPUs; {len(results[ours, 1])} round(s)\n")
    print(f"{'clients':>7}  {'req/s lstmspec / hand':>21}  {'ratio (spread)':>20}  "
          f"{'CPU ms/req':>13}  {'CPU ratio (spread)':>20}  "
          f"{'p50 / p99 ms lstmspec':>22}  {'p50 / p99 ms hand':>18}")
    for level in sorted({level for _, level in results}):
        mine, hand = results[ours, level], results[theirs, level]
        ratios = [a["rps"] / b["rps"] for a, b in zip(mine, hand)]
        cpu = [b["cpu_ms"] / a["cpu_ms"] for a, b in zip(mine, hand)]
        med = (lambda runs, key: statistics.median(r[key] for r in runs))
        print(f"{level:>7}  {med(mine, 'rps'):>10.0f} / {med(hand, 'rps'):<8.0f}  "
              f"{statistics.median(ratios):>8.3f} ({min(ratios):.3f}-{max(ratios):.3f})  "
              f"{med(mine, 'cpu_ms'):>5.2f} / {med(hand, 'cpu_ms'):<5.2f}  "
              f"{statistics.median(cpu):>8.3f} ({min(cpu):.3f}-{max(cpu):.3f})  "
              f"{med(mine, 'p50'):>10.2f} / {med(mine, 'p99'):>7.2f}  "
              f"{med(hand, 'p50'):>7.2f} / {med(hand, 'p99'):>7.2f}")
    print("(ratios: lstmspec's requests per second over the hand-written service's, and its "
          "CPU time per request inverted: above 1, lstmspec is ahead)")
    print("\nresident memory after the load (VmRSS):")
    for name, mb in memory.items():
        print(f"  {name:<32} {mb:7.1f} MB")
    print(f"  lstmspec serve / TensorFlow's: {memory[ours] / memory['lstmspec serve --runtime keras']:.2f}")
    ten = results[ours, 10] if (ours, 10) in results else []
    if ten:
        p99 = statistics.median(r["p99"] for r in ten)
        print(f"\np99 at 10 clients: {p99:.2f} ms (target < 20 ms: "
              f"{'met' if p99 < 20 else 'not met'})")


if __name__ == "__main__":
    main()
