"""The gate of `build`, `run`, `tune`: lint the one config the command will use, reading its
data wherever it is (the command reads it anyway), and say whether it may go on."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import FILE_START, Finding, has_errors
from ..lint import LintResult, to_diagnostic


@dataclass
class Gate:
    """The verdict on a config a command is about to build, run or tune."""

    result: LintResult | None  # None when the file could not be linted
    problems: list = field(default_factory=list)  # one-line exit-2 problems
    status: int | None = None  # the exit status to stop with; None: the command may go on


def gate(path: str, overrides=(), max_params: int | None = None,
         max_memory: int | None = None) -> Gate:
    """Lint one config for a command that will use it: exit 2 when it cannot be read, 1 when
    it has errors (after its suppressions), else it may go on. `max_params`/`max_memory`: the
    command's --max-params/--max-memory (LS501/LS502). TensorFlow is not imported."""
    from .linting import lint_paths

    results, problems = lint_paths([path], max_params=max_params, max_memory=max_memory,
                                   overrides=overrides, read_anywhere=True)
    if problems or not results:
        return Gate(None, problems, 2)
    result = results[0]
    if not result.ok or has_errors(result.diagnostics):
        return Gate(result, [], 1)
    return Gate(result)


def missing_sections(result) -> list:
    """LS401 for each runner section that `run` needs and the config lacks, at the file's
    start (lint accepts such a config: a bare stack is valid, it just cannot be trained)."""
    example = {"compile": "compile: {optimizer: adam, loss: mse}",
               "data": "data: {kind: csv, path: ..., features: [...], targets: [...]} (or kind: "
               "synthetic for a smoke run)"}
    return [to_diagnostic(result.source, Finding(
        "LS401", f"`run` needs a `{name}:` section, which this config does not have: add "
        f"{example[name]}", span=FILE_START, fix=f"add {example[name]}"))
        for name in ("compile", "data") if getattr(result.model, name) is None]
