"""A seeded, reproducible generator of layer stacks (config dicts) for the Keras parity tests.

Two sources: targeted families (stackgen_families.py, stackgen_arguments.py: every situation
the static inference must get right, with small combinatorial grids for the wrappers and the
convolution arithmetic) and seeded random walks that mostly fit the current shape and
sometimes, on purpose, do not. Sizes stay tiny (units <= 8, lengths <= 12) so that Keras builds
each stack in milliseconds.

Values that the schema rejects on purpose although Keras accepts them silently (dropout 1.5,
merge_mode null, Dropout rate 1.0) are never generated: the contract, not Keras, decides those,
and other tests cover them. Schema-invalid values that Keras refuses too are generated.
"""

from __future__ import annotations

import random
from math import prod

from lstmspec.inference.naming import snake_case
from lstmspec.spec.shapes import ShapeError
from lstmspec.spec.layers import layer_class, types_where

LAYER_TYPES = types_where(lambda cls: cls.INPUTS is None)  # the multi-input ones: graphgen.py's
WRAPPER_TYPES = types_where(lambda cls: cls.WRAPPER)
from lstmspec.validation.config import validate_layer

import stackgen_arguments as more
import stackgen_families as fam
from stackgen_families import cfg, lay

FAMILIES = (fam.ranks, fam.unknown_dims, fam.conv_grid, fam.pool_grid, fam.reshape_permute,
            fam.stateful_and_states, fam.duplicate_names, fam.bidirectional_grid,
            fam.time_distributed_grid, more.weights, more.normalisation, more.global_pooling,
            more.dtypes, more.masks, more.batch_sizes, more.schema_refused)
SEED = 20261128
RANDOM_STACKS = 400

RECURRENT = ("LSTM", "GRU", "SimpleRNN")
PLAIN_TYPES = tuple(t for t in LAYER_TYPES if t not in WRAPPER_TYPES)
ACTS = ["tanh", "relu", "sigmoid", "linear", "softmax", "gelu", "elu", "hard_sigmoid", "selu",
        "swish", None]
INITS = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_normal",
         "lecun_uniform", "orthogonal", "identity", "random_normal", "random_uniform",
         "truncated_normal", "uniform", "normal", "zeros", "ones", "variance_scaling"]
KERNEL3D_INITS = [i for i in INITS if i != "identity"]
# identity/orthogonal need a 2D weight: Keras refuses them for a 1D bias (kept rare).
BIAS_INITS = ["zeros", "ones", "one", "zero", "random_uniform", "he_normal", "glorot_uniform"] * 6 \
    + ["identity", "orthogonal"]
RNN_POOL = {
    "units": list(range(1, 9)), "activation": ACTS, "use_bias": [True, False],
    "kernel_initializer": INITS, "recurrent_initializer": INITS, "bias_initializer": BIAS_INITS,
    "dropout": [0.0, 0.1, 0.5], "recurrent_dropout": [0.0, 0.25], "return_sequences": [True, False],
    "go_backwards": [False, False, True], "unroll": [False, False, True], "seed": [None, 7, 1234],
}
POOLS = {
    "LSTM": {**RNN_POOL, "recurrent_activation": ["sigmoid", "hard_sigmoid", "tanh"],
             "unit_forget_bias": [True, False]},
    "GRU": {**RNN_POOL, "recurrent_activation": ["sigmoid", "hard_sigmoid", "relu"],
            "reset_after": [True, False]},
    "SimpleRNN": RNN_POOL,
    "Dense": {"units": list(range(1, 9)), "activation": ACTS, "use_bias": [True, False],
              "kernel_initializer": INITS, "bias_initializer": BIAS_INITS},
    "Embedding": {"input_dim": [2, 5, 11, 20], "output_dim": list(range(1, 9)),
                  "mask_zero": [True, False], "embeddings_initializer": INITS},
    "Dropout": {"rate": [0.0, 0.2, 0.5, 0.9], "seed": [None, 3]},
    # Not rate 0: TimeDistributed(SpatialDropout1D(rate=0)) on 3D input is a no-op that Keras
    # runs although the wrapped layer gets 2D input; lint keeps to the documented rank there.
    "SpatialDropout1D": {"rate": [0.1, 0.3, 0.6], "seed": [None, 5]},
    "GaussianNoise": {"stddev": [0.0, 0.1, 1.0], "seed": [None, 9]},
    "Masking": {"mask_value": [0.0, -1.0, 2.5]},
    "Bidirectional": {"merge_mode": ["concat", "sum", "mul", "ave"]},
    "TimeDistributed": {},
    "RepeatVector": {"n": [1, 2, 3, 5]},
    "Flatten": {},
    "Reshape": {},
    "Permute": {},
    "Conv1D": {"filters": list(range(1, 9)), "kernel_size": [1, 2, 3, [3], 4, 5],
               "strides": [1, 1, 2, [1], 3], "padding": ["valid", "same", "causal"],
               "dilation_rate": [1, 1, 2, [1]], "activation": ACTS, "use_bias": [True, False],
               "kernel_initializer": KERNEL3D_INITS, "bias_initializer": BIAS_INITS},
    "MaxPooling1D": {"pool_size": [1, 2, 3, [2], 4], "strides": [None, 1, 2, [2], 3],
                     "padding": ["valid", "same"]},
    "GlobalAveragePooling1D": {"keepdims": [True, False]},
    "LayerNormalization": {"epsilon": [1e-3, 1e-5, 0.1], "center": [True, False],
                           "scale": [True, False]},
    "BatchNormalization": {"momentum": [0.99, 0.9, 0.0], "epsilon": [1e-3, 1e-5, 0.01],
                           "center": [True, False], "scale": [True, False]},
    "Activation": {"activation": ACTS},
}
POOLS["AveragePooling1D"] = POOLS["MaxPooling1D"]
POOLS["GlobalMaxPooling1D"] = POOLS["GlobalAveragePooling1D"]
SHAPE_ARGS = {"Reshape", "Permute"}  # their arguments depend on the current shape
# Weights of the types that fit a rank (recurrent layers are what this project is about).
FIT = {
    2: {"Dense": 4, "RepeatVector": 3, "Dropout": 1, "GaussianNoise": 1, "Activation": 1,
        "LayerNormalization": 1, "BatchNormalization": 1, "Flatten": 1, "Reshape": 2,
        "Permute": 1, "Masking": 1, "Embedding": 1},
    3: {"LSTM": 5, "GRU": 4, "SimpleRNN": 3, "Bidirectional": 4, "TimeDistributed": 3,
        "Conv1D": 3, "MaxPooling1D": 2, "AveragePooling1D": 2, "GlobalAveragePooling1D": 2,
        "GlobalMaxPooling1D": 2, "SpatialDropout1D": 1, "Dense": 2, "Dropout": 1,
        "GaussianNoise": 1, "Activation": 1, "LayerNormalization": 1, "BatchNormalization": 1,
        "Flatten": 2, "Reshape": 1, "Permute": 1, "Masking": 1, "Embedding": 1},
    4: {"TimeDistributed": 6, "Dense": 2, "Flatten": 2, "Reshape": 2, "Permute": 1,
        "Dropout": 1, "LayerNormalization": 1, "BatchNormalization": 1, "Masking": 1},
}
WEIGHT_NEEDS_LAST = {"Dense", "LayerNormalization", "BatchNormalization", "LSTM", "GRU",
                     "SimpleRNN", "Bidirectional", "Conv1D"}


def required(type_name: str) -> list[str]:
    fields = layer_class(type_name).model_fields
    return [f for f, info in fields.items() if info.is_required() and f not in ("type", "layer")]


def next_shape(layer: dict, shape: tuple):
    """The output shape lstmspec infers, or None when it finds a problem (guidance only:
    Keras, not this, is the judge in the parity test)."""
    spec, _ = validate_layer(layer, ("layers", 0))
    if spec is None:
        return None
    try:
        out = spec.infer(shape)
    except ShapeError:
        return None
    return None if out.extra_outputs else out.output


def reshape_target(rng: random.Random, shape: tuple) -> list[int]:
    rest = shape[1:]
    if None in rest or not rest:
        return rng.choice([[-1], [2, -1], [-1, 3], [4, 2]])
    size = prod(rest)
    if rng.random() < 0.12:
        return [size + 1] if rng.random() < 0.5 else [5, -1] if size % 5 else [size, 2]
    factors = [d for d in range(2, size + 1) if size % d == 0] or [1]
    first = rng.choice(factors)
    target = [first, size // first] if rng.random() < 0.6 else [size]
    if rng.random() < 0.4:
        target[rng.randrange(len(target))] = -1
    return target


def permute_dims(rng: random.Random, shape: tuple) -> list[int]:
    count = len(shape) - 1
    if rng.random() < 0.08 or count < 1:
        count = max(1, count + rng.choice([-1, 1]))
    dims = list(range(1, count + 1))
    rng.shuffle(dims)
    return dims


def plain_args(rng: random.Random, type_name: str, shape: tuple, last: bool) -> dict:
    pool = POOLS[type_name]
    args = {k: rng.choice(pool[k]) for k in required(type_name) if k in pool}
    for key in pool:
        if key not in args and rng.random() < 0.4:
            args[key] = rng.choice(pool[key])
    if type_name == "Reshape":
        args["target_shape"] = reshape_target(rng, shape)
    if type_name == "Permute":
        args["dims"] = permute_dims(rng, shape)
    if type_name in RECURRENT:
        stateful_odds = 0.3 if shape and shape[0] is not None else 0.03
        if rng.random() < stateful_odds:
            args["stateful"] = True
        if rng.random() < (0.3 if last else 0.02):
            args["return_state"] = True
    return args


def pick_type(rng: random.Random, shape: tuple, plain: bool) -> str:
    if rng.random() < 0.1:
        return rng.choice(PLAIN_TYPES if plain else LAYER_TYPES)
    weights = dict(FIT.get(len(shape), {"Dense": 1, "Flatten": 1, "Reshape": 1}))
    if shape and shape[-1] is None:
        weights = {t: w for t, w in weights.items() if t not in WEIGHT_NEEDS_LAST} or {"Flatten": 1}
    if plain:
        weights = {t: w for t, w in weights.items() if t not in WRAPPER_TYPES} or {"Dense": 1}
    names = sorted(weights)
    return rng.choices(names, [weights[n] for n in names])[0]


def random_layer(rng: random.Random, shape: tuple, last: bool, plain: bool = False) -> dict:
    type_name = pick_type(rng, shape, plain)
    if type_name == "TimeDistributed":
        child = (shape[0],) + tuple(shape[2:])
        return lay("TimeDistributed", layer=random_layer(rng, child, last, plain=True))
    if type_name == "Bidirectional":
        kind = rng.choice(RECURRENT)
        inner = lay(kind, **plain_args(rng, kind, shape, last))
        if rng.random() < 0.9:  # Keras refuses an inner layer with go_backwards: true
            inner.pop("go_backwards", None)
        return lay("Bidirectional", layer=inner, **plain_args(rng, "Bidirectional", shape, last))
    return lay(type_name, **plain_args(rng, type_name, shape, last))


def random_input(rng: random.Random) -> tuple[list, int | None, str | None]:
    batch = rng.choice([None, None, None, 2, 4])
    kind = rng.random()
    if kind < 0.15:
        return [rng.randint(2, 12)], batch, rng.choice(["int32", "int64"])
    steps = rng.choice([None, 1, 2, 3, 5, 8, 12])
    if kind < 0.75:
        shape = [steps, rng.randint(1, 6)]
    elif kind < 0.9:
        shape = [rng.randint(1, 8)]
    else:
        shape = [steps, rng.randint(1, 4), rng.randint(1, 4)]
    return shape, batch, rng.choice([None] * 8 + ["float16", "bfloat16"])


def name_layers(rng: random.Random, layers: list[dict]) -> None:
    """Give a few layers a name: mostly unique, sometimes one Keras also generates."""
    for index, layer in enumerate(layers):
        if rng.random() < 0.1:
            other = rng.choice(layers)["type"]
            clash = rng.choice(["input_layer", snake_case(other), snake_case(other) + "_1"])
            layer["name"] = clash if rng.random() < 0.4 else f"my_{index}_{snake_case(other)}"


def random_stack(rng: random.Random) -> dict:
    shape, batch, dtype = random_input(rng)
    current = (batch,) + tuple(shape)
    depth, layers = rng.randint(1, 5), []
    if dtype and dtype.startswith("int"):
        layers.append(lay("Embedding", **plain_args(rng, "Embedding", current, depth == 1)))
        current = next_shape(layers[0], current)
    while current is not None and len(layers) < depth:
        layer = random_layer(rng, current, len(layers) == depth - 1)
        layers.append(layer)
        current = next_shape(layer, current)
    name_layers(rng, layers)
    return cfg(shape, layers, batch_size=batch, dtype=dtype)


def stacks(seed: int = SEED, random_count: int = RANDOM_STACKS) -> list[tuple[str, dict]]:
    """(id, config) pairs: the targeted families, then the random walks; same seed, same list."""
    rng = random.Random(seed)
    out = []
    for family in FAMILIES:
        for label, config in family(rng):
            out.append((f"{len(out):03d}-{label}", config))
    for _ in range(random_count):
        out.append((f"{len(out):03d}-random", random_stack(rng)))
    return out


def layers_of(config: dict):
    """Every layer mapping of a config, wrapped ones included."""
    for layer in config["layers"]:
        while isinstance(layer, dict):
            yield layer
            layer = layer.get("layer")
