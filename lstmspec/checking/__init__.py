"""What every command does before its own work: lint files or stdin's text with their settings
(linting.py), fix them (fixing.py), or gate the config build, run or tune will use (gate.py).

Values in, values out: nothing here prints or exits. The click modules under cli/ parse the
options, call one function here and print what it returns. TensorFlow is never imported.
"""

from __future__ import annotations

from .fixing import fix_results
from .gate import gate, missing_sections
from .linting import (
    CheckOptions, Checked, budget_for, check_paths, check_text, lint_buffer, lint_paths,
)

__all__ = ["CheckOptions", "Checked", "budget_for", "check_paths", "check_text", "fix_results",
           "gate", "lint_buffer", "lint_paths", "missing_sections"]
