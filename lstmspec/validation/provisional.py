"""A broken layer read as its fixes would leave it, so that the layers around it are checked.

When every problem of a layer has a certain fix (an unknown key to rename, remove or move, a
misspelt type with one close match), the layer is validated again with those fixes applied;
the spec that comes out lets inference go on past it. The problems themselves are still
reported: what is found further on is what the file will show once they are fixed as told.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Finding, YamlPath


def as_fixed(raw: Any, findings: list[Finding], path: YamlPath) -> dict | None:
    """`raw` (a layer mapping at `path`) with each finding's fix applied, or None when one of
    them has no fix that can be applied with certainty."""
    if not isinstance(raw, dict) or not findings:
        return None
    fixed = dict(raw)
    inner_path = path + ("layer",)
    inner = [f for f in findings if f.path[:len(inner_path)] == inner_path]
    if inner:
        layer = as_fixed(raw.get("layer"), inner, inner_path)
        if layer is None:
            return None
        fixed["layer"] = layer
    for finding in findings:
        if finding in inner:
            continue
        if len(finding.path) != len(path) + 1 or not apply_fix(fixed, finding):
            return None
    return fixed


def apply_fix(layer: dict, finding: Finding) -> bool:
    """Apply one LS301/LS302 fix to the mapping in place; False when it cannot be applied."""
    key, fix = finding.path[-1], finding.fix or ""
    if finding.code == "LS302" and key == "type" and fix.startswith("write type: "):
        layer["type"] = fix.removeprefix("write type: ")
        return True
    if finding.code != "LS301" or key not in layer:
        return False
    new_key = fix.removeprefix("rename it to ") if fix.startswith("rename it to ") else None
    if new_key == key:
        return False  # a fix that changes nothing cannot be the way out
    value = layer.pop(key)
    if new_key is not None:
        layer.setdefault(new_key, value)
        return True
    if fix == "move it under layer:" and isinstance(layer.get("layer"), dict):
        layer["layer"] = {**layer["layer"], key: value}
        return True
    return fix == "remove it" or fix.startswith("write input:")
