"""`lstmspec serve`, safe by default and honest about what it refuses: the bearer token, the
body limit, a run directory that changes under it, a start that cannot happen (one coded line,
exit 1), no TensorFlow on the ONNX path, no file read but its run directory, no request that
names a file, several workers. Real child processes on 127.0.0.1: one shared by the tests
that change nothing (`guarded`), one of its own for each test that changes its run directory
or its environment; a start that must be refused runs in this process (serve_support.
refused_start). The coded line of every service error is pinned once, in
tests/golden/serve_errors.txt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cli_support import check_golden
from serve_support import refused_start, request_rows, service, trained_project

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]
TOKEN = "s3cret-Token_for.tests"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return trained_project(tmp_path_factory.getbasetemp())


@pytest.fixture
def copy(project, tmp_path):
    """A copy of the project whose runs a test may change: runs/nino and its data."""
    folder = tmp_path / "project"
    shutil.copytree(project / "runs" / "nino", folder / "runs" / "nino")
    (folder / "token.txt").write_text(TOKEN + "\n")
    return folder


@pytest.fixture(scope="module")
def folder(project, tmp_path_factory):
    """A copy of runs/nino and a token file that no test changes, for the shared service."""
    made = tmp_path_factory.mktemp("serve-safety")
    shutil.copytree(project / "runs" / "nino", made / "runs" / "nino")
    (made / "token.txt").write_text(TOKEN + "\n")
    return made


LIMIT = 4096  # the shared service's --max-body


@pytest.fixture(scope="module")
def guarded(folder):
    """One service for the tests that change nothing: --token-file and --max-body 4096."""
    with service("runs/nino", "--token-file", "token.txt", "--max-body", str(LIMIT),
                 cwd=folder) as running:
        yield running


def authorized(running, **options) -> httpx.Client:
    return running.client(headers={"Authorization": f"Bearer {TOKEN}"}, **options)


def nino_rows(project, count: int = 30) -> list:
    lines = (project / "data" / "elnino.csv").read_text().splitlines()[-count:]
    return request_rows([dict(zip(("month", "sst"), line.split(","))) for line in lines])


def test_every_service_error_is_one_coded_line(capsys, monkeypatch, project, copy):
    rows = nino_rows(project)
    transcript = []

    def answered(what: str, response: httpx.Response, status: int) -> None:
        assert response.status_code == status, response.text
        transcript.append(f"$ lstmspec serve runs/nino ({what})\n{response.json()['detail']}\n")
    with service("runs/nino", "--token-file", "token.txt", "--max-body", "4096",
                 cwd=copy) as running:
        with authorized(running) as client:
            answered('POST /forecast {"rows": [...], "steps": "three"}',
                     client.post("/forecast", json={"rows": rows, "steps": "three"}), 422)
            answered("POST /predict without the token",
                     httpx.post(running.url + "/predict", json={"rows": rows}), 401)
            answered("POST /predict of 5,000 bytes",
                     client.post("/predict", json={"rows": rows * 5}), 413)
            answered("GET /predict", client.get("/predict"), 405)
            answered("GET /models", client.get("/models"), 404)
            port = running.url.rsplit(":", 1)[1]
            ran = refused_start(capsys, monkeypatch, copy, "runs/nino", "--port", port)
            assert ran.code == 1 and len(ran.err.splitlines()) == 1, ran.err
            transcript.append(f"$ lstmspec serve runs/nino --port PORT (taken)\n"
                              f"{ran.err.replace(port, 'PORT')}")
            (copy / "runs" / "nino" / "preparation.json").write_text("{}")
            answered("GET /ready after preparation.json changed", client.get("/ready"), 503)
    check_golden("serve_errors.txt", "".join(transcript))


def test_the_token_is_required_where_it_must_be(project, guarded):
    rows = nino_rows(project)
    with guarded.client() as client:
        assert client.get("/health").status_code == 200
        assert client.get("/ready").status_code == 200
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"},
                        {"Authorization": f"Bearer {TOKEN}x"}):
            for path in ("/predict", "/openapi.json", "/docs"):
                refused = client.post(path, json={"rows": rows}, headers=headers) \
                    if path == "/predict" else client.get(path, headers=headers)
                assert refused.status_code == 401, (path, headers)
                assert refused.headers["www-authenticate"] == "Bearer"
                assert " LS621 " in refused.json()["detail"]
        for scheme in ("Bearer", "bearer"):
            good = client.post("/predict", json={"rows": rows},
                               headers={"Authorization": f"{scheme} {TOKEN}"})
            assert good.status_code == 200, good.text


@pytest.mark.parametrize("content", ["", "  \n", "two words\n", "x" * 5000])
def test_an_unusable_token_file_stops_the_start(capsys, monkeypatch, tmp_path, folder,
                                                content):
    (tmp_path / "token.txt").write_text(content)
    ran = refused_start(capsys, monkeypatch, folder, "runs/nino", "--port", "0",
                        "--token-file", str(tmp_path / "token.txt"))
    assert ran.code == 1 and len(ran.err.splitlines()) == 1, ran.err
    assert ran.err.startswith(f"runs/nino:1:1: LS624 [error] --token-file {tmp_path}"
                              "/token.txt: holds no usable token ")


@pytest.mark.parametrize("args, code", [
    (("nowhere",), "LS631"), (("runs/nino", "--token-file", "absent.txt"), "LS624"),
    (("runs/nino", "--host", "192.0.2.1"), "LS624")])  # TEST-NET: not this machine's
def test_start_refusals(capsys, monkeypatch, folder, args, code):
    ran = refused_start(capsys, monkeypatch, folder, *args, "--port", "0")
    assert ran.code == 1 and len(ran.err.splitlines()) == 1, (args, ran.err)
    assert ran.err.startswith(f"{args[0]}:1:1: {code} [error] "), (args, ran.err)


def test_without_the_serve_extra_one_line_says_what_to_install(copy, tmp_path):
    stub = tmp_path / "stubs" / "fastapi"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('No module named fastapi', "
                                      "name='fastapi')\n")
    done = subprocess.run([sys.executable, "-m", "lstmspec", "serve", "runs/nino"], cwd=copy,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(
                              [str(stub.parent), os.environ.get("PYTHONPATH", "")])})
    assert done.returncode == 1
    assert done.stderr == ("runs/nino:1:1: LS624 [error] lstmspec serve needs fastapi, which "
                           "is not installed: pip install 'lstmspec[serve]'\n")


def test_bodies_over_the_limit_are_refused_and_it_goes_on(project, guarded):
    rows = nino_rows(project)
    body = json.dumps({"rows": rows}).encode()
    assert len(body) < LIMIT

    def chunks(data: bytes, times: int):
        for _ in range(times):
            yield data
    json_type = {"content-type": "application/json"}
    with authorized(guarded) as client:
        at_the_limit = client.post("/predict", content=body.ljust(LIMIT), headers=json_type)
        assert at_the_limit.status_code == 200, at_the_limit.text
        declared = client.post("/predict", content=body.ljust(LIMIT + 1), headers=json_type)
        streamed = client.post("/predict", content=chunks(body, 5),  # no length given
                               headers=json_type)
        for refused in (declared, streamed):
            assert refused.status_code == 413
            assert " LS622 " in refused.json()["detail"]
        assert "content-length" not in streamed.request.headers
        assert client.post("/predict", json={"rows": rows}).status_code == 200


def test_a_run_that_changes_under_the_service_is_no_longer_answered(project, copy):
    run = copy / "runs" / "nino"
    rows = nino_rows(project)
    with service("runs/nino", cwd=copy) as running:
        with running.client() as client:
            first = client.post("/forecast", json={"rows": rows, "steps": 2}).json()
            os.utime(run / "config.yaml")  # touched: the same bytes
            same = (run / "preparation.json").read_bytes()
            (run / "preparation.json.new").write_bytes(same)
            os.replace(run / "preparation.json.new", run / "preparation.json")  # same bytes
            exports = json.loads((run / "exports.json").read_text())
            exports["savedmodel"] = {"file": "saved", "sha256": "0" * 64}  # another export
            (run / "exports.json").write_text(json.dumps(exports))
            assert client.get("/ready").status_code == 200
            assert client.post("/forecast", json={"rows": rows, "steps": 2}).json() == first
            (run / "preparation.json").write_bytes(same.replace(b'"window": 24',
                                                                b'"window": 12'))
            for answer in (client.get("/ready"),
                           client.post("/forecast", json={"rows": rows, "steps": 2})):
                assert answer.status_code == 503
                assert answer.json()["detail"].startswith(
                    "runs/nino:1:1: LS623 [error] preparation.json changed since ")
            (run / "preparation.json").write_bytes(same)  # put back: still not answered
            assert client.get("/ready").status_code == 503
            assert client.get("/health").status_code == 200


def test_a_moved_run_directory_is_no_longer_answered(copy):
    with service("runs/nino", cwd=copy) as running:
        shutil.move(copy / "runs" / "nino", copy / "runs" / "elsewhere")
        with running.client() as client:
            answer = client.get("/ready")
    assert answer.status_code == 503
    assert " LS623 [error] run.json is gone since " in answer.json()["detail"]


def imported(lines: list) -> set:
    """Module names from `python -X importtime` lines."""
    return {line.rsplit("|", 1)[1].strip() for line in lines
            if line.startswith("import time:") and line.count("|") == 2}


def test_the_onnx_path_never_imports_tensorflow(project, copy, tmp_path):
    shim = tmp_path / "shim"
    for package in ("tensorflow", "keras"):
        (shim / package).mkdir(parents=True)
        (shim / package / "__init__.py").write_text(f"raise ImportError('{package} is made "
                                                    "unimportable by the test shim')\n")
    path = os.pathsep.join([str(shim), os.environ.get("PYTHONPATH", "")])
    with service("runs/nino", cwd=copy, env={"PYTHONPATH": path},
                 python=("-X", "importtime")) as running:
        with running.client() as client:
            assert client.post("/forecast", json={"rows": nino_rows(project),
                                                  "steps": 5}).status_code == 200
            assert client.get("/ready").json()["runtime"] == "onnxruntime (model.onnx)"
    names = imported(running.errors)
    assert "lstmspec.serve.app" in names and "onnxruntime" in names
    assert not {n for n in names if n.split(".")[0] in ("tensorflow", "keras", "tf_keras")}


AUDIT = """\
import os, sys, time
_log = os.open(os.environ["OPENS_LOG"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
def _record(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        os.write(_log, f"{time.monotonic()}\\t{os.path.abspath(os.fsdecode(args[0]))}\\n".encode())
sys.addaudithook(_record)
"""


def test_it_reads_nothing_but_its_run_directory(project, copy, tmp_path):
    """Every file the service opens once it is ready (Python's audit hook) is in its run
    directory, or a module a first request imports."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(AUDIT)
    log = tmp_path / "opens.log"
    path = os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])
    rows = nino_rows(project)
    with service("runs/nino", cwd=copy, env={"PYTHONPATH": path, "OPENS_LOG": str(log)}) \
            as running:
        ready = time.monotonic()
        with running.client() as client:
            for body in ({"rows": rows}, {"rows": rows[:3]}, {"rows": rows, "data": "/etc/x"},
                         {"rows": [{**r, "month": "../../etc/passwd"} for r in rows]}):
                client.post("/predict", json=body)
                client.post("/forecast", json={**body, "steps": 7})
            client.get("/openapi.json")
            os.utime(copy / "runs" / "nino" / "config.yaml")  # read again: in the run
            client.get("/ready")
    opened = [line.split("\t", 1) for line in log.read_text().splitlines()]
    later = {Path(name) for when, name in opened if float(when) > ready}
    modules = [Path(p).resolve() for p in sys.path if p] + [Path(sys.prefix),
                                                            Path(sys.base_prefix)]
    outside = [p for p in later if not p.is_relative_to(copy / "runs" / "nino")
               and not (p.suffix in (".py", ".pyc", ".so")
                        and any(p.is_relative_to(m) for m in modules))]
    assert (copy / "runs" / "nino" / "config.yaml") in later
    assert outside == []


def test_no_request_can_name_a_path(project, guarded):
    with authorized(guarded) as client:
        document = client.get("/openapi.json").json()
        refused = client.post("/predict", json={"rows": nino_rows(project),
                                                "data": "/etc/passwd"})
    schemas = document["components"]["schemas"]
    assert set(schemas["PredictRequest"]["properties"]) == {"rows", "interval"}
    assert set(schemas["ForecastRequest"]["properties"]) == {"rows", "steps", "interval"}
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("runs/nino:1:1: LS620 [error] data: not a key "
                                               "of this request")


def test_workers_each_answer_with_their_own_session(project, copy):
    rows = nino_rows(project)
    with service("runs/nino", "--workers", "2", cwd=copy) as running:
        seen, answers = set(), []
        for _ in range(200):  # a new connection each time: the kernel spreads them
            with running.client() as client:
                seen.add(client.get("/ready").json()["pid"])
                answers.append(client.post("/forecast", json={"rows": rows, "steps": 2}).json())
            if len(seen) == 2:
                break
        assert len(seen) == 2 and running.process.pid not in seen
        assert all(a == answers[0] for a in answers)
        took = running.stop(within=10)
        assert running.process.returncode == 0, running.errors
    assert took < 3.0
    for pid in seen:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def listening_addresses(port: int) -> set:
    """The local addresses of the sockets listening on `port` (Linux's /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's /proc/net/tcp")
def test_the_loopback_is_the_default_address(guarded):
    port = int(guarded.url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0


def test_answers_are_not_held_back_by_nagle():
    """Every connection the service accepts has TCP_NODELAY (the listener's, which Linux gives
    to the connections it accepts, in a worker too): without it an answer's body waited for the
    client's delayed ACK, 40 ms per request (bench/README.md)."""
    import socket

    from lstmspec.cli.serve_cmd import bind

    listener = bind("127.0.0.1", 0)
    with listener, socket.create_connection(listener.getsockname(), timeout=5):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            assert accepted.proto == socket.IPPROTO_TCP  # asyncio sets it too, seeing TCP
