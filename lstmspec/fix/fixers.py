"""One fixer per fixable code: (FixContext, Diagnostic) -> Edit or None when it is not safe.

Safe means the intent is certain: the recurrent layer that drops the time axis another layer
needs (LS102), a key or layer type with exactly one close match (LS301, LS302), a key written
where a Keras user writes it (`input_shape`, a wrapped layer's argument on its wrapper: LS301,
see moves.py), and a YAML 1.1 boolean written where a boolean belongs (LS303).
"""

from __future__ import annotations

import difflib
from typing import Any, Optional, get_args

from pydantic import BaseModel

from ..inference.stack import time_axis_dropper
from ..spec.layers import KERAS2_TYPES, LAYER_TYPES, layer_class
from ..spec.config import ModelSpec
from ..validation.schema_errors import data_at
from ..source.yaml12 import YAML11_BOOLEANS
from .context import FixContext, set_key
from .edits import Edit, replace_scalar
from .instructions import carry_out
from .moves import fix_misplaced

CUTOFF = 0.75  # suggest.closest's cutoff


def unique_match(word: str, candidates) -> str | None:
    """The one candidate that `word` is a misspelling of, or None when there is not exactly one."""
    candidates = [c for c in candidates if c != word]
    folded = [c for c in candidates if c.lower() == word.lower()]
    if folded:
        return folded[0] if len(folded) == 1 else None
    close = difflib.get_close_matches(word, candidates, n=2, cutoff=CUTOFF)
    if not close:
        lower = {c.lower(): c for c in candidates}
        close = [lower[m] for m in difflib.get_close_matches(word.lower(), list(lower), n=2,
                                                             cutoff=CUTOFF)]
    return close[0] if len(close) == 1 else None


def is_layer_path(path: tuple) -> bool:
    return (len(path) == 2 and path[0] == "layers") or (len(path) >= 3 and path[-1] == "layer"
                                                        and is_layer_path(path[:-1]))


def owner_fields(data: Any, mapping_path: tuple) -> dict:
    """{key as a config writes it (the alias: `from`): FieldInfo} of the model that the
    mapping at `mapping_path` is validated by."""
    if is_layer_path(mapping_path):
        _, raw = data_at(data, mapping_path)
        kind = raw.get("type") if isinstance(raw, dict) else None
        return by_alias(layer_class(kind)) if kind in LAYER_TYPES else {}
    model = ModelSpec
    for part in mapping_path:
        info = model.model_fields.get(part) if isinstance(part, str) else None
        nested = [a for a in ((info.annotation, *get_args(info.annotation)) if info else ())
                  if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return {}
        model = nested[0]
    return by_alias(model)


def by_alias(model) -> dict:
    return {info.alias or name: info for name, info in model.model_fields.items()}


def fix_return_sequences(ctx: FixContext, diag) -> Edit | None:
    """LS102: set return_sequences: true on the recurrent layer that dropped the time axis
    (just before, or before layers that keep the rank: inference/stack.py)."""
    path = diag.yaml_path
    inference = ctx.result.inference
    if len(path) != 2 or path[0] != "layers" or inference is None or path[1] < 1:
        return None
    producer = time_axis_dropper([i for i in inference.layers if i.index < path[1]])
    if producer is None:
        return None
    inner = getattr(producer.spec, "inner", None)
    where = ("layers", producer.index) + (("layer",) if inner is not None else ())
    return set_key(ctx, where, "return_sequences", "true")


def fix_key(ctx: FixContext, diag) -> Edit | None:
    """LS301: rename a misspelt key to its one close match."""
    path, source = diag.yaml_path, ctx.source
    if not path or not isinstance(path[-1], str) or path not in source.key_spans:
        return None
    _, mapping = data_at(source.data, path[:-1])
    fields = [f for f in owner_fields(source.data, path[:-1]) if f != "type"]
    guess = unique_match(path[-1], fields)
    if guess is None or not isinstance(mapping, dict) or guess in mapping:
        return None
    start, end = ctx.lines.slice(source.key_spans[path])
    return replace_scalar(source.text, start, end, guess)


def fix_type(ctx: FixContext, diag) -> Edit | None:
    """LS302: correct a misspelt layer type to its one close match, or a Keras 2 class
    (CuDNNLSTM) to its Keras 3 type."""
    path, source = diag.yaml_path, ctx.source
    _, value = data_at(source.data, path)
    if not path or path[-1] != "type" or not isinstance(value, str):
        return None
    guess = KERAS2_TYPES.get(value) or unique_match(value, LAYER_TYPES)
    if guess is None or path not in source.value_spans:
        return None
    start, end = ctx.lines.slice(source.value_spans[path])
    return replace_scalar(source.text, start, end, guess)


def is_bool_field(info) -> bool:
    annotation = info.annotation
    return annotation is bool or annotation == Optional[bool]


def fix_bool(ctx: FixContext, diag) -> Edit | None:
    """LS303: `yes`/`no`/`on`/`off` written (unquoted) for a boolean -> true/false."""
    path, source = diag.yaml_path, ctx.source
    where, value = data_at(source.data, path)
    if where != path or not isinstance(value, str) or value not in YAML11_BOOLEANS:
        return None
    info = owner_fields(source.data, path[:-1]).get(path[-1]) if isinstance(path[-1], str) else None
    if info is None or not is_bool_field(info) or path not in source.value_spans:
        return None
    start, end = ctx.lines.slice(source.value_spans[path])
    if source.text[start:end] != value:  # quoted: the author wrote text on purpose
        return None
    return Edit(start, end, str(YAML11_BOOLEANS[value]).lower())


def fix_unknown_key(ctx: FixContext, diag) -> Edit | None:
    """LS301: move a misplaced key where it belongs, or rename a misspelt one."""
    return fix_misplaced(ctx, diag) or fix_key(ctx, diag)


FIXERS = {
    "LS102": fix_return_sequences,
    "LS301": fix_unknown_key,
    "LS302": fix_type,
    "LS303": fix_bool,
    # a warning whose fix has one answer: the cross-entropy loss says the outputs are meant to
    # be probabilities, so the activation that makes them so is certain
    "LS412": carry_out,
}
