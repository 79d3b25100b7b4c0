"""The values a model's last layer can output, as a closed interval (low, high): for lint's
check that the head can reach its targets (LS430) and for the synthetic targets of a smoke
run, which are drawn inside it. From keras/src/activations/activations.py with the default
arguments; a minimum that is not a round number is rounded outwards (never a false alarm).
"""

from __future__ import annotations

INF = float("inf")
ANY = (-INF, INF)
ACTIVATION_RANGES = {
    "linear": ANY, "leaky_relu": ANY, "soft_shrink": ANY, "hard_shrink": ANY,
    "tanh_shrink": ANY, "relu": (0.0, INF), "relu6": (0.0, 6.0), "elu": (-1.0, INF),
    "celu": (-1.0, INF), "selu": (-1.7581, INF), "gelu": (-0.1700, INF),
    "silu": (-0.2785, INF), "swish": (-0.2785, INF), "mish": (-0.3089, INF),
    "hard_silu": (-0.375, INF), "hard_swish": (-0.375, INF), "softplus": (0.0, INF),
    "squareplus": (0.0, INF), "sparse_plus": (0.0, INF), "exponential": (0.0, INF),
    "softsign": (-1.0, 1.0), "tanh": (-1.0, 1.0), "hard_tanh": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0), "sparse_sigmoid": (0.0, 1.0),
    "softmax": (0.0, 1.0), "sparsemax": (0.0, 1.0), "log_sigmoid": (-INF, 0.0),
    "log_softmax": (-INF, 0.0),
}


def activation_range(name: str | None) -> tuple:
    return ACTIVATION_RANGES.get(name or "linear", ANY)


def layer_range(spec) -> tuple:
    """What one layer can output; ANY for a layer whose output is not bounded by an
    activation (a normalisation, an attention, a merge)."""
    inner = getattr(spec, "inner", None)
    if spec.COPIES > 1:
        return merged(layer_range(inner), spec.merge_mode)
    if inner is not None:  # TimeDistributed
        return layer_range(inner)
    if "activation" not in type(spec).model_fields:
        return ANY
    low, high = activation_range(spec.activation)
    if spec.GATED_OUTPUT:
        # LSTM: h = o * act(c), o in (0, 1); GRU: a mix of act(...) and the state, from 0
        return min(low, 0.0), max(high, 0.0)
    return low, high


def merged(inner: tuple, mode: str) -> tuple:
    low, high = inner
    if mode == "sum":
        return 2 * low, 2 * high
    if mode == "mul":
        ends = [a * b for a in (low, high) for b in (low, high) if INF not in (abs(a), abs(b))]
        return ANY if len(ends) < 4 else (min(ends), max(ends))
    return inner  # concat, ave


def output_range(specs) -> tuple[tuple, int | None]:
    """(the range of the stack's outputs, the index of the layer that decides it)."""
    for index in range(len(specs) - 1, -1, -1):
        if not specs[index].KEEPS_RANGE:
            return layer_range(specs[index]), index
    return ANY, None


def bounded(span: tuple) -> bool:
    return span != ANY
