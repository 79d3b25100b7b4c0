"""`lstmspec serve` as the tests run it: a child process on a free loopback port (--port 0,
the port read from its start line), waited for until /ready answers, stopped with SIGTERM.
Also the trained runs the serve tests share (trained once per test session, in this process),
and the CSV a request's rows are for `lstmspec predict` and `forecast`."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
START = re.compile(r"^Serving .* on http://127\.0\.0\.1:(\d+) ")
NINO = """\
name: nino
input: {shape: [24, 1]}
layers:
  - {type: LSTM, units: 8}
  - {type: RepeatVector, n: 3}
  - {type: LSTM, units: 8, return_sequences: true}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}
data: {kind: csv, path: data/elnino.csv, time: month, features: [sst], targets: [sst],
       horizon: 3}
train: {epochs: 1, batch_size: 64, seed: 3}
output: {dir: runs/nino, plots: false, export: [onnx]}
"""
PANEL = """\
name: panel
input: {shape: [5, 3]}
layers:
  - {type: GRU, units: 8}
  - {type: Dense, units: 2}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}
data: {kind: csv, path: data/grunfeld.csv, series: firm, time: year,
       features: [invest, value, capital], targets: [invest, value],
       normalize_scope: series, split: {train: 0.6, validation: 0.2}}
train: {epochs: 1, batch_size: 16, seed: 3}
output: {dir: runs/panel, plots: false, export: [onnx]}
"""
MOTIFS = """\
name: motifs
input: {shape: [80], dtype: int32}
layers:
  - {type: Embedding, input_dim: 5, output_dim: 4}
  - {type: LSTM, units: 4}
  - {type: Dense, units: 3, activation: softmax}
compile: {optimizer: adam, loss: sparse_categorical_crossentropy}
data: {kind: npz, path: data/motifs.npz, split: {train: 0.7, validation: 0.15}}
train: {epochs: 1, batch_size: 64, seed: 3}
output: {dir: runs/motifs, plots: false, export: [onnx]}
"""
RUNS = {"nino": (NINO, "elnino.csv"), "panel": (PANEL, "grunfeld.csv"),
        "motifs": (MOTIFS, "motifs.npz")}


def trained_project(base: Path) -> Path:
    """A project folder with the three runs trained (and exported to ONNX) once per test
    session: the first module that asks trains them, the others find them."""
    project = base / "serve-project"
    if (project / "done").exists():
        return project
    from use_support import train

    shutil.rmtree(project, ignore_errors=True)
    (project / "data").mkdir(parents=True)
    for name, (config, data) in RUNS.items():
        shutil.copy(ROOT / "examples" / "data" / data, project / "data" / data)
        (project / f"{name}.yaml").write_text(config)
        train(project / f"{name}.yaml")
    (project / "done").write_text("")
    return project


@dataclass
class Service:
    process: subprocess.Popen | None  # None: served in this process (service_in_this_process)
    url: str = ""
    errors: list = field(default_factory=list)  # its stderr, line by line

    def client(self, **options) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False, **options)

    def stop(self, within: float = 5.0) -> float:
        """SIGTERM; the seconds it took to exit."""
        began = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=within)
        return time.monotonic() - began


def read_lines(stream, into: list) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


@contextlib.contextmanager
def service(run_dir: str, *options: str, cwd: Path, env: dict | None = None,
            python: tuple = (), wait: float = 90.0):
    """`lstmspec serve RUN_DIR --port 0 OPTIONS` in `cwd`, ready (or exited: then `process`
    has its status and `errors` its lines); SIGKILL on the way out if still running."""
    args = [sys.executable, *python, "-m", "lstmspec", "serve", run_dir, "--port", "0",
            *options]
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, **(env or {})})
    running = Service(process)
    reader = threading.Thread(target=read_lines, args=(process.stderr, running.errors),
                              daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + wait
        while not running.url and process.poll() is None and time.monotonic() < deadline:
            found = [START.match(line) for line in running.errors]
            port = next((m.group(1) for m in found if m), None)
            running.url = f"http://127.0.0.1:{port}" if port else ""
            time.sleep(0.05)
        if running.url:
            wait_ready(running, deadline)
        else:
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
            reader.join(timeout=5)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=5)


@contextlib.contextmanager
def service_in_this_process(run_dir: Path, runtime: str):
    """The application `lstmspec serve RUN_DIR --runtime RUNTIME` serves (cli/serve_cmd.py's
    own `application` and `bind`), on uvicorn in a thread of this process, on a free loopback
    port: for the Keras runtime, whose TensorFlow this process has imported already (a child
    process would spend seconds importing it again). Real HTTP, as for a child."""
    import asyncio

    import uvicorn

    from lstmspec.cli import serve_cmd

    app = serve_cmd.application({"run_dir": str(run_dir), "runtime": runtime,
                                 "token_file": None, "max_body": 1 << 20})
    listener = serve_cmd.bind("127.0.0.1", 0)
    # log_config=None: uvicorn's own logging set-up (logging.config.dictConfig) would close
    # every handler of this process, pytest's capture of the tests that follow included
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="off", log_config=None))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])),
                              daemon=True)
    thread.start()
    running = Service(None, f"http://127.0.0.1:{listener.getsockname()[1]}")
    try:
        wait_ready(running, time.monotonic() + 60)
        yield running
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
        assert not thread.is_alive(), "the in-process service did not stop"


def refused_start(capsys, monkeypatch, folder: Path, *args: str):
    """`lstmspec serve ARGS` in this process, for a start that must be refused before it
    serves (exit status and line, as cli_support.lstmspec gives them). Should it get as far
    as serving, uvicorn's run raises instead, so that the test fails rather than serve."""
    import uvicorn
    from cli_support import lstmspec

    def started(*_, **__):
        raise AssertionError(f"lstmspec serve {' '.join(args)} started serving")
    monkeypatch.setattr(uvicorn.Server, "run", started)
    monkeypatch.setattr(uvicorn, "run", started)
    return lstmspec(capsys, "serve", *args, cwd=folder)


def wait_ready(running: Service, deadline: float) -> None:
    with running.client() as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if client.get("/ready").status_code == 200:
                    return
            time.sleep(0.05)
    raise AssertionError(f"lstmspec serve never became ready: {running.errors}")


JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def json_value(text: str):
    """A CSV cell as a client would send it in JSON: a number where the text is a JSON
    number, null where it is empty, else the text."""
    if text == "":
        return None
    return json.loads(text) if JSON_NUMBER.fullmatch(text) else text


def request_rows(rows: list) -> list:
    """Rows of CSV text (dicts) as a request's JSON rows."""
    return [{column: json_value(text) for column, text in row.items()} for row in rows]


def rows_csv(rows: list) -> str:
    """A request's JSON rows as the CSV file `lstmspec predict --data` reads for the same
    data: a column for every key of any row, a number as Python writes it, null empty."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(c) for c in columns]
        writer.writerow(["" if v is None else repr(v) if isinstance(v, float) else str(v)
                         for v in cells])
    return text.getvalue()


def cli_rows(csv_text: str) -> list:
    return list(csv.DictReader(io.StringIO(csv_text)))


LINE = re.compile(r"\b(lines?) ([0-9][0-9, ]*[0-9]|[0-9])")


def as_request_line(cli_line: str, written: str, key: str = "rows") -> str:
    """The CLI's line for a CSV of a request's rows, as the service words it: the file is
    the request's key (`rows`, `future`), and line N of the file (its header is line 1) is
    row N - 1 of the request."""
    def shifted(match):
        numbers = re.sub(r"\d+", lambda n: str(int(n.group()) - 1), match.group(2))
        return f"{match.group(1)} {numbers}"
    return LINE.sub(shifted, cli_line.replace(written, key))
