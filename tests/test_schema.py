"""The committed JSON Schema: fresh, accepted by every valid example, documented throughout."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lstmspec.lint import lint_file, lint_text
from lstmspec.validation.json_schema import REGENERATE, build_schema, schema_text
from lstmspec.source.yaml_source import load_bytes
from lstmspec.spec.layers import LAYER_TYPES, layer_class

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "lstmspec.schema.json"
EXAMPLES = sorted(path for path in (ROOT / "examples").rglob("*.y*ml")
                  if path.suffix in (".yaml", ".yml")
                  and path.relative_to(ROOT / "examples").parts[0] != "data")


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_fresh():
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == schema_text(), (
        f"schemas/lstmspec.schema.json is stale: regenerate it with `{REGENERATE}`")


def test_schema_is_a_valid_draft_2020_12_schema(validator):
    assert validator.schema["$schema"].endswith("2020-12/schema")


def test_there_are_examples():
    assert EXAMPLES, "no examples/*.yaml found: the schema must be checked against examples"


def test_some_examples_are_valid():
    assert any(lint_file(str(path)).ok for path in EXAMPLES), "no example lints without errors"


def test_valid_examples_match_the_schema(validator):
    assert EXAMPLES, "no examples/*.yaml found"
    errors = []
    for path in EXAMPLES:
        result = lint_file(str(path))
        if not result.ok:  # a deliberately broken example: only valid ones must pass
            continue
        errors += [f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                   for e in validator.iter_errors(result.source.data)]
    assert not errors, errors


def test_every_example_carries_the_schema_modeline():
    assert EXAMPLES, "no examples/*.yaml found"
    for path in EXAMPLES:
        head = path.read_text(encoding="utf-8").splitlines()[:3]
        assert any("yaml-language-server: $schema=" in line for line in head), path.name


REJECTED = {
    "unknown key": "  - {type: LSTM, units: 4, return_sequence: true}\n",
    "unknown layer type": "  - {type: Lstm, units: 4}\n",
    "units as text": "  - {type: LSTM, units: '4'}\n",
    "yes is not a boolean": "  - {type: LSTM, units: 4, return_sequences: yes}\n",
    "units 0": "  - {type: Dense, units: 0}\n",
    "rate 1.0": "  - {type: Dropout, rate: 1.0}\n",
    "missing units": "  - {type: GRU}\n",
    "Bidirectional over Dense": "  - {type: Bidirectional, layer: {type: Dense, units: 2}}\n",
    "unknown activation": "  - {type: Dense, units: 2, activation: relux}\n",
}


@pytest.mark.parametrize("layers", REJECTED.values(), ids=REJECTED.keys())
def test_schema_rejects_what_lint_rejects_as_ls3(layers, validator):
    text = "input:\n  shape: [30, 1]\nlayers:\n" + layers
    codes = {d.code for d in lint_text(text).diagnostics}
    assert codes and all(code.startswith("LS3") for code in codes), codes
    data = load_bytes(text.encode(), "<test>").data
    assert list(validator.iter_errors(data)), "the schema accepted a config lint rejects"


def test_every_layer_type_is_in_the_schema(schema):
    titles = {entry.get("title") for entry in schema["$defs"].values()}
    assert set(LAYER_TYPES) <= titles
    items = schema["properties"]["layers"]["items"]["oneOf"]
    assert len(items) == len(LAYER_TYPES)


def test_every_layer_type_and_argument_has_a_description():
    doc = build_schema()
    missing = []
    for type_name in LAYER_TYPES:
        entry = doc["$defs"][layer_class(type_name).__name__]
        if len(entry.get("description", "")) < 20:
            missing.append(type_name)
        for name, prop in entry["properties"].items():
            if len(prop.get("description", "")) < 10:
                missing.append(f"{type_name}.{name}")
    assert not missing, f"add a docstring under these fields: {missing}"


def test_every_section_and_field_has_a_description():
    doc = build_schema()
    missing = [key for key, prop in doc["properties"].items() if not prop.get("description")]
    for def_name, entry in doc["$defs"].items():
        for name, prop in entry.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{def_name}.{name}")
    assert not missing, f"add a docstring under these fields: {missing}"
