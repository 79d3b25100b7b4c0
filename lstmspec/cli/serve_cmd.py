"""`lstmspec serve RUN_DIR [--host 127.0.0.1] [--port 8000] [--runtime auto|onnx|keras]`: a
trained run as an HTTP service (lstmspec/serve/, FastAPI on uvicorn). The run is read and
verified, and the address bound, before anything is served: a problem there is one coded
line and exit status 1 (2 for a usage error). Then it serves until SIGTERM or Ctrl-C (exit 0).

Safe by default: it listens on 127.0.0.1 only; with --token-file every request but /health
and /ready needs `Authorization: Bearer <token>`; it reads nothing but its run directory, at
start; no request can name a file. --workers N runs N uvicorn processes, each with its own
session of the model; they share the bound socket."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket

import click

from .errors import RAISE_BUGS, bug_line, error_line
from .use_options import RUNTIME, guarded

EXTRA = {"fastapi", "uvicorn", "starlette", "anyio", "h11", "annotated_doc"}
SETTINGS = "LSTMSPEC_SERVE"  # --workers: the settings each worker process reads at its start


@click.command()
@click.argument("run_dir")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen "
              "on; another than the loopback exposes the service to the network (use "
              "--token-file).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port; 0 picks a free one (printed at start).")
@RUNTIME
@click.option("--token-file", metavar="FILE", help="Require `Authorization: Bearer <token>` "
              "on every request but /health and /ready; the token is this file's content "
              "(surrounding whitespace removed).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with its own session of the model.")
@click.option("--max-body", type=click.IntRange(1024, 1 << 30), default=1 << 20,
              show_default=True, metavar="BYTES", help="The largest request body; larger "
              "ones are refused with 413 (LS622).")
def serve(run_dir, host, port, runtime, token_file, workers, max_body) -> int:
    """Serve a trained run over HTTP: POST /predict and /forecast, GET /health, /ready and
    /openapi.json."""
    settings = {"run_dir": run_dir, "runtime": runtime, "token_file": token_file,
                "max_body": max_body}
    return guarded(run_dir, lambda: start(settings, host, port, workers))


class Lines:
    """The coded lines of the service's answers, at the run directory it was given."""

    def __init__(self, run_dir: str):
        self.run_dir = run_dir
        self.raise_bugs = os.environ.get(RAISE_BUGS) == "1"

    def coded(self, err) -> str:
        return error_line(self.run_dir, err.code, str(err))

    def bug(self, err: BaseException) -> str:
        return bug_line(["serve", self.run_dir], err)


def start(settings: dict, host: str, port: int, workers: int) -> None:
    uvicorn = serve_extra()
    app = application(settings)  # verified and loaded before the address is taken
    listener = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    token = "a bearer token required" if settings["token_file"] else "no token"
    click.echo(f"Serving {settings['run_dir']} ({app.runtime}) on "
               f"http://{shown}:{listener.getsockname()[1]} ({token}; {workers} worker(s)); "
               "stop with Ctrl-C or SIGTERM", err=True)
    if not loopback(host) and not settings["token_file"]:
        click.echo(f"warning: {host} is reachable from other machines and no --token-file "
                   "is set: anyone who reaches it can use the service", err=True)
    config = dict(log_level="warning", access_log=False, lifespan="off",
                  timeout_graceful_shutdown=1)
    if workers == 1:
        server = uvicorn.Server(uvicorn.Config(app, **config))
        for stop in (signal.SIGTERM, signal.SIGINT):  # a stop asked for is a clean end, exit
            # 0 (uvicorn raises the signal again once it has shut down: then this runs again)
            signal.signal(stop, lambda *_: setattr(server, "should_exit", True))
        server.run(sockets=[listener])
        return
    os.environ[SETTINGS] = json.dumps(settings)
    del app  # each worker loads its own session
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers,
                fd=listener.fileno(), **config)


def serve_extra():
    """uvicorn, once FastAPI is known to import; CannotServe with the install line if not."""
    from ..serve.errors import CannotServe

    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as err:
        package = (err.name or "").split(".")[0]
        if package not in EXTRA:
            raise
        raise CannotServe(f"lstmspec serve needs {package}, which is not installed: pip "
                          "install 'lstmspec[serve]'") from None
    return uvicorn


def application(settings: dict):
    """The ASGI application of the run (serve/app.py), with its `runtime` for the start line."""
    from ..serve.app import create_app
    from ..serve.session import Served

    token = read_token(settings["token_file"])
    served = Served(settings["run_dir"], settings["runtime"])
    app = create_app(served, token, settings["max_body"], Lines(settings["run_dir"]))
    app.runtime = served.runtime
    return app


def worker_app():
    """A worker process's application (uvicorn's factory), from the settings the parent
    verified: a run that no longer loads makes a worker that answers every request with
    that line (503), rather than one that dies and is started again."""
    settings = json.loads(os.environ[SETTINGS])
    try:
        return application(settings)
    except Exception as err:
        from ..runner.errors import CommandError
        from ..serve.guard import refuse

        if not isinstance(err, CommandError):
            raise
        line = Lines(settings["run_dir"]).coded(err)

        async def unavailable(scope, receive, send):
            if scope["type"] == "http":
                await refuse(send, 503, line)
        return unavailable


def read_token(path: str | None) -> bytes | None:
    from ..serve.errors import CannotServe

    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            token = handle.read(4097).strip()
    except OSError as err:
        raise CannotServe(f"--token-file {path}: cannot be read ({err.strerror or err}): "
                          "name a file that holds the token") from None
    if not token or len(token) > 4096 or any(c < 33 or c > 126 for c in token):
        raise CannotServe(f"--token-file {path}: holds no usable token (one line of 1 to 4096 "
                          "printable ASCII characters, no spaces): write one, such as "
                          "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
    return token


def bind(host: str, port: int) -> socket.socket:
    from ..serve.errors import CannotServe

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP named, and TCP_NODELAY set on the listener (Linux gives it to every
        # connection accepted, in a worker too): without them Nagle's algorithm holds an
        # answer's body back until the client's delayed ACK, 40 ms per request
        listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError as err:
        raise CannotServe(f"cannot listen on {host}:{port} ({err.strerror or err}): choose "
                          "another --port (0 picks a free one), or stop what uses it") from None
    listener.set_inheritable(True)
    return listener


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
