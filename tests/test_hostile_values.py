"""Values that cannot hurt: strict types and bounds on every number of the format, messages that
never echo a huge input, and nothing that a config names is ever imported or run."""

from __future__ import annotations

import ast
import json
import os
import pathlib

import pytest
from hostile_support import lint, write

import lstmspec
from lstmspec.lint import lint_text
from lstmspec.validation.json_schema import build_schema
from lstmspec.spec.layers import LAYER_TYPES, layer_class

PACKAGE = pathlib.Path(lstmspec.__file__).parent
SCHEMA = build_schema()
BAD_FOR_NUMBERS = ('"64"', "true", ".inf", "-.inf", ".nan")
BAD_FOR_INTEGERS = BAD_FOR_NUMBERS + ("64.5",)


def resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def alternatives(node: dict) -> list[dict]:
    node = resolve(node)
    # a oneOf beside `properties` (the top level's input-or-inputs) only says what is required
    choices = None if "properties" in node else node.get("anyOf") or node.get("oneOf")
    return [resolve(c) for c in choices] if choices else [node]


def slots(node: dict, path: tuple, found: list, kinds=("integer", "number")) -> None:
    """Every place in a config where a value of one of `kinds` goes: (path, kind)."""
    for alt in alternatives(node):
        kind = alt.get("type")
        if kind in kinds:
            found.append((path, kind))
        elif kind == "array" and "items" in alt:
            slots(alt["items"], path + (0,), found, kinds)
        elif kind == "object":
            for name, prop in alt.get("properties", {}).items():
                if name not in ("layers", "layer"):  # layers: below, one type at a time
                    slots(prop, path + (name,), found, kinds)


def all_slots(kinds) -> list[tuple]:
    found: list = []
    slots(SCHEMA, (), found, kinds)
    for type_name in LAYER_TYPES:
        layer_found: list = []
        slots({"$ref": f"#/$defs/{layer_class(type_name).__name__}"}, ("layers", 0),
              layer_found, kinds)
        found += [(path, kind, type_name) for path, kind in layer_found]
    return [s if len(s) == 3 else (*s, None) for s in found]


def emit(value) -> str:
    """Flow-style YAML; a RawToken is written as is (`.inf`, `true`, a quoted string)."""
    if isinstance(value, RawToken):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {emit(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(emit(v) for v in value) + "]"
    return json.dumps(value)


class RawToken(str):
    pass


def config_with(path: tuple, token: str, layer_type: str | None) -> str:
    """A config where `token` sits at `path` (other keys may be missing: their errors are
    elsewhere)."""
    value = RawToken(token)
    for part in reversed(path):
        value = [value] if isinstance(part, int) else {part: value}
    doc = {"input": {"shape": [10, 2]}, "layers": [{"type": "Dense", "units": 1}]}
    if layer_type is not None:
        value["layers"][0] = {"type": layer_type, **value["layers"][0]}
    doc.update(value)
    return "\n".join(f"{k}: {emit(v)}" for k, v in doc.items()) + "\n"


NUMBER_SLOTS = all_slots(("integer", "number"))


def test_slots_cover_every_layer_and_section():
    types = {t for _, _, t in NUMBER_SLOTS if t}
    assert types >= {"LSTM", "GRU", "SimpleRNN", "Dense", "Embedding", "Conv1D", "Reshape",
                     "Masking", "Dropout", "BatchNormalization", "RepeatVector", "Permute"}
    tops = {p[0] for p, _, t in NUMBER_SLOTS if t is None}
    assert tops >= {"input", "compile", "data", "train"}


def expected_code(path: tuple, kind: str, token: str) -> str:
    """`version` has its own code (LS306). Where a number goes, .inf/.nan is the right type out
    of range (LS304); anywhere else the value has the wrong type (LS303): text, a boolean, and
    where a whole number goes also a fraction or .inf/.nan (a whole number has no infinity)."""
    if path == ("version",):
        return "LS306"
    if kind == "number" and token.lstrip("-") in (".inf", ".nan"):
        return "LS304"
    return "LS303"


@pytest.mark.parametrize("path,kind,layer_type", NUMBER_SLOTS,
                         ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v))
def test_every_number_is_strictly_typed(path, kind, layer_type):
    """`"64"`, `true`, `.inf`, `.nan` are refused wherever a number goes; `64.5` wherever a whole
    number goes. The finding is at that value."""
    for token in BAD_FOR_INTEGERS if kind == "integer" else BAD_FOR_NUMBERS:
        text = config_with(path, token, layer_type)
        result = lint_text(text)
        # an item of an `int | list[int]` union (kernel_size: [3]) is reported on the list
        places = (path, path[:-1]) if isinstance(path[-1], int) else (path,)
        at = [d for d in result.diagnostics if d.yaml_path in places]
        assert [d.code for d in at] == [expected_code(path, kind, token)], (text, at)
        span = result.source.span(at[0].yaml_path)
        assert (at[0].span.line, at[0].span.column) == (span.line, span.column)


def unbounded(node, where=()) -> list:
    bad = []
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number") and "const" not in node \
                and "enum" not in node:
            low = "minimum" in node or "exclusiveMinimum" in node
            high = "maximum" in node or "exclusiveMaximum" in node
            if not (low and high):
                bad.append("/".join(map(str, where)))
        for key, value in node.items():
            bad += unbounded(value, where + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            bad += unbounded(value, where + (index,))
    return bad


def test_every_number_in_the_schema_has_both_bounds():
    assert unbounded(SCHEMA) == []


STRING_SLOTS = all_slots(("string",))
HUGE = "a" * 9000


@pytest.mark.parametrize("path,kind,layer_type", STRING_SLOTS,
                         ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v))
def test_a_9000_character_value_gives_a_short_message(path, kind, layer_type):
    result = lint_text(config_with(path, json.dumps(HUGE), layer_type))
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        assert HUGE[:50] not in diagnostic.message + (diagnostic.fix or ""), diagnostic.message
        assert len(diagnostic.message) < 600 and len(diagnostic.fix or "") < 300


@pytest.mark.subprocess
def test_huge_keys_and_types_give_short_messages(tmp_path):
    text = ("input: {shape: [10, 2]}\nlayers:\n  - type: " + "L" * 9000 + "\n"
            "  - type: Dense\n    units: 1\n    ? " + "k" * 9000 + "\n    : 1\n")
    run = lint(write(tmp_path, "huge.yaml", text))
    assert run.triples == [("LS302", 3, 11), ("LS301", 6, 7)]
    assert len(run.stdout) < 2000


# -- nothing runs that a config names --------------------------------------------------------

FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve",
                     "subprocess", "joblib"}
FORBIDDEN_ATTRIBUTES = {"unsafe_load", "full_load", "load_all", "system", "popen",
                        "model_from_json", "model_from_yaml", "model_from_config",
                        "deserialize_keras_object", "load_model", "execv", "execvp", "spawnv"}
# Every import_module in the package, by its argument: registry lookups only.
ALLOWED_IMPORTS = {
    'f"{__name__}.{LAYER_MODULES[type_name]}"',
    "f'{__name__}.{LAYER_MODULES[type_name]}'",
    'f"{__name__}.{REPORTERS[name]}"',
    "f'{__name__}.{REPORTERS[name]}'",
    "f'{__name__}.{COMMANDS[name][0]}'",  # cli/__init__.py: the command registry
    "f'{__name__}.{SECTION_RULES[i]}'",  # rules/__init__.py: the section-rule registry
}


def package_sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text("utf-8"))


def call_name(node: ast.Call) -> tuple[str | None, str | None]:
    func = node.func
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        return owner, func.attr
    return None, None


def dangerous(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            found += [f"import {n}" for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
        if not isinstance(node, ast.Call):
            continue
        owner, name = call_name(node)
        if owner is None and name in FORBIDDEN_NAMES:
            found.append(f"{name}()")
        if name in FORBIDDEN_ATTRIBUTES:
            found.append(f"{owner}.{name}()")
        if owner == "yaml" and name == "load":
            found.append("yaml.load()")
        if name == "import_module" and ast.unparse(node.args[0]) not in ALLOWED_IMPORTS:
            found.append(f"import_module({ast.unparse(node.args[0])})")
        if owner in ("np", "numpy") and name == "load":
            keyword = {k.arg: k.value for k in node.keywords}.get("allow_pickle")
            if not (isinstance(keyword, ast.Constant) and keyword.value is False):
                found.append("np.load() without allow_pickle=False")
    return found


def test_no_code_execution_or_unsafe_deserialization_in_the_package():
    problems = {path: found for path, tree in package_sources() if (found := dangerous(tree))}
    assert problems == {}


def test_the_check_catches_what_it_looks_for():
    sample = ast.parse("import pickle\neval('1')\nyaml.load(t)\nyaml.unsafe_load(t)\n"
                       "importlib.import_module(user_text)\nnp.load(p)\n"
                       "keras.saving.load_model(p)\n")
    assert len(dangerous(sample)) == 7


def test_text_search_finds_no_dangerous_spelling():
    """A plain text search too, for what the AST walk could miss (strings passed around)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text("utf-8")
        for needle in ("allow_pickle=True", "unsafe_load", "UnsafeLoader", "FullLoader",
                       "Loader=yaml.Loader", "safe_mode=False", "enable_unsafe_deserialization"):
            assert needle not in text, f"{path}: {needle}"


def test_layer_classes_come_only_from_the_registry():
    for type_name in LAYER_TYPES:
        assert layer_class(type_name).KERAS_CLASS == type_name


@pytest.mark.parametrize("field,value,code", [
    ("type", "Lambda", "LS302"), ("type", "os.system", "LS302"),
    ("type", "keras.layers.Lambda", "LS302"), ("type", "__import__", "LS302"),
    ("activation", "os.system", "LS304"), ("activation", "keras.activations.relu", "LS304"),
    ("kernel_initializer", "builtins.eval", "LS304"),
])
@pytest.mark.subprocess
def test_names_outside_the_allow_lists_are_refused(tmp_path, field, value, code):
    layer = {"type": "Dense", "units": 1, field: value}
    text = "input: {shape: [10, 2]}\nlayers:\n  - " + emit(layer) + "\n"
    run = lint(write(tmp_path, "names.yaml", text), cwd=str(tmp_path))
    assert run.returncode == 1 and [t[0] for t in run.triples] == [code]
    assert os.listdir(tmp_path) == ["names.yaml"]


def test_the_not_printable_class_is_the_complement_of_yaml_printable():
    """text_file writes the refused characters as a small class (fast to compile); it must
    be exactly the complement of YAML 1.2's printable set, over every code point."""
    import re

    from lstmspec.source.text_file import _NOT_PRINTABLE, PRINTABLE

    every = "".join(map(chr, range(0x110000)))
    assert _NOT_PRINTABLE.findall(every) == re.findall(f"[^{PRINTABLE}]", every)
