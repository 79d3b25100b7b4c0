"""The FastAPI application of `lstmspec serve` for one loaded run (session.Served): POST
/predict and /forecast answer through the CLI's own functions, GET /health says the process
lives, GET /ready that the run it answers from is still the one it loaded, GET /openapi.json
(and /docs) describe the requests, generated from the run's preparation (requests.py).

Every error is `{"detail": "<coded line>"}`: a data problem the line `lstmspec predict` prints
for the same data (422), a request off the format LS620 (422), no token LS621 (401), a body
too large LS622 (413), a run changed under the service LS623 (503), no such endpoint LS625
(404/405), an unexpected exception LS699 (500, no traceback); the service goes on."""

# no `from __future__ import annotations`: FastAPI reads the request models from the
# endpoints' annotations, which here are classes made at run time

import json
import os
import sys
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from .. import __version__
from ..runner.errors import CommandError
from .answers import answer
from .errors import NoSuchEndpoint, RequestInvalid
from .guard import Guard
from .requests import request_models
from .session import Served

ENDPOINTS = "POST /predict, POST /forecast, GET /health, GET /ready, GET /openapi.json, GET /docs"


def json_response(payload: dict, status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, allow_nan=False,
                               separators=(",", ":")), status, media_type="application/json")


def create_app(served: Served, token: bytes | None, max_body: int, lines) -> FastAPI:
    """`lines.coded(error)`: the coded line of a CommandError; `lines.bug(err)`: LS699's."""
    predict_request, forecast_request = request_models(served.prep)
    app = FastAPI(title=f"lstmspec serve {served.path}", version=__version__,
                  description=describe(served), openapi_url="/openapi.json", docs_url="/docs",
                  redoc_url=None)
    errors(app, lines)

    @app.get("/health", summary="The process is alive")
    def health():
        return json_response({"status": "alive"})

    @app.get("/ready", summary="The model is loaded and the run directory holds what it "
             "was loaded from", responses={503: {"description": "the run changed (LS623)"}})
    def ready():
        served.ready()
        return json_response({"status": "ready", "run": served.path,
                              "runtime": served.runtime, "pid": os.getpid()})

    @app.post("/predict", summary="Predictions for every complete window (or sample)")
    async def predict(request: predict_request):
        def made():
            return served.predict(cells(request.rows), bool(getattr(request, "probabilities",
                                                                    False)),
                                  getattr(request, "interval", None))
        return json_response(answer(served.prep, await answered(
            made, served, len(request.rows))))

    @app.post("/forecast", summary="The steps after the end of each series")
    async def forecast(request: forecast_request):
        future = getattr(request, "future", None)

        def made():
            return served.forecast(cells(request.rows), request.steps,
                                   getattr(request, "interval", None),
                                   None if future is None else cells(future))
        blocks = -(-request.steps // served.prep.horizon) if served.prep.series else 1
        work = len(request.rows) + len(future or ()) + 50 * blocks  # a model call ~ 50 rows
        return json_response(answer(served.prep, await answered(made, served, work)))

    app.openapi()  # made now, once: the first client does not wait for it
    return Guard(app, token, max_body, lines)


INLINE = 2_000  # rows (a model call of a recursive forecast counted as 50): below, an answer
# is made on the event loop (a millisecond or so on onnxruntime); above, and always on Keras, on
# a worker thread, so that a large request never holds up the others, /health and /ready


async def answered(make, served: Served, work: int):
    """make(): on the event loop when it is small, else on anyio's pool of threads."""
    if work <= INLINE and served.model.runtime != "keras":
        return make()
    return await run_in_threadpool(make)


def cells(rows: list) -> list:
    return [row.cells() for row in rows]


def describe(served: Served) -> str:
    prep = served.prep
    if not prep.series:
        return (f"A model of {prep.kind} samples of shape {list(prep.input_shape)}; runtime "
                f"{served.runtime}.")
    return (f"Forecasts of {', '.join(prep.targets)} from windows of {prep.window} rows "
            f"({', '.join(prep.features)}), {prep.horizon} step(s) at a time; runtime "
            f"{served.runtime}. Errors are {{\"detail\": \"<the coded line lstmspec prints>\"}}.")


def errors(app: FastAPI, lines) -> None:
    """Every refusal as {"detail": coded line}, never a traceback."""
    @app.exception_handler(CommandError)
    async def command_error(request: Request, err: CommandError):
        return json_response({"detail": lines.coded(err)}, getattr(err, "http", 422))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        problem = RequestInvalid(invalid_message(request.url.path, err.errors()))
        return json_response({"detail": lines.coded(problem)}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        if err.status_code in (404, 405):
            what = f"{request.method} {request.url.path}"[:80]
            problem = NoSuchEndpoint(f"no endpoint {what}: this service answers {ENDPOINTS}")
        else:  # FastAPI's own refusals: a body it cannot decode (not UTF-8...)
            problem = RequestInvalid(f"{err.detail}: {request.url.path} takes a JSON object "
                                     "in UTF-8 (GET /openapi.json describes it)")
        return json_response({"detail": lines.coded(problem)}, err.status_code)

    @app.exception_handler(Exception)
    async def bug(request: Request, err: Exception):
        if lines.raise_bugs:  # the tests: the traceback on stderr (the answer stays one line)
            traceback.print_exception(err, file=sys.stderr)
        return json_response({"detail": lines.bug(err)}, 500)


def invalid_message(path: str, problems: list) -> str:
    """The first problem pydantic found, located in the request ("rows[3].load")."""
    first = problems[0] if problems else {"loc": ("body",), "msg": "not a request",
                                          "type": "unknown"}
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}"
                    for part in first["loc"][1:]).lstrip(".")
    kind = first.get("type")
    if kind == "json_invalid":
        what = f"the body is not JSON ({first.get('ctx', {}).get('error', 'invalid')})"
    elif not where and isinstance(first.get("input"), (bytes, str)):
        what = "the body was not read as JSON: send it with Content-Type: application/json"
    elif not where:
        what = "the body is not a JSON object" if kind != "missing" else "the body is empty"
    elif kind == "extra_forbidden":
        what = f"{where}: not a key of this request"
    else:
        what = f"{where}: {first['msg']}" + received(first.get("input"))
    return (f"{what}: a {path} request is a JSON object such as {EXAMPLES.get(path, '{}')} "
            "(GET /openapi.json describes it)")


EXAMPLES = {"/predict": '{"rows": [{<column>: <value>, ...}, ...]}',
            "/forecast": '{"rows": [{<column>: <value>, ...}, ...], "steps": N}'}  # and options


def received(value) -> str:
    if isinstance(value, (dict, list)):
        return f" (received a JSON {'object' if isinstance(value, dict) else 'array'})"
    if value is None or isinstance(value, (str, int, float, bool)):
        return f" (received {json.dumps(value)[:40]})"
    return ""
