"""ScoredAttentionSpec: what Attention and AdditiveAttention share, the [query, value, key]
call and its shape rules (keras/src/layers/attention/attention.py)."""

from __future__ import annotations

from typing import ClassVar

from ..base import LayerSpec
from ..shapes import Inferred, InputsError, Shape, fmt
from ..vocab import Rate
from .merge import check_arity, common_batch

ROLES = ("query", "value", "key")


def sequence_inputs(shapes) -> None:
    """Keras builds attention over inputs of any rank; unless each is (batch, timesteps,
    features) with known features, it fails on the first batch or, measured with Keras 3.15,
    reads the batch axis of a 2D input as timesteps: each sample's output then depends on the
    other samples of its batch."""
    for i, shape in enumerate(shapes):
        if len(shape) != 3 or shape[-1] is None:
            raise InputsError("LS129", f"needs its {ROLES[i]} as (batch, timesteps, features) "
                              f"with known features, but it is {fmt(shape)} (Keras builds "
                              "this, then fails on the first batch or mixes the samples of a "
                              "batch)", (i,))


def query_key_sizes(shapes) -> None:
    """The scores compare query and key feature by feature: their last axes must be equal."""
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) > 2 else value
    k = 2 if len(shapes) > 2 else 1
    if query[-1] != key[-1]:
        raise InputsError("LS129", f"compares the query's {query[-1]} features with the "
                          f"{ROLES[k]}'s {key[-1]}: they must be equal (Keras builds this and "
                          "fails on the first batch)", (0, k), want=query[-1])
    if len(shapes) > 2 and None not in (value[1], key[1]) and value[1] != key[1]:
        raise InputsError("LS129", f"weighs {value[1]} value timesteps with scores over "
                          f"{key[1]} key timesteps: value and key must have the same number "
                          "of timesteps", (1, 2))


class ScoredAttentionSpec(LayerSpec):
    """Attention of a query sequence over a value sequence (keyed by `key`, default value).

    Input shape: [query (batch, Tq, dim), value (batch, Tv, dv)] or [..., key (batch, Tv, dim)].
    Output shape: (batch, Tq, dv).
    """

    INPUTS: ClassVar[tuple[int, int]] = (2, 3)
    INPUT_ROLES: ClassVar[tuple[str, ...]] = ROLES
    SUPPORTS_MASKING: ClassVar[bool] = True

    dropout: Rate = 0.0
    """Fraction of the attention scores dropped during training."""

    def weights(self, shapes) -> int:  # pragma: no cover - each layer overrides
        raise NotImplementedError

    def infer(self, shapes) -> Inferred:
        check_arity(type(self), shapes)
        sequence_inputs(shapes)
        batch = common_batch(shapes, "attend over")
        query_key_sizes(shapes)
        out = (batch, shapes[0][1], shapes[1][-1])
        return Inferred(out, trainable=self.weights(shapes))

    def describe(self, shapes, out: Shape) -> str:
        key = "the key" if len(shapes) > 2 else "the value"
        return (f"for each of the query's {shapes[0][1]} timesteps, scores {key}'s "
                f"{shapes[1][1]} timesteps against it and outputs the score-weighted mean of "
                f"the value {fmt(shapes[1])} -> {fmt(out)}")
