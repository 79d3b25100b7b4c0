"""Shape arithmetic as pure functions of tuples (batch axis included); no pydantic, no Keras."""

from __future__ import annotations

from math import prod
from typing import NamedTuple

Shape = tuple  # of int | None, batch axis first


def fmt(shape: Shape) -> str:
    """(None, 30, 1), the way Keras prints shapes."""
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def count(number, noun: str) -> str:
    """'1 feature', '64 features' (for --explain's sentences)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Inferred(NamedTuple):  # a NamedTuple: immutable, and cheap to define at start-up
    """What a layer does: its output shape and its weights (Keras's count_params split)."""

    output: Shape
    trainable: int = 0
    non_trainable: int = 0
    extra_outputs: tuple = ()  # the final states of a recurrent layer with return_state

    @property
    def outputs(self) -> tuple:
        return (self.output,) + self.extra_outputs

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable


class ShapeError(Exception):
    """Keras would refuse to build the layer. ``field`` is the argument to point at, if any;
    ``fix`` is one change that works, written so that it can be carried out as written
    (`set padding: same`), and ``advice`` (default: the fix) is what the message says, with
    the other ways out."""

    def __init__(self, code: str, message: str, field: str | tuple | None = None,
                 fix: str | None = None, advice: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field, self.fix = code, message, field, fix
        self.advice = advice or fix


class InputsError(ShapeError):
    """A multi-input layer's inputs do not fit together. ``inputs`` are the positions (in
    `from`) of the inputs at fault, so that inference can name the references that brought
    them; ``want`` is the last-axis size that would fit, for the last of them, if one would."""

    def __init__(self, code: str, message: str, inputs: tuple, want: int | None = None,
                 field: str | tuple | None = None, fix: str | None = None,
                 advice: str | None = None):
        super().__init__(code, message, field=field, fix=fix, advice=advice)
        self.inputs, self.want = inputs, want


class RankError(ShapeError):
    """The input has the wrong number of axes; inference/stack.py names the layer that produced it."""

    def __init__(self, shape: Shape, expected: str, meaning: str = ""):
        self.shape, self.expected, self.meaning = shape, expected, meaning
        # a sequence needed and a vector given is LS102 (TimeDistributed's "at least 3D" too)
        needs_sequence = expected == "3D" or (expected == "at least 3D" and len(shape) == 2)
        super().__init__("LS102" if needs_sequence else "LS101",
                         f"expects {expected} input{' ' + meaning if meaning else ''} "
                         f"but receives {fmt(shape)}")


RANK_MEANING = {3: "(batch, timesteps, features)", 2: "(batch, features)"}


def expect_rank(shape: Shape, rank: int) -> Shape:
    if len(shape) != rank:
        raise RankError(shape, f"{rank}D", RANK_MEANING.get(rank, ""))
    return shape


def expect_min_rank(shape: Shape, rank: int) -> Shape:
    if len(shape) < rank:
        raise RankError(shape, f"at least {rank}D", "")
    return shape


def known_last(shape: Shape, layer: str) -> int:
    """Layers whose weights depend on the last axis need it known (Dense, LSTM, norms...)."""
    last = shape[-1] if shape else None
    if last is None:
        raise ShapeError("LS103", f"needs the last axis of its input to be known, to size its "
                         f"weights, but receives {fmt(shape)}: give a fixed size to that axis "
                         f"(in input.shape, or with a layer that sets it)")
    return last


# Initializers that need a matrix: `identity` a 2D weight, `orthogonal` one of 2 or more axes
# (keras/src/initializers/constant_initializers.py Identity.__call__,
# keras/src/initializers/random_initializers.py Orthogonal.__call__).
MATRIX_INITIALIZERS = ("identity", "orthogonal")


def check_vector_bias(initializer: str, use_bias: bool) -> None:
    """Keras refuses a matrix initializer for a 1D bias when it builds the layer."""
    if use_bias and initializer in MATRIX_INITIALIZERS:
        raise ShapeError("LS105", f"cannot initialize its bias vector with {initializer}, which "
                         "needs a matrix (Keras refuses it when it builds the layer)",
                         field="bias_initializer",
                         fix="set bias_initializer: zeros",
                         advice="use bias_initializer: zeros (the default), or use_bias: false")


def flat_size(dims) -> int | None:
    """Product of the dimensions, None when any is unknown."""
    return None if any(d is None for d in dims) else prod(dims)


def conv_length(length: int | None, kernel: int, stride: int, padding: str,
                dilation: int = 1) -> int | None:
    """Output length of a 1D convolution or pooling (keras/src/ops/operation_utils.py
    compute_conv_output_shape / compute_pooling_output_shape)."""
    if length is None:
        return None
    if padding == "valid":
        span = (kernel - 1) * dilation + 1
        return (length - span) // stride + 1
    return (length - 1) // stride + 1  # same, causal
