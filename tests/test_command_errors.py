"""Every exception a command reports carries its code and exit status as class attributes, and
cli/errors.report is the one place that prints the coded line and returns the status: no
command chooses a code (runner/errors.py, tune's TuneError, the importer's ImportProblem)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from lstmspec.cli.errors import report
from lstmspec.codes import CODES
from lstmspec.importer.convert import ImportProblem
from lstmspec.runner import errors

ROOT = Path(__file__).resolve().parent.parent / "lstmspec"
RUNNER = [c for _, c in inspect.getmembers(errors, inspect.isclass)
          if issubclass(c, BaseException) and c.__module__ == errors.__name__]
# (class, code, status): the documented pairs (docs/runner.md, docs/using.md, codes.py).
EXPECTED = {
    "CommandError": ("LS418", 1), "RunError": ("LS418", 1), "CrossCheckError": ("LS423", 3),
    "RunLocked": ("LS418", 4), "NoCheckpoint": ("LS418", 5), "DiskError": ("LS418", 6),
    "Diverged": ("LS418", 7), "DistributeError": ("LS418", 1), "RunDirError": ("LS418", 1),
    "DataError": ("LS630", 1), "TimeAxisMismatch": ("LS470", 1), "RequestRefused": ("LS632", 1),
    "RunUnusable": ("LS631", 1),
    "PreparationMissing": ("LS631", 1), "ModelUnavailable": ("LS631", 1),
    "RunChanged": ("LS635", 1), "PreparationInvalid": ("LS636", 1), "RunBusy": ("LS637", 1),
    "ExportFailed": ("LS633", 1), "ExportDiffers": ("LS634", 3),
    "BaselineNotBeaten": ("LS650", 8), "BaselineUnavailable": ("LS651", 1),
    "IntervalUnavailable": ("LS652", 1), "FutureInputUnknown": ("LS660", 1),
    "RunnerUnavailable": ("LS419", 1), "WorkerDone": (None, 0),
}


def test_every_runner_exception_carries_its_documented_code_and_status():
    assert {c.__name__: (c.code, c.status) for c in RUNNER} == EXPECTED


def test_tune_and_import_exceptions_carry_theirs():
    assert (ImportProblem.code, ImportProblem.status) == ("LS417", 1)
    source = (ROOT / "tune" / "study.py").read_text(encoding="utf-8")
    tune_error = next(n for n in ast.parse(source).body
                      if isinstance(n, ast.ClassDef) and n.name == "TuneError")
    assert {ast.unparse(s) for s in tune_error.body if isinstance(s, ast.Assign)} == \
        {"code = 'LS681'", "status = 1"}  # read, not imported: tune imports Optuna


def test_every_code_is_declared():
    codes = {c.code for c in RUNNER if c.code} | {ImportProblem.code, "LS681"}
    assert codes <= set(CODES)


def test_report_prints_one_coded_line_and_returns_the_status(capsys):
    assert report("runs/a", errors.NoCheckpoint("no checkpoint verifies")) == 5
    assert capsys.readouterr().err == "runs/a:1:1: LS418 [error] no checkpoint verifies\n"


def test_an_os_error_on_a_trained_run_is_a_refused_request():
    refused = errors.request_refused(FileNotFoundError(2, "No such file or directory", "o.csv"))
    assert (type(refused), str(refused)) == (errors.RequestRefused,
                                              "o.csv: No such file or directory")


@pytest.mark.parametrize("module", sorted(p.name for p in (ROOT / "cli").glob("*_cmd.py")))
def test_no_command_chooses_the_code_of_an_exception(module):
    """A CLI module may print a code for a problem it finds itself (tune: LS680 optuna missing,
    LS682 no trial completed), never for an exception it catches."""
    tree = ast.parse((ROOT / "cli" / module).read_text(encoding="utf-8"))
    for handler in (n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)):
        calls = [n for n in ast.walk(handler) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", "") == "error_line"]
        assert not calls, f"{module}:{handler.lineno}: an except clause chooses a code"
