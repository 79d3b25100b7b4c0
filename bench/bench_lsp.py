"""Benchmark: `lstmspec lsp`, a warm server driven over stdio as an editor drives it.

  (a) didChange -> publishDiagnostics on a 50-layer graph config (bench_graph_lint's), one
      keystroke-sized edit at a time, edits --gap seconds apart (typing pace), p50 and p95
      over --edits edits; beside it, lint of the same text in one process (the floor);
  (b) a burst: --burst edits 5 ms apart; how many lints it takes, and the time from its last
      edit to the diagnostics of that edit;
  (c) hover (on a layer) and completion (a `from:` reference) p50 and p95;
  (d) start-up: process start to the first diagnostics of a file, median of --starts cold
      starts; beside it, a cold `lstmspec lint FILE`;
  (e) the server's resident memory after a warm-up and after --long edits.

Targets (issue 23): (a) p95 < 30 ms, (c) p95 < 20 ms, (e) no growth beyond a few MB.
Run it standalone: `python bench/bench_lsp.py` (the lsp extra installed).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench_graph_lint import graph_config  # noqa: E402

URI = "file:///bench/graph.yaml"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT)


class Client:
    """A minimal LSP client over the server's stdin/stdout (a reader thread, a queue)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "lstmspec", "lsp"], env=ENV,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self.published: list = []  # the version of every publishDiagnostics, in order
        self.next_id = 0
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        stream = self.process.stdout
        while True:
            header = stream.readline()
            if not header:
                return
            length = int(header.split(b":")[1]) if header.lower().startswith(
                b"content-length") else None
            while header.strip():
                header = stream.readline()
            if length:
                message = json.loads(stream.read(length))
                if message.get("method") == "textDocument/publishDiagnostics":
                    self.published.append(message["params"].get("version"))
                self.messages.put((time.perf_counter(), message))

    def send(self, method: str, params, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def wait(self, match) -> tuple[float, dict]:
        while True:
            at, message = self.messages.get(timeout=60)
            if match(message):
                return at, message

    def request(self, method: str, params) -> float:
        start = time.perf_counter()
        number = self.send(method, params, request=True)
        at, _ = self.wait(lambda m: m.get("id") == number)
        return at - start

    def diagnostics(self, version: int) -> float:
        at, _ = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"].get("version") == version)
        return at

    def start(self, text: str) -> None:
        self.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                    "capabilities": {}})
        self.send("initialized", {})
        self.send("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "yaml", "version": 1, "text": text}})

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines()
                  if line.startswith("VmRSS:"))
        return kb / 1024

    def stop(self) -> None:
        self.request("shutdown", None)
        self.send("exit", None)
        self.process.wait(timeout=60)


def edit(client: Client, text: str, version: int) -> str:
    """A keystroke: the first `units: 16` becomes 17 (or back), as an incremental change."""
    line = next(i for i, t in enumerate(text.split("\n")) if "name: r0" in t)
    column = text.split("\n")[line].index("units: 1") + len("units: 1")
    new = "7" if version % 2 else "6"
    client.send("textDocument/didChange", {
        "textDocument": {"uri": URI, "version": version},
        "contentChanges": [{"range": {"start": {"line": line, "character": column},
                                      "end": {"line": line, "character": column + 1}},
                            "text": new}]})
    rows = text.split("\n")
    rows[line] = rows[line][:column] + new + rows[line][column + 1:]
    return "\n".join(rows)


def quantiles(samples: list) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def typing(client: Client, text: str, edits: int, gap: float, first: int) -> tuple[list, str]:
    latencies = []
    for version in range(first, first + edits):
        start = time.perf_counter()
        text = edit(client, text, version)
        latencies.append(client.diagnostics(version) - start)
        time.sleep(max(0.0, gap - (time.perf_counter() - start)))
    return latencies, text


def burst(client: Client, text: str, count: int, first: int) -> tuple[int, float]:
    """(how many lints the burst took, seconds from its last edit to that edit's
    diagnostics)."""
    for version in range(first, first + count):
        text = edit(client, text, version)
        last = time.perf_counter()
        time.sleep(0.005)
    done = client.diagnostics(first + count - 1)
    return sum(first <= v < first + count for v in client.published), done - last


def requests(client: Client, text: str, method: str, needle: str, after: int, count: int):
    offset = text.index(needle) + after
    line = text.count("\n", 0, offset)
    character = offset - (text.rfind("\n", 0, offset) + 1)
    params = {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}
    return [client.request(method, params) for _ in range(count)]


def start_up(text: str, runs: int) -> tuple[float, float]:
    """Median seconds from process start to the first diagnostics; and of a cold lint."""
    path = Path(ROOT / "bench" / ".bench_lsp_graph.yaml")
    path.write_text(text)
    try:
        lsp, lint = [], []
        for run in range(runs + 1):  # the first run writes the bytecode caches
            start = time.perf_counter()
            client = Client()
            client.start(text)
            took = client.diagnostics(1) - start
            client.stop()
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lstmspec", "lint", str(path)], env=ENV,
                           capture_output=True)
            if run:
                lsp.append(took)
                lint.append(time.perf_counter() - start)
        return statistics.median(lsp), statistics.median(lint)
    finally:
        path.unlink()


def in_process(text: str, repeat: int) -> list:
    sys.path.insert(0, str(ROOT))
    from lstmspec.checking import lint_buffer

    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        lint_buffer(str(ROOT / "bench" / "graph.yaml"), text)
        samples.append(time.perf_counter() - start)
    return samples


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between edits")
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--long", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args(argv)
    text = graph_config()
    client = Client()
    client.start(text)
    client.diagnostics(1)
    warm, text = typing(client, text, 20, args.gap, 2)
    rss_warm = client.rss_mb()
    latencies, text = typing(client, text, args.edits, args.gap, 22)
    version = 22 + args.edits
    lints, after_burst = burst(client, text, args.burst, version)
    version += args.burst
    if args.burst % 2:  # the edits alternate 16 -> 17 -> 16: an odd count leaves 17
        text = text.replace("name: r0, type: LSTM, units: 16", "name: r0, type: LSTM, units: 17")
    hovers = requests(client, text, "textDocument/hover", "name: r1", 6, args.requests)
    completions = requests(client, text, "textDocument/completion", "from: x1", 6,
                           args.requests)
    long_run, text = typing(client, text, args.long, 0.0, version)
    rss_long = client.rss_mb()
    client.stop()
    floor = in_process(text, args.edits)
    starts = start_up(graph_config(), args.starts)
    report(args, latencies, floor, lints, after_burst, hovers, completions, starts,
           rss_warm, rss_long)
    return 0


def report(args, latencies, floor, lints, after_burst, hovers, completions, starts,
           rss_warm, rss_long) -> None:
    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms"

    p50, p95 = quantiles(latencies)
    f50, f95 = quantiles(floor)
    h50, h95 = quantiles(hovers)
    c50, c95 = quantiles(completions)
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}; load average {load:.1f} on {os.cpu_count()} CPUs; "
          f"a 50-layer graph config ({len(graph_config())} bytes)")
    rows = [
        ("(a) didChange -> diagnostics, p50 / p95", f"{ms(p50)} / {ms(p95)}", "p95 < 30 ms",
         p95 < 0.030),
        ("(a)   lint of the text in one process, p50 / p95", f"{ms(f50)} / {ms(f95)}", "", None),
        ("(a)   server / in-process lint, p50", f"{p50 / f50:.2f}x", "", None),
        (f"(b) burst of {args.burst} edits 5 ms apart: lints", f"{lints}", "fewer than edits",
         lints < args.burst),
        ("(b)   last edit of the burst -> its diagnostics", ms(after_burst), "", None),
        ("(c) hover, p50 / p95", f"{ms(h50)} / {ms(h95)}", "p95 < 20 ms", h95 < 0.020),
        ("(c) completion, p50 / p95", f"{ms(c50)} / {ms(c95)}", "p95 < 20 ms", c95 < 0.020),
        ("(d) start-up to first diagnostics, median", ms(starts[0]), "", None),
        ("(d)   cold `lstmspec lint FILE`, median", ms(starts[1]), "", None),
        (f"(e) resident memory after 20 / {args.long + args.edits + 40} edits",
         f"{rss_warm:.1f} / {rss_long:.1f} MB", "growth < 5 MB", rss_long - rss_warm < 5),
    ]
    print(f"\n{'measure':52} {'measured':>22}  {'target':>16}  result")
    for name, value, target, ok in rows:
        verdict = "" if ok is None else ("PASS" if ok else "not met")
        print(f"{name:52} {value:>22}  {target:>16}  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
