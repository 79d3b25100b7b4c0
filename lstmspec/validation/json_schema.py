"""The JSON Schema of the format, generated from the Pydantic models (for editors and CI).

Layers are validated one by one through the registry, so the generated document is assembled
here: `layers` items are one of the layer models, and each wrapper's `layer` one of the types
it may wrap. Field descriptions come from the attribute docstrings in the spec modules; they
are read here, only when a schema is asked for, so that `lint` does not pay for parsing the
sources of the models it builds (pydantic's `use_attribute_docstrings` would, every run).
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
import typing

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..spec.layers import LAYER_TYPES, layer_class, types_where
from ..spec.config import ModelSpec

REGENERATE = "lstmspec schema > schemas/lstmspec.schema.json"


def _ref(type_name: str) -> dict:
    return {"$ref": f"#/$defs/{layer_class(type_name).__name__}"}


def class_docstrings(cls: type) -> dict[str, str]:
    """`field: type` followed by a string literal, in the class body -> {field: text}."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):  # no source (frozen app): no descriptions
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for node, after in zip(body, body[1:]):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def field_docstrings(cls: type[BaseModel]) -> dict[str, str]:
    """Attribute docstrings of a model and its bases (a subclass's own text wins)."""
    docs: dict[str, str] = {}
    for base in reversed(cls.__mro__):
        if isinstance(base, type) and issubclass(base, BaseModel) and base is not BaseModel:
            docs.update(class_docstrings(base))
    return {name: text for name, text in docs.items() if name in cls.model_fields}


def nested_models(annotation, found: dict) -> None:
    """Every pydantic model class reachable through an annotation (Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation.__name__ not in found:
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                nested_models(info.annotation, found)
        return
    for arg in typing.get_args(annotation):
        nested_models(arg, found)


def describe_fields(defs: dict, models: dict) -> None:
    """Put each field's docstring into its property, unless a description is already set."""
    for def_name, entry in defs.items():
        cls = models.get(def_name)
        if cls is None:
            continue
        docs = field_docstrings(cls)
        for name, prop in entry.get("properties", {}).items():
            if name in docs and "description" not in prop:
                prop["description"] = docs[name]


def build_schema() -> dict:
    classes = [layer_class(t) for t in LAYER_TYPES]
    _, doc = models_json_schema([(ModelSpec, "validation")] + [(c, "validation") for c in classes],
                                ref_template="#/$defs/{model}")
    defs = doc["$defs"]
    models: dict = {}
    for cls in [ModelSpec, *classes]:
        nested_models(cls, models)
    describe_fields(defs, models)
    root = defs.pop("ModelSpec")
    layers = root["properties"]["layers"]
    layers["items"] = {"oneOf": [_ref(t) for t in LAYER_TYPES]}
    for cls in classes:
        entry = defs[cls.__name__]
        entry["title"] = cls.KERAS_CLASS
        entry["properties"]["type"]["description"] = (
            f"The layer class, by its Keras name: keras.layers.{cls.KERAS_CLASS}.")
        if cls.WRAPPER:
            inner = types_where(cls.wraps)
            described = entry["properties"]["layer"].get("description", "")
            entry["properties"]["layer"] = {"description": described,
                                            "oneOf": [_ref(t) for t in inner]}
    root["oneOf"] = [{"required": ["input"], "not": {"required": ["inputs"]}},
                     {"required": ["inputs"], "not": {"required": ["input"]}}]
    names_by_pattern(root)
    data_rules(defs["DataSpec"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "lstmspec config",
        **{k: v for k, v in root.items() if k != "title"},
        "$defs": dict(sorted(defs.items())),
    }


def data_rules(entry: dict) -> None:
    """What DataSpec's validators check, said in the schema: each kind's keys and required
    keys (the tables of spec/sections/data.py), each column once, and a decimal comma with
    another delimiter. The fractions of `split` adding up to 1 cannot be said."""
    from ..spec.sections.data import KIND_KEYS, REQUIRED

    every = set().union(*KIND_KEYS.values())
    entry["allOf"] = [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                       "then": {"required": list(REQUIRED[kind]),
                                "properties": {**{key: False for key in sorted(every - set(keys))},
                                               **{key: {"not": {"type": "null"}}
                                                  for key in REQUIRED[kind]}}}}
                      for kind, keys in KIND_KEYS.items()]
    entry["allOf"].append({"if": {"properties": {"decimal": {"const": ","}},
                                  "required": ["decimal"]},
                           "then": {"required": ["delimiter"],
                                    "properties": {"delimiter": {"not": {"const": ","}}}}})
    for key in ("features", "targets", "calendar"):
        for branch in entry["properties"].get(key, {}).get("anyOf", []):
            if branch.get("type") == "array":
                branch["uniqueItems"] = True


def names_by_pattern(node) -> None:
    """pydantic writes the key pattern of a dict (`inputs`' names) as patternProperties, which
    lets a key that does not match through unchecked: say it as propertyNames too."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "propertyNames" in node:
            node["propertyNames"]["pattern"] = next(iter(patterns))
        for value in node.values():
            names_by_pattern(value)
    elif isinstance(node, list):
        for value in node:
            names_by_pattern(value)


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"
