"""The JSON Schema works in every validator, and says what lint says.

- check-jsonschema, in its default mode (patterns checked as ECMA-262 with the unicode flag),
  loads the committed schema and validates the examples;
- every pattern of the schema compiles as an ECMA-262 regular expression (with and without the
  unicode flag: yaml-language-server and ajv use either), by `regress`, the engine
  check-jsonschema uses;
- over the fuzz corpus (tests/fuzz_inputs.py: the seeds and examples, their byte mutations,
  random configs) and perturbations of its values (a whole number written 32.0, text for a
  number, a list for a name...), the schema's verdict is lint's schema-level verdict (LS3xx,
  or LS008 for a document that is no mapping), except where a config breaks the one rule
  JSON Schema cannot state: the fractions of data.split adding up to 1.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from fuzz_inputs import corpus, mutate, random_config

from lstmspec.source.yaml_source import load_bytes
from lstmspec.validation.config import validate

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "lstmspec.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
PALETTE = [32.0, 1.0, 0.5, -1, 0, 2, "x", "relu", True, None, 1e9, [], {}, [1, 2], "", 10**7]


def patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value
            elif key == "patternProperties":
                yield from value
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


@pytest.mark.parametrize("flags", ["u", ""])
def test_every_pattern_is_an_ecma_262_regex(flags):
    regress = pytest.importorskip("regress", reason="regress comes with check-jsonschema "
                                  "(the test extra)")
    found = sorted(set(patterns(SCHEMA)))
    assert len(found) >= 8
    for pattern in found:
        regress.Regex(pattern, flags)  # raises on a pattern ECMA-262 refuses


@pytest.mark.subprocess
def test_check_jsonschema_default_mode_accepts_the_schema_and_the_examples(tmp_path):
    program = shutil.which("check-jsonschema")
    if program is None:
        pytest.skip("check-jsonschema is not installed (pip install '.[test]')")
    good = tmp_path / "good.yaml"
    good.write_text("input: {shape: [30, 1]}\nlayers:\n  - {type: LSTM, units: 32.0}\n"
                    "  - {type: Dense, units: 1}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("input: {shape: [30, 1]}\nlayers:\n  - {type: Lstm, units: 4}\n")
    from lstmspec.lint import lint_file

    clean = [str(p) for p in sorted((ROOT / "examples").rglob("*.yaml"))
             if "data" not in p.parts and lint_file(str(p)).ok]
    assert len(clean) >= 5
    done = subprocess.run([program, "--schemafile", str(SCHEMA_FILE), str(good), *clean],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    refused = subprocess.run([program, "--schemafile", str(SCHEMA_FILE), str(bad)],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "schemafile was not valid" not in refused.stdout


def lint_refuses(data) -> bool:
    found = validate(data).findings
    return any(f.code.startswith("LS3") or f.code == "LS008" for f in found)


def split_beyond_one(data) -> bool:
    """The constraint JSON Schema cannot state: data.split's fractions add up to at most 1."""
    split = data.get("data", {}).get("split") if isinstance(data, dict) and isinstance(
        data.get("data"), dict) else None
    if not isinstance(split, dict):
        return False
    parts = [split.get(k) for k in ("train", "validation", "test")]
    numbers = [p for p in parts if isinstance(p, (int, float)) and not isinstance(p, bool)]
    return sum(numbers) > 1


def leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, path + (index,))
    if path:
        yield path


def replaced(data, path, value):
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def fuzz_documents(seed: int = 26):
    rng = random.Random(seed)
    raws = []
    for raw in corpus():
        raws += [raw] + [mutate(rng, raw) for _ in range(15)]
    raws += [random_config(rng) for _ in range(250)]
    documents = [s.data for s in (load_bytes(raw, "fuzz.yaml") for raw in raws) if s.ok]
    perturbed = []
    for data in documents:
        paths = list(leaves(data))
        for _ in range(3 if paths else 0):
            perturbed.append(replaced(data, rng.choice(paths), rng.choice(PALETTE)))
    return documents + perturbed


@pytest.mark.slow
def test_the_schema_and_lint_agree_over_the_fuzz_corpus():
    documents = fuzz_documents()
    assert len(documents) > 1500
    disagree, refused = [], 0
    for data in documents:
        by_lint, by_schema = lint_refuses(data), not VALIDATOR.is_valid(data)
        refused += by_lint
        if by_lint != by_schema and not split_beyond_one(data):
            disagree.append((by_lint, by_schema, json.dumps(data)[:300]))
    assert refused > len(documents) // 4  # the corpus holds plenty of both verdicts
    assert disagree == []


@pytest.mark.parametrize("written, units", [("32.0", 32), ("1.0", 1), ("1e3", 1000)])
def test_a_whole_number_with_a_zero_fraction_is_that_number(written, units):
    """JSON Schema's integers include 32.0, and so do lint's; Keras is given the int."""
    from lstmspec.lint import lint_text

    result = lint_text(f"input: {{shape: [10, 2]}}\nlayers:\n  - {{type: Dense, units: {written}}}\n")
    assert result.diagnostics == [] and result.model is not None
    assert result.inference.layers[0].spec.keras_arguments() == {"units": units}
    assert type(result.inference.layers[0].spec.units) is int
    half = lint_text("input: {shape: [10, 2]}\nlayers:\n  - {type: Dense, units: 32.5}\n")
    assert [(d.code, d.span.line, d.span.column) for d in half.diagnostics] == [
        ("LS303", 3, 26)]
