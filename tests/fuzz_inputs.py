"""Input generators shared by tests/test_fuzz.py (hypothesis) and tools/fuzz_campaign.py (random):
YAML token soup, byte mutations of real configs, and structurally valid random configs built
from the layer registry and the JSON Schema. Each takes a `random.Random`-like `rng`."""

from __future__ import annotations

import json
import pathlib

from lstmspec.validation.json_schema import build_schema
from lstmspec.spec.layers import layer_class, types_where

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMA = build_schema()

SEEDS = [
    b"input: {shape: [30, 1]}\nlayers:\n  - type: LSTM\n    units: 64\n    return_sequences: true\n"
    b"  - type: LSTM\n    units: 32\n  - type: Dense\n    units: 1\n",
    b"# yaml-language-server: $schema=../schemas/lstmspec.schema.json\nversion: 1\nname: tagger\n"
    b"input: {shape: [20], dtype: int32}\nlayers:\n  - {type: Embedding, input_dim: 100, "
    b"output_dim: 8, mask_zero: true}\n  - type: Bidirectional\n    merge_mode: concat\n"
    b"    layer: {type: GRU, units: 16, return_sequences: true}\n  - type: TimeDistributed\n"
    b"    layer: {type: Dense, units: 3, activation: softmax}\n",
    b"input:\n  shape: [null, 8]\n  batch_size: 4\nlayers:\n  - {type: Conv1D, filters: 4, "
    b"kernel_size: 3, padding: causal}\n  - {type: MaxPooling1D, pool_size: 2}\n  - type: SimpleRNN"
    b"\n    units: 5\n    stateful: true\ncompile: {optimizer: {name: adam, learning_rate: 1e-3}, "
    b"loss: mse}\n",
]

TOKENS = [
    "- ", ": ", "\n", "  ", "    ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "!!str ",
    "!!python/object/apply:os.system ", "!t ", "? ", "---\n", "...\n", "|\n", ">-\n", "'", '"',
    "# c\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "<<: ", "layers", "input", "shape", "type",
    "LSTM", "Dense", "Bidirectional", "layer", "units", "return_sequences", "1e-3", "0755",
    ".inf", ".nan", "~", "null", "yes", "on", "true", "0x1F", "0o17", "-1", "0", "64",
    "2024-02-30", "\t", "\\", "\\e", "\\x00", "\\u202e", "\ufeff", "\u202e", "\x85", "\u2028",
    "é", "😀", "\r\n",
    "9" * 120, "a" * 300, "[" * 70, "]" * 70, "- " * 70,
]


def examples() -> list[pathlib.Path]:
    return sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".yaml", ".yml"))


def corpus() -> list[bytes]:
    return SEEDS + [p.read_bytes() for p in examples()]


def token_soup(rng, count: int = 40) -> bytes:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, count))).encode(
        "utf-8", "surrogatepass")


def mutate(rng, raw: bytes, steps: int = 4) -> bytes:
    """Flip, insert, delete, duplicate or splice bytes; insert YAML tokens."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, steps)):
        at = rng.randint(0, len(data))
        op = rng.randrange(6)
        if op == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[at:at] = bytes([rng.randrange(256)])
        elif op == 2:
            del data[at:at + rng.randint(1, 8)]
        elif op == 3:
            data[at:at] = rng.choice(TOKENS).encode("utf-8")
        elif op == 4 and data:
            start = rng.randrange(len(data))
            data[at:at] = data[start:start + rng.randint(1, 40)]
        else:
            other = rng.choice(SEEDS)
            cut = rng.randint(0, len(other))
            data = data[:at] + other[cut:]
    return bytes(data)


def resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def number(rng, node: dict, integer: bool):
    low = node.get("minimum", node.get("exclusiveMinimum", 0))
    high = node.get("maximum", node.get("exclusiveMaximum", 100))
    if integer:
        low, high = int(low) + ("exclusiveMinimum" in node), int(high) - (
            "exclusiveMaximum" in node)
        small = min(high, low + 16)
        return rng.randint(low, small if rng.random() < 0.9 else max(low, high))
    top = min(high, low + 2.0) if rng.random() < 0.9 else high
    value = rng.uniform(low, top)
    if ("exclusiveMinimum" in node and value <= low) or (
            "exclusiveMaximum" in node and value >= high):
        value = (low + top) / 2
    return value


def value_for(rng, node: dict, depth: int = 0):
    """A value that the schema node allows (mostly), from its enum, type and bounds."""
    node = resolve(node)
    choices = node.get("anyOf") or node.get("oneOf")
    if choices:
        return value_for(rng, rng.choice(choices), depth)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return rng.choice(node["enum"])
    kind = node.get("type")
    if kind == "null":
        return None
    if kind == "boolean":
        return rng.random() < 0.5
    if kind in ("integer", "number"):
        return number(rng, node, kind == "integer")
    if kind == "string":
        return rng.choice(["x", "layer_1", "a.b-c", "data.csv"])
    if kind == "array":
        low, high = node.get("minItems", 0), min(node.get("maxItems", 4), 4)
        return [value_for(rng, node.get("items", {}), depth + 1)
                for _ in range(rng.randint(low, max(low, high)))]
    if kind == "object" and depth < 4:
        return {k: value_for(rng, v, depth + 1) for k, v in node.get("properties", {}).items()
                if k in node.get("required", ()) or rng.random() < 0.3}
    return None


# A random stack: the layer types that join several tensors, and the keys that wire a graph,
# belong to graphs (tests/graphgen.py draws those); here they would only stop inference.
STACK_TYPES = types_where(lambda cls: cls.INPUTS is None)
GRAPH_KEYS = ("from", "initial_state")


def random_layer(rng, allowed=STACK_TYPES) -> dict:
    type_name = rng.choice(list(allowed))
    node = resolve({"$ref": f"#/$defs/{layer_class(type_name).__name__}"})
    layer = {"type": type_name}
    for key, prop in node["properties"].items():
        if key == "type" or key in GRAPH_KEYS or (
                key not in node.get("required", ()) and rng.random() < 0.6):
            continue
        if key == "layer":
            inner = [resolve(r)["title"] for r in prop["oneOf"]]
            layer[key] = random_layer(rng, inner)
        else:
            layer[key] = value_for(rng, prop)
    return layer


def random_config(rng) -> bytes:
    rank = rng.choice([1, 2, 2, 2, 3])
    shape = [rng.choice([None, rng.randint(1, 40)]) for _ in range(rank)]
    doc: dict = {"input": {"shape": shape}}
    if rng.random() < 0.3:
        doc["input"]["batch_size"] = rng.randint(1, 64)
    if rng.random() < 0.3:
        doc["input"]["dtype"] = rng.choice(["float32", "int32", "float16"])
    doc["layers"] = [random_layer(rng) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.3:
        doc["name"] = "fuzz-model"
    return json.dumps(doc).encode()  # JSON is YAML
