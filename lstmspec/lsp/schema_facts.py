"""What the spec's models say of a place in a config: the model that validates a mapping, its
keys with their Keras defaults and docstrings, and the values a key may take."""

from __future__ import annotations

import typing
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

from ..fix.fixers import is_layer_path
from ..spec.config import ModelSpec
from ..spec.layers import LAYER_TYPES, layer_class
from .locate import value_at


class Key(NamedTuple):
    name: str  # as a config writes it (the alias: `from`)
    default: str  # the Keras default as YAML, or "required"
    doc: str
    values: tuple  # the values it may take, when they are few (Literal, bool)


def layer_model(raw: Any) -> type | None:
    kind = raw.get("type") if isinstance(raw, dict) else None
    return layer_class(kind) if isinstance(kind, str) and kind in LAYER_TYPES else None


def models_in(annotation) -> list:
    """The pydantic models an annotation holds (through Optional, Union, Annotated); for a
    dict, those of its values, marked by a leading None (a key of the config's own comes
    first on the path)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict and len(args) == 2:
        inner = models_in(args[1])
        return [None, *inner] if inner else []
    if origin is list:
        return []
    return [m for arg in args for m in models_in(arg)]


def pick(models: list, raw: Any):
    """Of a union of models, the one whose `type` literal is the raw mapping's `type`."""
    kind = raw.get("type") if isinstance(raw, dict) else None
    for model in models:
        field = model.model_fields.get("type")
        if field is not None and kind in typing.get_args(field.annotation):
            return model
    return models[0] if models else None


def owner_model(data: Any, mapping_path: tuple) -> type | None:
    """The model that validates the mapping at `mapping_path` of the raw config."""
    if is_layer_path(mapping_path):
        return layer_model(value_at(data, mapping_path))
    model, pending_key = ModelSpec, False
    for depth, part in enumerate(mapping_path):
        if pending_key:  # the key of a dict of models (an input's name)
            pending_key = False
            continue
        info = by_alias(model).get(part) if isinstance(part, str) else None
        found = models_in(info.annotation) if info is not None else []
        if not found:
            return None
        pending_key = found[0] is None
        found = [m for m in found if m is not None]
        model = pick(found, value_at(data, mapping_path[:depth + 2] if pending_key
                                     else mapping_path[:depth + 1]))
    return None if pending_key else model


def by_alias(model) -> dict:
    return {info.alias or name: info for name, info in model.model_fields.items()}


@lru_cache(maxsize=None)
def docstrings(model) -> dict:
    from ..validation.json_schema import field_docstrings  # reads the spec's source once

    return field_docstrings(model)


def yaml_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, BaseModel):
        return "{" + ", ".join(f"{k}: {yaml_text(v)}" for k, v in value.model_dump().items()
                               if v is not None) + "}"
    return str(value)


def default_of(info) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        return yaml_text(info.default_factory())
    return yaml_text(info.default)


def choices(annotation) -> tuple:
    """The values a field may take when the schema lists them (Literal, bool)."""
    if annotation is bool:
        return (True, False)
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    return tuple(v for arg in typing.get_args(annotation) for v in choices(arg))


def keys_of(model) -> list[Key]:
    docs = docstrings(model)
    return [Key(info.alias or name, default_of(info),
                docs.get(name) or info.description or "", choices(info.annotation))
            for name, info in model.model_fields.items()]


def key_facts(data: Any, mapping_path: tuple, key: str) -> tuple[type, Key] | None:
    model = owner_model(data, mapping_path)
    if model is None:
        return None
    found = next((k for k in keys_of(model) if k.name == key), None)
    return (model, found) if found else None

