"""Schema validation: the config's data -> ModelSpec and layer specs, or LS3xx findings.

Layers are validated one by one through the registry, and the runner sections one by one by
their own models, so that all problems of a file come out in one pass and each model is built
only when a file uses it. schema_errors.py turns pydantic's errors into findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, YamlPath
from .misplaced import KERAS_INPUT_KEYS
from .provisional import as_fixed
from .schema_errors import (
    MAX_FINDINGS, describe_value, finding_for, map_errors, merge_union_branches,
)
from ..spec.layers import (
    KERAS2_TYPES, LAYER_TYPES, layer_class, types_where,
)
from ..spec.core import SECTIONS, ModelCore, StackSpec
from ..suggest import closest, nearest

if TYPE_CHECKING:
    from ..spec.config import ModelSpec

LAYER_CLASSES: dict = {}  # type name -> spec class, filled on first use (lint of many files)


class Validated:
    def __init__(self) -> None:
        self.model: ModelSpec | None = None
        self.layers: list = []  # LayerSpec, or None where a layer is invalid
        self.findings: list = []


def validate_layer(raw: Any, path: YamlPath,
                   wrapper: type | None = None) -> tuple[Any, list[Finding]]:
    """Validate one layer mapping (recursively for wrappers; `wrapper` is the class of the
    one that holds it). Returns (spec or None, findings): with findings, the spec is the
    layer as their fixes would leave it (provisional.py), or None when a fix is not certain."""
    spec, findings = check_layer(raw, path, wrapper)
    if spec is None and findings:
        fixed = as_fixed(raw, findings, path)
        if fixed is not None:
            spec, _ = validate_layer(fixed, path, wrapper)
    return spec, findings


def check_layer(raw: Any, path: YamlPath, wrapper: type | None) -> tuple[Any, list[Finding]]:
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
        return None, [unknown_type(type_name, path)]
    cls = LAYER_CLASSES.get(type_name) or LAYER_CLASSES.setdefault(type_name,
                                                                    layer_class(type_name))
    if wrapper is not None and not wrapper.wraps(cls):
        return None, [Finding("LS307", f"{type_name} cannot be wrapped by "
                              f"{wrapper.KERAS_CLASS}: the wrapped layer must be one of "
                              f"{', '.join(types_where(wrapper.wraps))}", path + ("type",))]
    findings: list[Finding] = []
    data = raw
    if cls.WRAPPER:
        data, findings = validate_inner(cls, raw, path)
    try:
        spec = cls.model_validate(data)
    except ValidationError as exc:
        return None, findings + map_errors(exc, raw, path, type_name, cls)
    return (spec if not findings else None), findings


def unknown_type(type_name: str, path: YamlPath) -> Finding:
    """LS302: a Keras 2 class that Keras 3 renamed, a misspelling, or the nearest few types."""
    renamed = KERAS2_TYPES.get(type_name)
    guess = renamed or closest(type_name, LAYER_TYPES)
    if renamed:
        hint = f": it is {renamed} in Keras 3 (which picks the cuDNN kernel by itself when " \
               "the arguments allow it, see LS202)"
    elif guess:
        hint = f"; did you mean {guess}?"
    else:
        hint = f"; the nearest types are {', '.join(nearest(type_name, LAYER_TYPES))} " \
               "(the JSON Schema, `lstmspec schema`, lists every type)"
    return Finding("LS302", f"unknown layer type '{type_name[:40]}'{hint}", path + ("type",),
                   fix=f"write type: {guess}" if guess else None)


def validate_inner(cls, raw: dict, path: YamlPath) -> tuple[dict, list[Finding]]:
    if "layer" not in raw:
        return raw, []  # the wrapper's own validation reports the missing key
    inner, findings = check_layer(raw["layer"], path + ("layer",), cls)
    # `units` missing from the wrapped layer but written on the wrapper: the wrapper's LS301
    # says to move it (misplaced.py); a second error for it would only repeat that
    findings = [f for f in findings if not (f.code == "LS305" and f.path == path + ("layer",)
                                            and f.fix in {f"add `{k}:`" for k in raw
                                                          if k not in ("type", "layer")})]
    for key in ("from", "initial_state"):
        if isinstance(raw["layer"], dict) and key in raw["layer"]:
            inner = None
            findings.append(Finding(
                "LS311", f"`{key}` belongs on the {cls.KERAS_CLASS} itself, not on the layer it "
                f"wraps (the wrapper is what is called): move `{key}` up one level",
                path + ("layer", key), on_key=True))
    return {**raw, "layer": inner}, findings


def validate(data: Any) -> Validated:
    result = Validated()
    if not isinstance(data, dict):
        result.findings.append(Finding(
            "LS008", f"a config is a mapping with `input:` and `layers:`, not "
            f"{describe_value(data)}", ()))
        return result
    if not {"input", "inputs", "layers"} & set(data):  # some other YAML file, handed to lint
        keys = ", ".join(f"`{str(key)[:40]}`" for key in list(data)[:5])
        found = f"its keys: {keys}" if keys else "it is an empty mapping"
        result.findings.append(Finding(
            "LS008", f"this is not an lstmspec config: it has neither `input:` nor `layers:` "
            f"({found}); if lstmspec should not check it, leave it out of the paths (or the "
            "pre-commit hook's `files:` pattern)", ()))
        return result
    result.model, errors = validate_top(data)
    if "input" in data and "inputs" in data:
        result.model = None
        result.findings.append(Finding(
            "LS310", "the config has both `input:` and `inputs:`; a model has either one input "
            "(`input:`) or several named ones (`inputs:`): remove one", ("inputs",),
            on_key=True))
    if errors:
        from ..spec.config import ModelSpec  # the sections' fields, for suggestions

        found = merge_union_branches([finding_for(e, data, (), "the config", ModelSpec)
                                      for e in errors[:MAX_FINDINGS]])
        result.findings += [version_finding(f, data) for f in found
                            if not said_by_input_shape(f, data)]
    layers = data.get("layers")
    if isinstance(layers, list):
        for index, raw in enumerate(layers):
            if len(result.findings) >= MAX_FINDINGS:  # enough to fix for one run
                result.findings.append(Finding(
                    "LS011", f"over {MAX_FINDINGS} problems: layers from here on are not "
                    "checked; fix these and run lint again", ("layers", index)))
                result.layers += [None] * (len(layers) - index)
                break
            spec, found = validate_layer(raw, ("layers", index))
            result.layers.append(spec)
            result.findings += found
    return result


CORE_KEYS = tuple(ModelCore.model_fields)
ALL_KEYS = frozenset(CORE_KEYS + SECTIONS)


def section_class(name: str) -> type[BaseModel]:
    from ..spec.config import ModelSpec

    info = ModelSpec.model_fields[name]
    return next(a for a in (info.annotation, *get_args(info.annotation))
                if isinstance(a, type) and issubclass(a, BaseModel))


def validate_top(data: dict) -> tuple[Any, list[dict]]:
    """ModelCore, then each runner section present by its own model (see spec/core.py).
    Returns the assembled ModelSpec (None if the core is invalid; an invalid section is left
    out) and pydantic's errors, located from the file's root."""
    # an unknown key is reported, but does not stop the rest of the file being checked
    errors = [{"type": "extra_forbidden", "loc": (key,)} for key in data
              if key not in ALL_KEYS]
    values: dict[str, Any] = {}
    for name in SECTIONS:
        if data.get(name) is not None:  # `compile:` alone is an absent section, as in ModelSpec
            try:
                values[name] = section_class(name).model_validate(data[name])
            except ValidationError as exc:
                errors += [{**e, "loc": (name, *e["loc"])}
                           for e in exc.errors(include_input=False, include_url=False)]
    if "input" not in data and "inputs" not in data:
        errors.insert(0, {"type": "missing", "loc": ("input",)})
    try:
        core = ModelCore.model_validate({k: v for k, v in data.items() if k in CORE_KEYS})
    except ValidationError as exc:
        return None, exc.errors(include_input=False, include_url=False) + errors
    if "input" not in data and "inputs" not in data:
        return None, errors
    values.update((name, getattr(core, name)) for name in CORE_KEYS)
    if not any(name in data for name in SECTIONS):
        return StackSpec.model_construct(_fields_set=core.model_fields_set, **values), errors
    from ..spec.config import ModelSpec

    fields_set = core.model_fields_set | {n for n in SECTIONS if n in values or
                                          (n in data and data[n] is None)}
    return ModelSpec.model_construct(_fields_set=fields_set, **values), errors


def said_by_input_shape(finding: Finding, data: dict) -> bool:
    """`input` missing where a Keras-style `input_shape` stands: its LS301 says what to write."""
    return finding.code == "LS305" and finding.fix == "add `input:`" and \
        any(key in data for key in KERAS_INPUT_KEYS)


def version_finding(finding: Finding, data: dict) -> Finding:
    if finding.path == ("version",) and finding.code in ("LS303", "LS304"):
        return Finding("LS306", "`version` must be 1, the only version of the format; received "
                       f"{describe_value(data.get('version'))}", ("version",),
                       fix="write version: 1")
    return finding
