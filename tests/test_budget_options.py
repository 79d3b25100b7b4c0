"""Issue 27, item 3: LS501's fix says "raise the limit with --max-params"; `run`, `tune` and
`build` take the option (and --max-memory) too, so the fix works with the command that
reported it. The gate comes before anything imports TensorFlow: a config without `data:` stops
right after it, with LS401 once the budget lets it through."""

from __future__ import annotations

import pytest
from cli_support import lstmspec

BIG = ("input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 64}\n"
       "compile: {loss: mse}\n")  # 17,152 parameters, no data: section


def codes(err: str) -> list:
    return [line.split(" [")[0].split(":", 1)[1] for line in err.splitlines()
            if line.startswith("big.yaml:")]


@pytest.mark.parametrize("command", ["run", "tune"])
def test_max_params_reaches_the_lint_before_the_run(tmp_path, capsys, command):
    (tmp_path / "big.yaml").write_text(BIG)
    (tmp_path / "pyproject.toml").write_text("[tool.lstmspec]\nmax-params = 1000\n")
    refused = lstmspec(capsys, command, "big.yaml", cwd=tmp_path)
    assert refused.code == 1 and codes(refused.err) == ["3:5: LS501"]
    assert "raise the limit with --max-params" in refused.err
    raised = lstmspec(capsys, command, "big.yaml", "--max-params", "20000", cwd=tmp_path)
    assert raised.code == 1 and codes(raised.err)[0] == "1:1: LS401"  # past the budget


def test_max_memory_reaches_the_lint_before_the_run(tmp_path, capsys):
    (tmp_path / "big.yaml").write_text(BIG)
    refused = lstmspec(capsys, "run", "big.yaml", "--max-memory", "10KB", cwd=tmp_path)
    assert refused.code == 1 and codes(refused.err) == ["3:5: LS502"]


@pytest.mark.tf
def test_build_takes_max_params(tmp_path, capsys):
    (tmp_path / "big.yaml").write_text(BIG)
    (tmp_path / "pyproject.toml").write_text("[tool.lstmspec]\nmax-params = 1000\n")
    assert lstmspec(capsys, "build", "big.yaml", cwd=tmp_path).code == 1
    assert lstmspec(capsys, "build", "big.yaml", "--max-params", "20000", cwd=tmp_path).code == 0
