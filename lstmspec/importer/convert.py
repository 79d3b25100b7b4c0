"""`lstmspec import`: a Keras model (.keras archive or model.to_json() text) -> an lstmspec config.

The model's JSON config is read as plain data (zipfile + json): nothing is unpickled, no Keras
or TensorFlow is imported, no weights are loaded. Each layer maps onto its spec by argument
name; arguments at their default are left out, and anything lstmspec cannot express (a
regularizer, a custom layer, a branch in a functional model) is a clear error naming the layer.
The result is linted before it is returned, so an import never yields a config that fails.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import dataclass

from .graph import (
    MASK_OPS, GraphProblem, graph_layers, input_names, is_chain, layer_name, tensor_list,
)
from ..inference.naming import snake_case
from ..spec.layers import LAYER_TYPES, layer_class, types_where
from ..source.yamlwrite import dump

MAX_CONFIG_BYTES = 20_000_000
ANY = object()
# Keras config keys that lstmspec has no field for, with the value they must have (ANY: any
# value is fine, the key changes nothing that lstmspec builds).
NEUTRAL = {
    "zero_output_for_mask": ANY, "implementation": ANY, "time_major": False,
    "input_length": ANY, "renorm_momentum": ANY, "data_format": "channels_last", "groups": 1,
    "axis": -1, "rms_scaling": False, "synchronized": False, "renorm": False,
    "beta_initializer": "zeros", "gamma_initializer": "ones",
    "moving_mean_initializer": "zeros", "moving_variance_initializer": "ones",
    "use_gate": False,  # MultiHeadAttention
}
NULL_ONLY = re.compile(r".*_(regularizer|constraint)$|^(quantization_config|noise_shape|"
                       r"renorm_clipping|lora_rank|lora_alpha|sliding_window|"
                       r"flash_attention)$")
# Initializer class -> (lstmspec name, its default config, Keras 3.15 get_config()).
INITIALIZERS = {
    "GlorotUniform": ("glorot_uniform", {}), "GlorotNormal": ("glorot_normal", {}),
    "HeUniform": ("he_uniform", {}), "HeNormal": ("he_normal", {}),
    "LecunUniform": ("lecun_uniform", {}), "LecunNormal": ("lecun_normal", {}),
    "Orthogonal": ("orthogonal", {"gain": 1.0}),
    "VarianceScaling": ("variance_scaling", {"scale": 1.0, "mode": "fan_in",
                                             "distribution": "truncated_normal"}),
    "RandomNormal": ("random_normal", {"mean": 0.0, "stddev": 0.05}),
    "RandomUniform": ("random_uniform", {"minval": -0.05, "maxval": 0.05}),
    "TruncatedNormal": ("truncated_normal", {"mean": 0.0, "stddev": 0.05}),
    "Zeros": ("zeros", {}), "Ones": ("ones", {}), "Identity": ("identity", {"gain": 1.0}),
}
ALIASES = {"uniform": "random_uniform", "normal": "random_normal", "zero": "zeros", "one": "ones"}
AUTO_MODEL_NAME = re.compile(r"^(sequential|functional|model)(_[0-9]+)?$")


class ImportProblem(Exception):
    """The model cannot be imported: a one-line message that names the layer and the reason
    (LS417, exit status 1)."""

    code = "LS417"
    status = 1


@dataclass(frozen=True)
class Imported:
    text: str  # the config, as YAML with a comment header
    diagnostics: list  # lint warnings of the imported config (errors make an ImportProblem)


def read_model(path: str) -> tuple[dict, str | None]:
    """The model's config and the Keras version that saved it (None when not recorded)."""
    if zipfile.is_zipfile(path):
        return read_archive(path)
    with open(path, "rb") as handle:
        head = handle.read(MAX_CONFIG_BYTES + 1)
    if head.startswith(b"\x89HDF"):
        raise ImportProblem("this is a legacy HDF5 (.h5) file: load it in Keras and save it as "
                            ".keras (model.save('model.keras')), or pass model.to_json() output")
    if len(head) > MAX_CONFIG_BYTES:
        raise ImportProblem(f"the file is over {MAX_CONFIG_BYTES:,} bytes: not a model config")
    config = model_config(parse_json(head, os.path.basename(path)), os.path.basename(path))
    version = config.get("keras_version")
    return config, version if isinstance(version, str) else None


def read_archive(path: str) -> tuple[dict, str | None]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "config.json" not in names:
            raise ImportProblem("this zip file has no config.json: it is not a .keras model")
        for name in ("config.json", "metadata.json"):
            if name in names and archive.getinfo(name).file_size > MAX_CONFIG_BYTES:
                raise ImportProblem(f"{name} is over {MAX_CONFIG_BYTES:,} bytes")
        config = model_config(parse_json(archive.read("config.json"), "config.json"),
                              "config.json")
        meta = parse_json(archive.read("metadata.json"), "metadata.json") \
            if "metadata.json" in names else {}
    version = meta.get("keras_version") if isinstance(meta, dict) else None
    return config, version if isinstance(version, str) else None


MAX_DEPTH = 200  # a Keras model's config nests a few tens of levels deep


def parse_json(raw: bytes, name: str):
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ImportProblem(f"{name} is not JSON ({type(err).__name__}): pass a .keras file "
                            "or the text of model.to_json()") from None
    except RecursionError:
        value = too_deep  # a marker: deeper than Python's own recursion limit
    if value is too_deep or too_deep(value):
        raise ImportProblem(f"{name} nests deeper than {MAX_DEPTH} levels, which no Keras "
                            "model's config does: pass a .keras file or the text of "
                            "model.to_json()")
    return value


def too_deep(value) -> bool:
    """Whether the JSON value nests deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item \
            if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False


def model_config(data, name: str) -> dict:
    if not isinstance(data, dict) or "class_name" not in data or "config" not in data:
        raise ImportProblem(f"{name} is not a Keras model config (no class_name/config)")
    return data


def model_body(config: dict) -> dict:
    kind, body = config["class_name"], config["config"]
    if kind not in ("Sequential", "Functional", "Model") or not isinstance(body, dict):
        raise ImportProblem(f"the model is a {kind}: only Sequential and functional models "
                            "can be imported")
    return body


def without_mask_ops(layers: list) -> tuple[list, set]:
    """The layers less the NotEqual/Any op nodes Keras 3 inserts after a Masking layer, and
    those nodes' names (graph.py)."""
    ops = {layer_name(la) for la in layers if la.get("class_name") in MASK_OPS}
    return [la for la in layers if layer_name(la) not in ops], ops


def stack_of(config: dict) -> tuple[dict, list, str | None]:
    """(input layer config, [layer configs in order], model name) of a plain stack."""
    body = model_body(config)
    layers, _ = without_mask_ops(list(body.get("layers") or []))
    inputs = [la for la in layers if la.get("class_name") == "InputLayer"]
    first = inputs[0]["config"] if inputs else None
    if first is None:
        shape = (config.get("build_config") or {}).get("input_shape")
        if not shape:
            raise ImportProblem("the model records no input shape: build it (keras.Input or "
                                "model.build) before saving")
        first = {"batch_shape": shape}
    return first, [la for la in layers if la.get("class_name") != "InputLayer"], body.get("name")


def functional_graph(config: dict) -> dict | None:
    """The graph config of a functional model that is not a plain stack (None for a stack)."""
    body = model_body(config)
    if config["class_name"] == "Sequential":
        return None
    layers, ops = without_mask_ops(list(body.get("layers") or []))
    if any(isinstance(node, list) for la in layers for node in la.get("inbound_nodes") or []):
        check_chain(layers)  # Keras 2's format: stacks only
        return None
    inputs = tensor_list(body.get("input_layers"))
    outputs = tensor_list(body.get("output_layers"))
    real = [la for la in layers if la.get("class_name") != "InputLayer"]
    try:
        if is_chain(real, ops, inputs, outputs):
            return None
        names = input_names(inputs)
        firsts = {layer_name(la): la["config"] for la in layers
                  if la.get("class_name") == "InputLayer"}
        out = {"version": 1}
        add_name(out, body.get("name"))
        out["inputs"] = {name: input_section(firsts[name]) for name in names}
        out["layers"], out["outputs"] = graph_layers(
            real, ops, outputs, lambda la, i: convert_layer(la, f"layer {i}"))
        return out
    except GraphProblem as err:
        raise ImportProblem(str(err)) from None


def add_name(out: dict, name) -> None:
    if isinstance(name, str) and not AUTO_MODEL_NAME.match(name) and \
            re.fullmatch(r"[A-Za-z0-9_.\-]{1,128}", name):
        out["name"] = name


def inbound_name(layer: dict) -> str | None:
    """The one layer that `layer` takes its input from (Keras 3 and Keras 2 formats)."""
    nodes = layer.get("inbound_nodes") or []
    if len(nodes) != 1:
        return None
    node = nodes[0]
    if isinstance(node, dict):  # Keras 3: {"args": [keras tensor], "kwargs": {...}}
        args = node.get("args") or []
        extra = {k: v for k, v in (node.get("kwargs") or {}).items() if v not in (None, False)}
        if len(args) != 1 or extra or not isinstance(args[0], dict):
            return None
        history = (args[0].get("config") or {}).get("keras_history") or [None]
        return history[0]
    if isinstance(node, list) and len(node) == 1 and isinstance(node[0], list):  # Keras 2
        return node[0][0]
    return None


def check_chain(layers: list) -> None:
    previous = None
    for layer in layers:
        name = layer.get("name") or (layer.get("config") or {}).get("name")
        if layer.get("class_name") != "InputLayer" and inbound_name(layer) != previous:
            raise ImportProblem(f"layer '{name}' does not simply take the output of the layer "
                                f"before it ('{previous}'): only a single stack of layers can "
                                "be imported")
        previous = name


def keras_value(value, room: int = 80) -> str:
    """A Keras config value as a person reads it: a serialised object as `L2(l2=0.01)`, a plain
    value as JSON; never cut mid-token (past `room` characters: the class name and `...`)."""
    if isinstance(value, dict) and isinstance(value.get("class_name"), str):
        config = value.get("config") if isinstance(value.get("config"), dict) else {}
        args = ", ".join(f"{k}={json.dumps(v)}" for k, v in config.items()
                         if not isinstance(v, (dict, list)))
        text = f"{value['class_name'][:40]}({args})"
        return text if len(text) <= room else f"{value['class_name'][:40]}(...)"
    text = json.dumps(value)
    return text if len(text) <= room else f"a {type(value).__name__} value"


def initializer(value, where: str) -> str:
    if isinstance(value, str):
        return ALIASES.get(value, value)
    kind, config = value.get("class_name"), value.get("config") or {}
    if kind not in INITIALIZERS:
        raise ImportProblem(f"{where} uses the initializer {kind}, which lstmspec cannot express")
    name, defaults = INITIALIZERS[kind]
    changed = {k: v for k, v in config.items() if v is not None and defaults.get(k, None) != v}
    if changed:
        shown = keras_value({"class_name": kind, "config": changed})
        raise ImportProblem(f"{where} uses {shown}: lstmspec names initializers only with "
                            "their default settings")
    return name


def neutral(key: str, value) -> bool:
    if key == "attention_axes":  # MultiHeadAttention over (batch, timesteps, features): [1]
        return value in (None, 1, [1])
    if NULL_ONLY.match(key):
        return value is None
    wanted = NEUTRAL.get(key, KeyError)
    if wanted is ANY:
        return True
    if isinstance(value, dict) and "class_name" in value:
        value = initializer(value, key)
    return value == wanted or (key == "axis" and value == [-1])


def convert(key: str, value, field, where: str):
    """A Keras config value -> the value lstmspec writes for that field."""
    if key.endswith("initializer"):
        return initializer(value, where)
    if isinstance(value, list) and key in ("kernel_size", "strides", "dilation_rate", "pool_size") \
            and len(value) == 1:
        value = value[0]
    if key == "activation" and value == "linear" and field.default is None:
        return None
    return value


def same(key: str, value, default) -> bool:
    if key.endswith("initializer") and isinstance(default, str):
        return ALIASES.get(value, value) == ALIASES.get(default, default)
    return value == default and type(value) is type(default) or (
        isinstance(value, float) and isinstance(default, float) and value == default)


def layer_args(kind: str, config: dict, where: str) -> dict:
    fields = layer_class(kind).model_fields
    out = {}
    for key, value in config.items():
        if key in ("name", "layer", "backward_layer"):
            continue
        if key == "trainable":
            if value is False:
                raise ImportProblem(f"{where} is frozen (trainable: false), which lstmspec "
                                    "configs cannot express")
        elif key == "dtype":
            policy = value.get("config", {}).get("name") if isinstance(value, dict) else value
            if policy not in (None, "float32"):
                raise ImportProblem(f"{where} computes in {policy}: lstmspec layers use float32")
        elif key in fields:
            value = convert(key, value, fields[key], where)
            if not same(key, value, fields[key].default):
                out[key] = value
        elif not neutral(key, value):
            raise ImportProblem(f"{where} sets {key} to {keras_value(value)}, which lstmspec "
                                f"configs cannot express: leave {key} unset in the Keras model")
    pool = out.get("pool_size", fields["pool_size"].default) if "pool_size" in fields else None
    if pool is not None and out.get("strides") == pool:
        del out["strides"]  # Keras stores strides = pool_size; lstmspec's default says the same
    return {key: out[key] for key in fields if key in out}  # in the spec's order


def looks_auto(name, kind: str) -> bool:
    """A name Keras made up (`lstm`, `lstm_3`, `forward_lstm`): left out of the config."""
    return not isinstance(name, str) or bool(
        re.fullmatch(rf"(forward_)?{re.escape(snake_case(kind))}(_[0-9]+)?", name))


def convert_layer(layer: dict, where: str, allowed=LAYER_TYPES) -> dict:
    kind = layer.get("class_name")
    config = layer.get("config") or {}
    name = config.get("name")
    where = f"{where} '{name}' ({kind})"
    if kind not in allowed or layer.get("registered_name") not in (None, kind):
        supported = ", ".join(allowed)
        raise ImportProblem(f"{where} is not a layer type lstmspec supports here; supported: "
                            f"{supported}")
    out = {"type": kind}
    if not looks_auto(name, kind) and re.fullmatch(r"[A-Za-z0-9_.\-]{1,128}", name):
        out["name"] = name.removeprefix("forward_") if where.startswith("the wrapped") else name
    out.update(layer_args(kind, config, where))
    wrapper = layer_class(kind)
    if wrapper.WRAPPER:
        inner_allowed = types_where(wrapper.wraps)
        out["layer"] = convert_layer(config.get("layer") or {}, "the wrapped layer", inner_allowed)
        check_backward(config, out["layer"], where)
    return out


def check_backward(config: dict, inner: dict, where: str) -> None:
    """Bidirectional: the backward layer must be Keras's own mirror of the forward one."""
    backward = config.get("backward_layer")
    if backward is None:
        return
    kind = inner["type"]

    def args(layer: dict) -> dict:
        body = {k: v for k, v in (layer.get("config") or {}).items() if k != "go_backwards"}
        return layer_args(kind, body, where)

    if backward.get("class_name") != kind or args(backward) != args(config["layer"]):
        raise ImportProblem(f"{where} has a backward layer that differs from its forward layer, "
                            "which lstmspec cannot express")


def input_section(first: dict) -> dict:
    shape = first.get("batch_shape") or first.get("batch_input_shape")
    if not isinstance(shape, list) or not shape:
        raise ImportProblem("the model's input shape is not recorded")
    out = {"shape": list(shape[1:])}
    if shape[0] is not None:
        out["batch_size"] = shape[0]
    dtype = first.get("dtype") or "float32"
    dtype = dtype.get("config", {}).get("name") if isinstance(dtype, dict) else dtype
    if dtype != "float32":
        out["dtype"] = dtype
    return out


def to_config(config: dict) -> dict:
    graph = functional_graph(config)
    if graph is not None:
        return graph
    first, layers, name = stack_of(config)
    if not layers:
        raise ImportProblem("the model has no layers")
    out = {"version": 1}
    add_name(out, name)
    out["input"] = input_section(first)
    out["layers"] = [convert_layer(la, f"layer {i}") for i, la in enumerate(layers)]
    return out


def import_model(path: str) -> Imported:
    """Read, convert and lint; raises ImportProblem (and OSError for an unreadable file)."""
    from ..lint import lint_text

    config, version = read_model(path)
    data = to_config(config)
    source = os.path.basename(path)
    header = [f"Imported by `lstmspec import` from {source} "
              f"({'Keras ' + version if version else 'Keras version not recorded'}).",
              "Arguments at their Keras defaults are left out."]
    text = dump(data, header)
    result = lint_text(text, source)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors:
        first = errors[0]
        raise ImportProblem(f"the imported config does not lint: {first.code} {first.message}")
    return Imported(text, result.diagnostics)
