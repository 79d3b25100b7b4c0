"""Schema validation: pydantic errors become LS3xx findings at YAML paths.

Errors are mapped by pydantic's error *type* (never by message text). Layers are validated one
by one through the registry, so that all problems of a file come out in one pass and each
layer's model is built only when a file uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .diagnostics import Finding, YamlPath
from .spec.layers import LAYER_TYPES, WRAPPER_TYPES, layer_class
from .spec.model import ModelSpec
from .suggest import closest
from .yaml12 import YAML11_BOOLEANS

EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "bool_type": "true or false",
    "float_type": "a number", "string_type": "text", "list_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
    "literal_error": "one of the allowed names", "none_required": "null",
}
BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<",
          "less_than_equal": "<="}


@dataclass
class Validated:
    model: ModelSpec | None = None
    layers: list = field(default_factory=list)  # LayerSpec, or None where a layer is invalid
    findings: list = field(default_factory=list)


def describe_value(value: Any) -> str:
    """A short, safe rendering of what was received (never the whole of a huge input)."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def data_at(data: Any, path: YamlPath) -> tuple[YamlPath, Any]:
    """The longest prefix of `path` that exists in `data`, and the value there (pydantic adds
    union-branch names to locations; those are not places in the file)."""
    found: list = []
    for part in path:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            break
        found.append(part)
    return tuple(found), data


def type_hint(kind: str, value: Any) -> str:
    if isinstance(value, str) and kind == "bool_type" and value in YAML11_BOOLEANS:
        right = str(YAML11_BOOLEANS[value]).lower()
        return f": `{value}` is a YAML 1.1 boolean, which lstmspec reads as text; write {right}"
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9._eE]+", value.strip() or "x"):
        return ": remove the quotes"
    if isinstance(value, float) and kind in ("int_type", "int_from_float"):
        return ": write a whole number"
    if isinstance(value, bool) and kind in ("int_type", "float_type"):
        return ": true/false are not numbers"
    return ""


def fields_at(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """Field names of the (nested) model that owns the key at `loc`."""
    for part in loc[:-1]:
        info = model.model_fields.get(part) if isinstance(part, str) else None
        candidates = (info.annotation, *get_args(info.annotation)) if info else ()
        nested = next((a for a in candidates
                       if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None:
            return []
        model = nested
    return [name for name in model.model_fields if name != "type"]


def finding_for(err: dict, data: Any, prefix: YamlPath, owner: str,
                model: type[BaseModel]) -> Finding:
    """One pydantic error -> one finding. `owner` names the layer or section for messages."""
    kind, loc = err["type"], tuple(err["loc"])
    full = prefix + loc
    if kind == "extra_forbidden":
        guess = closest(str(loc[-1]), fields_at(model, loc))
        hint = f": did you mean `{guess}`?" if guess else ""
        return Finding("LS301", f"{owner} has no argument `{str(loc[-1])[:40]}`{hint}", full,
                       on_key=True, fix=f"rename it to {guess}" if guess else "remove it")
    if kind == "incompatible_arguments":
        return Finding("LS105", err["msg"], prefix + data_at(data, loc)[0])
    if kind == "missing":
        return Finding("LS305", f"{owner} needs `{loc[-1]}`", full[:-1],
                       fix=f"add `{loc[-1]}:`")
    where, value = data_at(data, loc)
    path, key = prefix + where, (where[-1] if where else owner)
    received = describe_value(value)
    if kind in BOUNDS:
        limit = err["ctx"]["gt" if kind == "greater_than" else kind_ctx(kind)]
        return Finding("LS304", f"`{key}` must be {BOUNDS[kind]} {limit}; received {received}",
                       path)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'|(\d+)", err["ctx"]["expected"])
        names = [a or b for a, b in allowed]
        guess = closest(value, names) if isinstance(value, str) else None
        hint = f"; did you mean '{guess}'?" if guess else ""
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        return Finding("LS304", f"`{key}` must be one of {shown}; received {received}{hint}",
                       path, fix=f"write {guess}" if guess else None)
    if kind in EXPECTED:
        return Finding("LS303", f"`{key}` must be {EXPECTED[kind]}, not {received}"
                       f"{type_hint(kind, value)}", path)
    if kind in ("too_short", "too_long"):
        size = "at least" if kind == "too_short" else "at most"
        limit = err["ctx"].get("min_length" if kind == "too_short" else "max_length")
        return Finding("LS304", f"`{key}` must have {size} {limit} entries; received "
                       f"{len(value) if hasattr(value, '__len__') else received}", path)
    message = err["msg"].removeprefix("Value error, ")
    return Finding("LS304", f"`{key}`: {message}", path)


def kind_ctx(kind: str) -> str:
    return {"greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}[kind]


def map_errors(exc: ValidationError, data: Any, prefix: YamlPath, owner: str,
               model: type[BaseModel]) -> list[Finding]:
    findings, seen = [], set()
    for err in exc.errors(include_input=False, include_url=False):
        finding = finding_for(err, data, prefix, owner, model)
        if (finding.path, finding.code, finding.on_key) not in seen:  # one per place (unions)
            seen.add((finding.path, finding.code, finding.on_key))
            findings.append(finding)
    return findings


def validate_layer(raw: Any, path: YamlPath, allowed: tuple[str, ...] = LAYER_TYPES,
                   context: str = "") -> tuple[Any, list[Finding]]:
    """Validate one layer mapping (recursively for wrappers). Returns (spec or None, findings)."""
    label = f"layer {path[1]}" if len(path) == 2 else "the wrapped layer"
    if not isinstance(raw, dict):
        return None, [Finding("LS303", f"{label} must be a mapping with `type:` and its "
                              f"arguments, not {describe_value(raw)}", path)]
    type_name = raw.get("type")
    if "type" not in raw:
        return None, [Finding("LS305", f"{label} has no `type`: name its Keras class, e.g. "
                              "`type: LSTM`", path, fix="add `type:`")]
    if not isinstance(type_name, str):
        return None, [Finding("LS303", f"`type` must be a layer class name, not "
                              f"{describe_value(type_name)}", path + ("type",))]
    if type_name not in LAYER_TYPES:
        guess = closest(type_name, LAYER_TYPES)
        hint = f"; did you mean {guess}?" if guess else f"; the types are {', '.join(LAYER_TYPES)}"
        return None, [Finding("LS302", f"unknown layer type '{type_name[:40]}'{hint}",
                              path + ("type",), fix=f"write type: {guess}" if guess else None)]
    if type_name not in allowed:
        return None, [Finding("LS307", f"{type_name} cannot be wrapped here{context}; "
                              f"allowed: {', '.join(allowed)}", path + ("type",))]
    cls = layer_class(type_name)
    findings: list[Finding] = []
    data = raw
    if type_name in WRAPPER_TYPES:
        data, findings = validate_inner(cls, raw, path)
    try:
        spec = cls.model_validate(data)
    except ValidationError as exc:
        return None, findings + map_errors(exc, raw, path, type_name, cls)
    return (spec if not findings else None), findings


def validate_inner(cls, raw: dict, path: YamlPath) -> tuple[dict, list[Finding]]:
    if "layer" not in raw:
        return raw, []  # the wrapper's own validation reports the missing key
    inner_types = cls.INNER_TYPES or tuple(t for t in LAYER_TYPES if t not in WRAPPER_TYPES)
    context = f" by {cls.KERAS_CLASS}"
    inner, findings = validate_layer(raw["layer"], path + ("layer",), inner_types, context)
    return {**raw, "layer": inner}, findings


def validate(data: Any) -> Validated:
    result = Validated()
    if not isinstance(data, dict):
        result.findings.append(Finding(
            "LS008", f"a config is a mapping with `input:` and `layers:`, not "
            f"{describe_value(data)}", ()))
        return result
    try:
        result.model = ModelSpec.model_validate(data)
    except ValidationError as exc:
        result.findings += [version_finding(f, data) for f in map_errors(exc, data, (), "the config",
                                                                       ModelSpec)]
    layers = data.get("layers")
    if isinstance(layers, list):
        for index, raw in enumerate(layers):
            spec, found = validate_layer(raw, ("layers", index))
            result.layers.append(spec)
            result.findings += found
    return result


def version_finding(finding: Finding, data: dict) -> Finding:
    if finding.path == ("version",) and finding.code == "LS304":
        return Finding("LS306", f"unsupported config version {describe_value(data.get('version'))}: "
                       "version 1 is the only one", ("version",), fix="write version: 1")
    return finding
