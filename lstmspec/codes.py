"""Every diagnostic code: its name, severity and one-line summary. Codes are stable.

Prefixes: LS0 reading the file, LS1 what Keras cannot build, LS2 advice (warnings),
LS3 the schema, LS4 the runner sections, LS5 the resource budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


_TABLE = [
    ("LS001", "yaml-syntax", E, "The file is not valid YAML."),
    ("LS002", "duplicate-key", E, "A mapping has the same key twice."),
    ("LS003", "yaml-tag", E, "An explicit YAML tag (`!!python/...`, `!!str`) is used."),
    ("LS004", "yaml-alias", E, "An alias is undefined, recursive, or expands past the limit."),
    ("LS005", "nesting-depth", E, "The document nests deeper than the limit."),
    ("LS006", "size-limit", E, "The file, a value or a number is larger than the limit."),
    ("LS007", "encoding", E, "The file is not UTF-8."),
    ("LS008", "not-a-config", E, "The file is empty, has several documents, or is no mapping."),
    ("LS009", "non-string-key", E, "A mapping key is not a plain string."),
    ("LS101", "input-rank", E, "A layer receives an input of the wrong rank."),
    ("LS102", "needs-sequence", E, "A layer needs 3D (batch, timesteps, features) input but "
     "receives 2D."),
    ("LS103", "unknown-dimension", E, "A layer needs an axis to be known but it is None."),
    ("LS104", "empty-output", E, "A convolution or pooling window does not fit the sequence."),
    ("LS105", "incompatible-arguments", E, "Arguments that Keras refuses together."),
    ("LS106", "reshape-size", E, "Reshape's target_shape does not hold the input's values."),
    ("LS107", "duplicate-name", E, "Two layers have the same name."),
    ("LS108", "state-outputs", E, "A layer with return_state feeds another layer."),
    ("LS201", "mask-dropped", W, "A layer destroys the mask made by Masking or mask_zero."),
    ("LS202", "cudnn-ineligible", W, "A recurrent layer's arguments rule out cuDNN on GPU."),
    ("LS203", "embedding-float-input", W, "An Embedding is fed a float input."),
    ("LS301", "unknown-key", E, "A key that the layer or section does not have."),
    ("LS302", "unknown-layer-type", E, "A layer type that the format does not have."),
    ("LS303", "wrong-type", E, "A value of the wrong type (text for a number, yes for true)."),
    ("LS304", "invalid-value", E, "A value out of range or not among the allowed names."),
    ("LS305", "missing-key", E, "A required key is missing."),
    ("LS306", "unsupported-version", E, "`version` is not 1."),
    ("LS307", "invalid-wrapped-layer", E, "A wrapper holds a layer type it cannot wrap."),
]

CODES: dict[str, Code] = {row[0]: Code(*row) for row in _TABLE}


def register(code: str, name: str, severity: Severity, summary: str) -> None:
    """Later features (runner checks, budget) add their codes here at import."""
    CODES[code] = Code(code, name, severity, summary)


def severity_of(code: str) -> Severity:
    return CODES[code].severity
