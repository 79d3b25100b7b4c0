"""The JSON Schema of the format, generated from the Pydantic models (for editors and CI).

Layers are validated one by one through the registry, so the generated document is assembled
here: `layers` items are one of the layer models, and each wrapper's `layer` one of the types
it may wrap.
"""

from __future__ import annotations

import json

from pydantic.json_schema import models_json_schema

from .spec.layers import LAYER_TYPES, WRAPPER_TYPES, layer_class
from .spec.model import ModelSpec

SCHEMA_ID = "https://lstmspec.dev/schemas/lstmspec.schema.json"


def _ref(type_name: str) -> dict:
    return {"$ref": f"#/$defs/{layer_class(type_name).__name__}"}


def build_schema() -> dict:
    classes = [layer_class(t) for t in LAYER_TYPES]
    _, doc = models_json_schema([(ModelSpec, "validation")] + [(c, "validation") for c in classes],
                                ref_template="#/$defs/{model}")
    defs = doc["$defs"]
    root = defs.pop("ModelSpec")
    layers = root["properties"]["layers"]
    layers["items"] = {"oneOf": [_ref(t) for t in LAYER_TYPES]}
    for cls in classes:
        entry = defs[cls.__name__]
        entry["title"] = cls.KERAS_CLASS
        if cls.KERAS_CLASS in WRAPPER_TYPES:
            inner = cls.INNER_TYPES or [t for t in LAYER_TYPES if t not in WRAPPER_TYPES]
            described = entry["properties"]["layer"].get("description", "")
            entry["properties"]["layer"] = {"description": described,
                                            "oneOf": [_ref(t) for t in inner]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "lstmspec config",
        **{k: v for k, v in root.items() if k != "title"},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"
