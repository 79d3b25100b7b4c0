"""`--set PATH=VALUE`: a config value replaced from the command line before lint checks it.

The value is read as YAML 1.2, with the same strict rules as a config file (`64` is a number,
`"64"` text, `[30, 1]` a list, `true` a boolean). The path is resolved by paths.py; a path
that names nothing is an LS480 error located where the path stops matching the file.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..diagnostics import Finding
from .paths import PathError, assign, locate, raw_layer_names


class Override(NamedTuple):
    path: str  # dotted, as typed
    value: Any
    text: str  # PATH=VALUE, as typed


class OverrideSyntaxError(ValueError):
    """A --set argument that is not PATH=VALUE with a YAML value (a usage error)."""


def parse(text: str) -> Override:
    from ..source.yaml_source import load_bytes

    path, sep, raw = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise OverrideSyntaxError(f"'{text[:80]}' is not PATH=VALUE, e.g. layers.lstm.units=64")
    loaded = load_bytes(f"value: {raw}\n".encode("utf-8"), "--set")
    if loaded.findings or not isinstance(loaded.data, dict) or "value" not in loaded.data:
        reason = loaded.findings[0].message if loaded.findings else "not a single YAML value"
        raise OverrideSyntaxError(f"{text[:80]}: the value is not YAML: {reason}")
    return Override(path, loaded.data["value"], text)


def apply(source, overrides) -> tuple[list[Finding], dict]:
    """Replace the values in `source.data`; a path that names nothing is an LS480 finding.
    Returns the findings and {YAML path: override} of the values replaced."""
    findings, applied = [], {}
    layers = source.data.get("layers") if isinstance(source.data, dict) else None
    # layers keep the names the file gave them: `--set layers.lstm.type=GRU` does not make
    # the next `--set layers.lstm.units=...` look for a layer named `gru`
    names = raw_layer_names(layers) if isinstance(layers, list) else None
    for override in overrides:
        try:
            path = locate(source.data, override.path, names)
        except PathError as err:
            reason = str(err).split(": ", 1)[-1]
            findings.append(Finding("LS480", f"--set {override.text[:120]}: {reason}",
                                    err.found))
            continue
        source.data = assign(source.data, path, override.value)
        applied[path] = override
    return findings, applied


def attribute(findings: list[Finding], applied: dict) -> list[Finding]:
    """Findings on a replaced value say so: the file does not hold the value they are about."""
    out = []
    for finding in findings:
        path = tuple(finding.path)
        cause = next((o for p, o in applied.items() if path[:len(p)] == p), None)
        out.append(finding._replace(message=f"{finding.message} (value from --set "
                                    f"{cause.text[:120]})") if cause else finding)
    return out
