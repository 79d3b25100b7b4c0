"""What every command does before its own work: lint files or stdin's text with their settings
(linting.py), fix them (fixing.py), or gate the config build, run or tune will use (gating.py).

Values in, values out: nothing here prints or exits. The click modules under cli/ parse the
options, call one function here and print what it returns. TensorFlow is never imported.
"""

from __future__ import annotations

from .linting import (
    CheckOptions, Checked, budget_for, check_paths, check_text, lint_buffer, lint_paths,
)

__all__ = ["CheckOptions", "Checked", "budget_for", "check_paths", "check_text", "fix_results",
           "gate", "lint_buffer", "lint_paths", "missing_sections"]


def __getattr__(name: str):
    """fix_results (lint --fix), gate and missing_sections (build, run, tune): imported when
    asked for, so that a plain `lint` does not pay for them at start-up."""
    if name == "fix_results":
        from .fixing import fix_results

        return fix_results
    if name in ("gate", "missing_sections"):
        from . import gating as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
