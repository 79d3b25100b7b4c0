"""A hand-written forecasting service for bench/bench_serve.py: what one writes without
lstmspec serve, on FastAPI and onnxruntime, for one run's ONNX export. It does the same
preparation for the same model, by hand, for this run's layout (one series, a "YYYY-MM" time
column): checks the columns, the numbers and the window, scales with preparation.json's
statistics, runs the model, undoes the scaling, continues the months.

    python bench/plain_service.py RUN_DIR     (prints "port N" once it listens on 127.0.0.1)
"""

from __future__ import annotations

import json
import os
import socket
import sys

import numpy as np
import onnxruntime
import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

RUN = sys.argv[1]
with open(os.path.join(RUN, "preparation.json"), encoding="utf-8") as handle:
    PREP = json.load(handle)
FEATURES, TARGETS, TIME = PREP["features"], PREP["targets"], PREP["time"]
WINDOW, HORIZON = PREP["window"], PREP["horizon"]
SHIFT = np.array(PREP["feature_scaling"]["shift"])
SCALE = np.array(PREP["feature_scaling"]["scale"])
TARGET_SHIFT = np.array(PREP["target_scaling"]["shift"])
TARGET_SCALE = np.array(PREP["target_scaling"]["scale"])
options = onnxruntime.SessionOptions()
options.log_severity_level = 3
SESSION = onnxruntime.InferenceSession(os.path.join(RUN, "model.onnx"), options,
                                       providers=["CPUExecutionProvider"])
INPUT = SESSION.get_inputs()[0].name

app = FastAPI()


class Request(BaseModel):
    rows: list[dict[str, float | int | str | None]]
    steps: int


def month_of(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


@app.post("/forecast")
async def forecast(request: Request):
    rows = request.rows
    if request.steps < 1 or request.steps > HORIZON:
        raise HTTPException(422, f"steps: 1 to {HORIZON}")
    if len(rows) < WINDOW:
        raise HTTPException(422, f"{len(rows)} rows, fewer than the window ({WINDOW})")
    window = rows[-WINDOW:]
    try:
        values = np.array([[float(row[c]) for c in FEATURES] for row in window])
        months = [month_of(str(row[TIME])) for row in window]
    except (KeyError, TypeError, ValueError) as err:
        raise HTTPException(422, f"a missing column or a value that is not a number: {err}")
    if not np.isfinite(values).all() or np.abs(values).max() > 3.4e38:
        raise HTTPException(422, "a value that is not finite in float32")
    if any(b - a != 1 for a, b in zip(months, months[1:])):
        raise HTTPException(422, "the months are not consecutive")
    x = ((values - SHIFT) / SCALE).astype(np.float32)[None]
    out = SESSION.run(None, {INPUT: x})[0].reshape(HORIZON, len(TARGETS))
    made = out * TARGET_SCALE + TARGET_SHIFT
    answer = []
    for k in range(request.steps):
        year, month = divmod(months[-1] + k + 1, 12)
        row = {"step": k + 1, TIME: f"{year:04d}-{month + 1:02d}"}
        row.update({name: float(f"{made[k, t]:.9g}") for t, name in enumerate(TARGETS)})
        row["source"] = "direct"
        answer.append(row)
    return {"rows": answer, "notes": [f"Forecast: {request.steps} step(s) in one shot"]}


if __name__ == "__main__":
    # IPPROTO_TCP named, as getaddrinfo names it when uvicorn binds: asyncio then sets
    # TCP_NODELAY on each connection (without it, 40 ms of delayed ACK per answer)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    print(f"port {listener.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="off"))
    server.run(sockets=[listener])
