"""docs/serve.md's example works: its commands (the request built with Python, then curl)
run as written against a real service, on a run trained like the doc's (the port changed
to the service's). Skipped where curl is not installed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from serve_support import ROOT, service, trained_project

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]
DOC = ROOT / "docs" / "serve.md"


def example_commands() -> tuple[str, list]:
    """(the Python program that writes request.json, the curl command lines) of the doc's
    Example section."""
    section = DOC.read_text(encoding="utf-8").split("## Example", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
    program = re.search(r"<<'EOF'\n(.*?)\nEOF\n", block, re.DOTALL).group(1)
    curls = [line for line in block.splitlines() if line.startswith("curl ")]
    return program, curls


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_documented_curl_example_works(tmp_path_factory, tmp_path):
    project = trained_project(tmp_path_factory.getbasetemp())
    program, curls = example_commands()
    assert len(curls) == 2
    (tmp_path / "examples" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", tmp_path / "examples" / "data")
    made = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    (tmp_path / "request.json").write_text(made.stdout)
    with service("runs/nino", cwd=project) as running:
        port = running.url.rsplit(":", 1)[1]
        answers = []
        for line in curls:
            args = ["curl", "--max-time", "30", "--noproxy", "*"] + \
                shlex.split(line.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))[1:]
            done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True,
                                  timeout=60)
            assert done.returncode == 0, done.stderr
            answers.append(json.loads(done.stdout))
    forecast, ready = answers
    assert [list(row) for row in forecast["rows"]] == [["step", "month", "sst", "source"]] * 3
    assert [row["month"] for row in forecast["rows"]] == ["2011-01", "2011-02", "2011-03"]
    assert ready["status"] == "ready"
