"""`lstmspec serve` for real: each service is a child process on a free loopback port, sent
real HTTP requests (httpx), its answers compared with what `lstmspec predict` and `forecast`
write for the same data (numbers compared exactly as the CLI writes them), its refusals with
the line the CLI prints for the same data. Three runs trained once (serve_support.py): a
monthly series (recursive forecasts), a panel of 11 firms (series statistics), an NPZ
classifier. All traffic stays on 127.0.0.1, bounded in count and time."""

from __future__ import annotations

import asyncio
import csv
import json
import random
import re
import shlex
import shutil
import subprocess
import sys

import httpx
import numpy as np
import pytest
from cli_support import lstmspec
from serve_support import (ROOT, as_request_line, cli_rows, request_rows, rows_csv, service,
                           service_in_this_process, trained_project)

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return trained_project(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def nino(project):
    with service("runs/nino", cwd=project) as running:
        yield running


@pytest.fixture(scope="module")
def panel(project):
    with service("runs/panel", cwd=project) as running:
        yield running


@pytest.fixture(scope="module")
def motifs(project):
    with service("runs/motifs", cwd=project) as running:
        yield running


def source(project, name: str) -> list:
    with open(project / "data" / name, newline="") as handle:
        return list(csv.DictReader(handle))


def same_as_cli(answer: dict, cli_out: str, cli_err: str) -> None:
    """The service's rows carry the CLI's CSV: its columns in order, each number equal to the
    one the CLI wrote, each text cell equal, null where the CLI left a cell empty; its notes
    are the CLI's notes."""
    expected = cli_rows(cli_out)
    assert len(answer["rows"]) == len(expected) > 0
    for got, want in zip(answer["rows"], expected):
        assert list(got) == list(want)
        for column, text in want.items():
            value = got[column]
            if text == "":
                assert value is None, (column, value)
            elif isinstance(value, str):
                assert value == text, (column, value, text)
            else:
                assert not isinstance(value, bool) and value == float(text), (column, value, text)
    notes = [line for line in cli_err.splitlines() if not line.startswith("Runtime: ")]
    assert answer["notes"] == notes


def cli_answer(capsys, project, command: str, rows: list, *options):
    """The CLI's answer for the data of a request of these rows (CSV text)."""
    data = project / "request.csv"
    data.write_text(rows_csv(request_rows(rows)))
    ran = lstmspec(capsys, command, "runs/" + options[0], "--data", "request.csv",
                   "--runtime", "onnx", *options[1:], cwd=project)
    return ran


NINO_FORECASTS = [(tail, steps) for tail in (24, 25, 31, 120) for steps in (1, 3, 8)]


@pytest.mark.parametrize("tail,steps", NINO_FORECASTS)
def test_forecast_answers_what_the_cli_writes(capsys, project, nino, tail, steps):
    rows = source(project, "elnino.csv")[-tail:]
    with nino.client() as client:
        answered = client.post("/forecast", json={"rows": request_rows(rows), "steps": steps})
    assert answered.status_code == 200, answered.text
    ran = cli_answer(capsys, project, "forecast", rows, "nino", "--steps",
                     str(steps))
    assert ran.code == 0, ran.err
    same_as_cli(answered.json(), ran.out, ran.err)


@pytest.mark.parametrize("tail", [24, 26, 60])
def test_predict_answers_what_the_cli_writes(capsys, project, nino, tail):
    rows = source(project, "elnino.csv")[-tail:]
    with nino.client() as client:
        answered = client.post("/predict", json={"rows": request_rows(rows)})
    assert answered.status_code == 200, answered.text
    ran = cli_answer(capsys, project, "predict", rows, "nino")
    assert ran.code == 0, ran.err
    same_as_cli(answered.json(), ran.out, ran.err)


def panel_rows(project, firms: int, tail: int, interleave: bool, seed: int) -> list:
    """The last `tail` years of `firms` firms drawn at random, firm after firm or years
    interleaved (a series' rows need not be together; windows never cross two firms)."""
    rows = source(project, "grunfeld.csv")
    names = sorted({r["firm"] for r in rows})
    chosen = random.Random(seed).sample(names, firms)
    parts = [[r for r in rows if r["firm"] == name][-tail:] for name in chosen]
    if not interleave:
        return [r for part in parts for r in part]
    return [part[k] for k in range(tail) for part in parts]


PANEL_CASES = [(firms, tail, interleave) for firms in (1, 3, 11) for tail in (5, 6, 20)
               for interleave in (False, True) if firms > 1 or not interleave]


@pytest.mark.parametrize("firms,tail,interleave", PANEL_CASES)
def test_several_series_in_one_request(capsys, project, panel, firms, tail, interleave):
    rows = panel_rows(project, firms, tail, interleave, seed=firms * 100 + tail)
    with panel.client() as client:
        predicted = client.post("/predict", json={"rows": request_rows(rows)})
        forecast = client.post("/forecast", json={"rows": request_rows(rows), "steps": 1})
    assert predicted.status_code == forecast.status_code == 200, predicted.text + forecast.text
    ran = cli_answer(capsys, project, "predict", rows, "panel")
    same_as_cli(predicted.json(), ran.out, ran.err)
    ran = cli_answer(capsys, project, "forecast", rows, "panel", "--steps", "1")
    same_as_cli(forecast.json(), ran.out, ran.err)
    assert len({r["firm"] for r in forecast.json()["rows"]}) == firms


@pytest.mark.parametrize("count,probabilities", [(1, False), (7, True), (64, False)])
def test_a_batch_of_samples_of_an_npz_run(capsys, project, motifs, count, probabilities):
    arrays = np.load(project / "data" / "motifs.npz")
    x, y = arrays["x"][-count:], arrays["y"][-count:]
    body = {"rows": [{"x": sample.tolist(), "y": int(label)} for sample, label in zip(x, y)]}
    if probabilities:
        body["probabilities"] = True
    with motifs.client() as client:
        answered = client.post("/predict", json=body)
    assert answered.status_code == 200, answered.text
    np.savez(project / "request.npz", x=x, y=y)
    ran = lstmspec(capsys, "predict", "runs/motifs", "--data", "request.npz", "--runtime",
                   "onnx", *(["--probabilities"] if probabilities else []), cwd=project)
    assert ran.code == 0, ran.err
    same_as_cli(answered.json(), ran.out, ran.err)


def nino_bad(rows: list) -> dict:
    """Rows with one problem each, as CSV text: the classes of bad data."""
    def changed(at: int, column: str, text: str) -> list:
        out = [dict(r) for r in rows]
        out[at][column] = text
        return out
    swapped = [dict(r) for r in rows]
    swapped[6]["month"], swapped[7]["month"] = rows[7]["month"], rows[6]["month"]
    return {
        "missing column": [{"month": r["month"]} for r in rows],
        "text in a number": changed(5, "sst", "high"),
        "an underscore in a number": changed(5, "sst", "1_000"),
        "null": changed(5, "sst", ""),
        "NaN as text": changed(5, "sst", "NaN"),
        "beyond float32": changed(9, "sst", "1e39"),
        "infinite": changed(9, "sst", "-inf"),
        "too few rows": rows[:20],
        "a time out of order": swapped,
        "a time repeated": changed(8, "month", rows[7]["month"]),
        "not a time": changed(3, "month", "someday"),
        "a row missing": rows[:10] + rows[11:],
    }


@pytest.mark.parametrize("case", list(nino_bad([{"month": "", "sst": ""}] * 30)))
@pytest.mark.parametrize("command", ["predict", "forecast"])
def test_bad_data_gets_the_line_the_cli_prints(capsys, project, nino, case, command):
    rows = nino_bad(source(project, "elnino.csv")[-30:])[case]
    body = {"rows": request_rows(rows), **({"steps": 2} if command == "forecast" else {})}
    with nino.client() as client:
        answered = client.post(f"/{command}", json=body)
        assert client.get("/health").status_code == 200  # it keeps serving
    ran = cli_answer(capsys, project, command, rows, "nino",
                     *(["--steps", "2"] if command == "forecast" else []))
    assert ran.code == 1 and len(ran.err.splitlines()) == 1, ran.err
    assert answered.status_code == 422, answered.text
    assert answered.json() == {"detail": as_request_line(ran.err.strip(), "request.csv")}


PANEL_BAD = ["a firm not trained on", "a firm too short", "steps beyond the horizon"]


@pytest.mark.parametrize("case", PANEL_BAD)
def test_series_refusals_are_the_cli_lines(capsys, project, panel, case):
    rows = panel_rows(project, 2, 8, False, seed=7)
    steps = 1
    if case == "a firm not trained on":
        rows += [{**r, "firm": "Acme"} for r in rows[:6]]
    elif case == "a firm too short":
        rows += [{**r, "firm": rows[0]["firm"] + " Two"} for r in rows[:3]]
        rows = [r for r in rows if r["firm"] != "Acme"]
    else:
        steps = 4
    with panel.client() as client:
        answered = client.post("/forecast", json={"rows": request_rows(rows), "steps": steps})
    ran = cli_answer(capsys, project, "forecast", rows, "panel", "--steps", str(steps))
    assert ran.code == 1, ran.out
    assert answered.status_code == 422
    line = ran.err.strip().splitlines()[-1]  # after "Runtime: ..." when the model had loaded
    assert answered.json() == {"detail": as_request_line(line, "request.csv")}


def test_npz_refusals_are_the_cli_lines(capsys, project, motifs):
    x = np.load(project / "data" / "motifs.npz")["x"][:4].astype(np.float64)
    cases = {"a sample of another shape": x[:, :70], "beyond float32": x * 0 + 1e39}
    for name, array in cases.items():
        with motifs.client() as client:
            answered = client.post("/predict", json={"rows": [{"x": s.tolist()} for s in array]})
        np.savez(project / "request.npz", x=array)
        ran = lstmspec(capsys, "predict", "runs/motifs", "--data", "request.npz", cwd=project)
        assert ran.code == 1, name
        assert answered.status_code == 422, name
        assert answered.json() == {"detail": ran.err.strip().replace("request.npz", "rows")}


def test_200_concurrent_requests_all_answered(project, nino, panel):
    nino_rows = request_rows(source(project, "elnino.csv")[-40:])
    panel_body = {"rows": request_rows(panel_rows(project, 11, 6, True, seed=1)), "steps": 1}
    requests = [(nino, "/forecast", {"rows": nino_rows, "steps": 1 + k % 5}) if k % 3 else
                (panel, "/forecast", panel_body) for k in range(200)]
    with nino.client() as one, panel.client() as other:
        expected = {i: (one if s is nino else other).post(path, json=body).json()
                    for i, (s, path, body) in enumerate(requests[:15])}

    async def all_at_once():
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(timeout=60, limits=limits, trust_env=False) as client:
            return await asyncio.gather(*(client.post(s.url + path, json=body)
                                          for s, path, body in requests))
    answers = asyncio.run(asyncio.wait_for(all_at_once(), 120))
    assert [a.status_code for a in answers] == [200] * 200
    for i, answer in enumerate(answers):
        assert answer.json() == expected[i % 15]


def test_sigterm_ends_it_cleanly_within_a_second(project):
    with service("runs/nino", cwd=project) as running:
        rows = request_rows(source(project, "elnino.csv")[-24:])
        with running.client() as client:  # a keep-alive connection left open
            assert client.post("/forecast", json={"rows": rows, "steps": 2}).status_code == 200
            took = running.stop()
        assert running.process.returncode == 0
        assert took < 1.0, took
    assert not [line for line in running.errors if "Traceback" in line or "LS6" in line]


def test_keras_runtime_answers_what_the_cli_writes_with_keras(capsys, project):
    rows = source(project, "elnino.csv")[-30:]
    with service_in_this_process(project / "runs" / "nino", "keras") as running:
        with running.client() as client:
            answered = client.post("/forecast", json={"rows": request_rows(rows), "steps": 5})
            assert client.get("/ready").json()["runtime"] == "keras (model.keras)"
    assert answered.status_code == 200, answered.text
    data = project / "request.csv"
    data.write_text(rows_csv(request_rows(rows)))
    ran = lstmspec(capsys, "forecast", "runs/nino", "--data", "request.csv", "--steps", "5",
                   "--runtime", "keras", cwd=project)
    assert ran.code == 0, ran.err
    same_as_cli(answered.json(), ran.out, ran.err)


def test_the_openapi_document_describes_the_run(project, nino, panel):
    with panel.client() as client:
        document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    row = schemas["Row"]
    assert list(row["properties"]) == ["year", "firm", "invest", "value", "capital"]
    assert row["required"] == ["year", "firm", "invest", "value", "capital"]
    forecast = schemas["ForecastRequest"]
    assert forecast["additionalProperties"] is False
    assert set(forecast["properties"]) == {"rows", "steps", "interval", "future"}
    assert forecast["properties"]["rows"]["minItems"] == 5
    assert (forecast["properties"]["steps"]["minimum"],
            forecast["properties"]["steps"]["maximum"]) == (1, 100_000)
    assert list(schemas["FutureRow"]["properties"]) == ["year", "firm", "capital"]
    assert set(document["paths"]) == {"/health", "/ready", "/predict", "/forecast"}
    with nino.client() as client:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["ForecastRequest"]["properties"]) == {"rows", "steps", "interval"}
    assert schemas["ForecastRequest"]["properties"]["rows"]["minItems"] == 24
    assert list(schemas["Row"]["properties"]) == ["month", "sst"]


@pytest.mark.parametrize("steps,level", [(3, 0.9), (7, 0.5)])
def test_an_interval_is_the_cli_interval(capsys, project, nino, steps, level):
    rows = source(project, "elnino.csv")[-40:]
    with nino.client() as client:
        forecast = client.post("/forecast", json={"rows": request_rows(rows), "steps": steps,
                                                  "interval": level})
        predicted = client.post("/predict", json={"rows": request_rows(rows),
                                                  "interval": level})
    assert forecast.status_code == predicted.status_code == 200, forecast.text
    assert "sst_lower" in forecast.json()["rows"][0]
    ran = cli_answer(capsys, project, "forecast", rows, "nino", "--steps", str(steps),
                     "--interval", str(level))
    same_as_cli(forecast.json(), ran.out, ran.err)
    ran = cli_answer(capsys, project, "predict", rows, "nino", "--interval", str(level))
    same_as_cli(predicted.json(), ran.out, ran.err)


def future_of(project, rows: list, steps: int) -> list:
    """The capital of each firm in the `steps` years after its last row (made up: the
    last value grown 5% a year), as CSV text rows."""
    last = {}
    for row in rows:
        last[row["firm"]] = row
    return [{"firm": firm, "year": str(int(row["year"]) + k),
             "capital": f"{float(row['capital']) * 1.05 ** k:.1f}"}
            for firm, row in last.items() for k in range(1, steps + 1)]


@pytest.mark.parametrize("steps,cut", [(3, 0), (4, 0), (3, 1)])
def test_future_covariates_are_the_cli_future(capsys, project, panel, steps, cut):
    rows = panel_rows(project, 3, 10, True, seed=5)
    future = future_of(project, rows, steps)[cut:]  # cut: the first firm misses a year
    with panel.client() as client:
        answered = client.post("/forecast", json={"rows": request_rows(rows), "steps": steps,
                                                  "future": request_rows(future)})
    (project / "future.csv").write_text(rows_csv(request_rows(future)))
    ran = cli_answer(capsys, project, "forecast", rows, "panel", "--steps", str(steps),
                     "--future", "future.csv")
    if cut:
        assert ran.code == 1 and answered.status_code == 422, answered.text
        line = ran.err.strip().splitlines()[-1]
        assert answered.json() == {"detail": as_request_line(line, "future.csv", "future")}
    else:
        assert ran.code == 0 and answered.status_code == 200, answered.text
        same_as_cli(answered.json(), ran.out, ran.err)


def example_commands() -> tuple[str, list]:
    """(the Python program that writes request.json, the curl command lines) of the Example
    section of docs/serve.md."""
    section = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8").split("## Example", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
    program = re.search(r"<<'EOF'\n(.*?)\nEOF\n", block, re.DOTALL).group(1)
    curls = [line for line in block.splitlines() if line.startswith("curl ")]
    return program, curls


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_documented_curl_example_works(nino, tmp_path):
    """docs/serve.md's example runs as written (the request built with Python, then curl)
    against a service of a run trained like the doc's (the port changed to the service's)."""
    program, curls = example_commands()
    assert len(curls) == 2
    (tmp_path / "examples" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", tmp_path / "examples" / "data")
    made = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    (tmp_path / "request.json").write_text(made.stdout)
    port = nino.url.rsplit(":", 1)[1]
    answers = []
    for line in curls:
        args = ["curl", "--max-time", "30", "--noproxy", "*"] + \
            shlex.split(line.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))[1:]
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(done.stdout))
    forecast, ready = answers
    assert [list(row) for row in forecast["rows"]] == [["step", "month", "sst", "source"]] * 3
    assert [row["month"] for row in forecast["rows"]] == ["2011-01", "2011-02", "2011-03"]
    assert ready["status"] == "ready"
