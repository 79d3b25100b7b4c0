"""Keys written in the wrong place, the way a Keras user writes them: `input_shape` (a Keras
layer argument, here `input: {shape: ...}`) and a wrapped layer's arguments written on its
Bidirectional/TimeDistributed. The unknown-key finding says where the key belongs, and
fix/moves.py moves it there."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Finding, YamlPath

KERAS_INPUT_KEYS = ("input_shape", "batch_input_shape")


def flow(value: Any) -> str:
    """A value as one line of flow YAML (JSON is a subset: [30, 1], null)."""
    import json  # only for a misplaced key's hint: not paid by every lint

    return json.dumps(value)


def input_mapping(key: str, value: Any) -> dict | None:
    """The `input:` that a Keras `input_shape` or `batch_input_shape` means: the per-sample
    shape, and the batch size that a batch_input_shape fixes (a stateful layer needs it)."""
    if key not in KERAS_INPUT_KEYS or not isinstance(value, list) or not value:
        return None
    if key == "input_shape":
        return {"shape": value}
    batch = value[0]
    fixed = isinstance(batch, int) and not isinstance(batch, bool)
    return {"shape": value[1:], **({"batch_size": batch} if fixed else {})}


def flow_mapping(mapping: dict) -> str:
    """`{shape: [30, 1], batch_size: 16}`: a small mapping as one line of flow YAML."""
    return "{" + ", ".join(f"{key}: {flow(value)}" for key, value in mapping.items()) + "}"


def input_hint(key: str, value: Any) -> tuple[str, str] | None:
    """(message tail, fix) for `input_shape: [30, 1]`, at the top level or on a layer."""
    mapping = input_mapping(key, value)
    if mapping is None:
        return None
    written = f"input: {flow_mapping(mapping)}"
    batch = " (the batch axis left out)" if "batch_size" not in mapping else \
        ", and its batch axis as `batch_size`"
    return (f": lstmspec writes the per-sample shape as `{written}` at the top level{batch}",
            f"write {written}")


def inner_fields(layer: Any) -> dict:
    """The wrapped layer's fields, when `layer` is a wrapper mapping with a known inner type."""
    from ..spec.layers import LAYER_TYPES, layer_class

    inner = layer.get("layer") if isinstance(layer, dict) else None
    kind = inner.get("type") if isinstance(inner, dict) else None
    return dict(layer_class(kind).model_fields) if kind in LAYER_TYPES else {}


def misplaced_key(loc: YamlPath, full: YamlPath, data: Any, owner: str) -> Finding | None:
    """An LS301 that says where the key belongs, or None when it belongs nowhere known."""
    key = loc[-1] if loc else None
    if not isinstance(key, str) or len(loc) != 1 or not isinstance(data, dict):
        return None
    hint = input_hint(key, data.get(key))
    if hint is not None:
        noun = "argument" if full[:-1] else "key"
        return Finding("LS301", f"{owner} has no {noun} `{key}`{hint[0]}", full, on_key=True,
                       fix=hint[1])
    fields = inner_fields(data) if full[:-1] else {}
    if key in fields and key not in ("type", "name"):
        inner = data["layer"]
        where = (f"its wrapped {inner['type']} already sets {key}: remove it here"
                 if key in inner else f"it is an argument of the wrapped {inner['type']}: "
                 "move it under `layer:`")
        fix = "remove it" if key in inner else "move it under layer:"
        return Finding("LS301", f"{owner} has no argument `{key}`: {where}", full, on_key=True,
                       fix=fix)
    return None
