"""LS490: an input of the rows forecast (data.inputs rows: future) that reads a target trains
the model with the values it forecasts (issue 22): lint refuses it on the column's entry, a
past input reading a target (autoregression) and a future input of covariates pass, and the
fix text carried out as written (and by --fix) ends at a config that lints clean."""

from __future__ import annotations

import subprocess

import pytest
from cli_support import check_golden
from fix_chains import run_chain
from fix_texts import carry_out

from lstmspec.fix import fix_text
from lstmspec.lint import lint_text
from conftest import child_env, run_argv

# line 15 holds data.inputs.past, line 16 data.inputs.future: its first column at column 24
CONFIG = """\
inputs:
  past: {{shape: [8, 3]}}
  future: {{shape: [3, {width}]}}
layers:
  - {{name: enc, type: GRU, units: 4, return_state: true, from: past}}
  - {{name: dec, type: GRU, units: 4, return_sequences: true, from: future, initial_state: [enc.1]}}
  - {{type: TimeDistributed, layer: {{type: Dense, units: {targets}}}}}
compile: {{optimizer: adam, loss: mse}}
data:
  kind: csv
  path: series.csv
  features: [sst, rain, month]
  targets: {target_list}
  inputs:
    past: {{columns: [sst, rain, month], rows: {past_rows}}}
    future: {{columns: {future}, rows: future}}
  window: 8
  horizon: 3
"""


@pytest.fixture()
def folder(tmp_path):
    """A series whose three columns all vary (a constant one draws LS433)."""
    rows = "".join(f"{(i * 37) % 11 - 5},{(i * 13) % 7},{i % 12 + 1}\n" for i in range(120))
    (tmp_path / "series.csv").write_text("sst,rain,month\n" + rows, encoding="utf-8")
    return tmp_path


def config(future: list, targets=("sst",), past_rows: str = "past") -> str:
    return CONFIG.format(width=len(future), targets=len(targets),
                         target_list=f"[{', '.join(targets)}]", past_rows=past_rows,
                         future=f"[{', '.join(future)}]")


def found(folder, text: str) -> list:
    result = lint_text(text, str(folder / "model.yaml"))
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


def test_one_target_column_in_a_future_input(folder):
    assert found(folder, config(["sst"])) == [("LS490", 16, 24)]


def test_a_target_among_several_columns(folder):
    assert found(folder, config(["month", "sst", "rain"])) == [("LS490", 16, 31)]


def test_each_target_entry_is_reported(folder):
    text = config(["rain", "month", "sst"], targets=("sst", "rain"))
    assert found(folder, text) == [("LS490", 16, 24), ("LS490", 16, 37)]


def test_a_block_list_entry_is_located(folder):
    text = config(["month", "sst"]).replace(
        "    future: {columns: [month, sst], rows: future}\n",
        "    future:\n      columns:\n        - month\n        - sst   # leaks\n"
        "      rows: future\n")
    assert found(folder, text) == [("LS490", 19, 11)]


def test_a_past_input_reading_the_target_is_autoregression(folder):
    assert found(folder, config(["month"])) == []


def test_a_future_input_of_covariates_only(folder):
    assert found(folder, config(["month", "rain"])) == []


def test_the_fix_text_carried_out_lints_clean(folder):
    text = config(["month", "sst"])
    diag, = lint_text(text, str(folder / "model.yaml")).diagnostics
    assert diag.fix == ("set data.inputs.future.columns: [month]; then "
                        "set inputs.future.shape: [3, 1]")
    assert found(folder, carry_out(text, diag)) == []


@pytest.mark.parametrize("future, targets", [
    (["month", "sst"], ("sst",)), (["rain", "month", "sst"], ("sst", "rain")),
    (["sst", "month", "rain"], ("sst",))])
def test_the_fix_chain_ends_clean(folder, future, targets):
    chain = run_chain(config(future, targets), str(folder / "model.yaml"))
    assert chain.converged and chain.rounds == 1 and chain.left == [], chain.fixes


def test_lint_fix_carries_it_out(folder):
    fixed = fix_text(config(["month", "sst"]), str(folder / "model.yaml"))
    assert fixed.result.diagnostics == []
    assert "future: {shape: [3, 1]}" in fixed.text
    assert "future: {columns: [month], rows: future}" in fixed.text


def test_lint_fix_keeps_the_comments_of_a_block_list(folder):
    """Fixes lose nothing (issue 26): the block list keeps its form and its comments, the line
    of the column left out gives way to its comment."""
    text = config(["month", "sst"]).replace(
        "    future: {columns: [month, sst], rows: future}\n",
        "    future:\n      columns:\n        - month   # known a year ahead\n"
        "        - sst     # leaks\n      rows: future\n")
    fixed = fix_text(text, str(folder / "model.yaml"))
    assert fixed.result.diagnostics == []
    assert fixed.text == text.replace("[3, 2]", "[3, 1]").replace(
        "        - sst     # leaks\n", "        # leaks\n")


def test_a_block_list_without_comments_is_written_in_flow(folder):
    text = config(["month", "sst"]).replace(
        "    future: {columns: [month, sst], rows: future}\n",
        "    future:\n      columns:\n        - month\n        - sst\n      rows: future\n")
    fixed = fix_text(text, str(folder / "model.yaml"))
    assert fixed.result.diagnostics == []
    assert "    future:\n      columns: [month]\n      rows: future\n" in fixed.text


def test_only_targets_leave_a_choice(folder):
    diag, = lint_text(config(["sst"]), str(folder / "model.yaml")).diagnostics
    assert diag.fix.startswith("choose: ")
    assert carry_out(config(["sst"]), diag) is None


def test_the_messages(folder):
    text = "".join(f"{d.code} {d.message}\n  fix: {d.fix}\n"
                   for future in (["month", "sst"], ["sst"])
                   for d in lint_text(config(future), str(folder / "model.yaml")).diagnostics)
    check_golden("future_target_messages.txt", text)


@pytest.mark.subprocess
def test_run_refuses_it_before_training(folder):
    (folder / "model.yaml").write_text(config(["month", "sst"]), encoding="utf-8")
    done = subprocess.run(run_argv(folder / "model.yaml", folder / "out"), capture_output=True,
                          text=True, timeout=120, env=child_env(), check=False)
    assert done.returncode == 1, done.stderr
    assert "model.yaml:16:31: LS490 [error] " in done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / "out").exists()
