"""MultiHeadAttention: attention with learnt projections per head
(keras/src/layers/attention/multi_head_attention.py)."""

from __future__ import annotations

from math import prod
from typing import ClassVar, Literal, Optional, Union

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, InputsError, Shape, fmt
from ..vocab import InitializerName, Rate, Seed
from .merge import check_arity, common_batch
from .scored_attention import ROLES

Size = Annotated[int, Field(gt=0, le=100_000)]


class MultiHeadAttentionSpec(LayerSpec):
    """Multi-head attention (keras.layers.MultiHeadAttention), called with
    `from: [query, value]` or `[query, value, key]`.

    Input shape: query (batch, Tq, dq), value (batch, Tv, dv), key (batch, Tv, dk).
    Output shape: (batch, Tq, dq), or (batch, Tq, *output_shape).
    """

    KERAS_CLASS: ClassVar[str] = "MultiHeadAttention"
    POSITIONAL_INPUTS: ClassVar[bool] = True
    INPUTS: ClassVar[tuple[int, int]] = (2, 3)
    INPUT_ROLES: ClassVar[tuple[str, ...]] = ROLES
    SUPPORTS_MASKING: ClassVar[bool] = True

    type: Literal["MultiHeadAttention"]
    num_heads: Size
    """Number of attention heads."""
    key_dim: Size
    """Size of each head's query and key projection."""
    value_dim: Optional[Size] = None
    """Size of each head's value projection; key_dim by default."""
    dropout: Rate = 0.0
    """Fraction of the attention weights dropped during training."""
    use_bias: bool = True
    """Whether the projections add biases."""
    output_shape: Optional[Union[Size, Annotated[list[Size], Field(min_length=1,
                                                                   max_length=4)]]] = None
    """Size of the output's last axis (or axes); the query's feature size by default."""
    kernel_initializer: InitializerName = "glorot_uniform"
    """Initializer of the projection kernels."""
    bias_initializer: InitializerName = "zeros"
    """Initializer of the projection biases."""
    seed: Seed = None
    """Seed of the dropout."""

    def out_dims(self, query: Shape) -> tuple:
        if self.output_shape is None:
            return (query[-1],)
        return (self.output_shape,) if isinstance(self.output_shape, int) else tuple(
            self.output_shape)

    def projections(self, shapes) -> list[tuple[str, int, int]]:
        """(name, input features, projected size) of the query, key and value projections."""
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        heads, kd, vd = self.num_heads, self.key_dim, self.value_dim or self.key_dim
        return [("query", query[-1], heads * kd), ("key", key[-1], heads * kd),
                ("value", value[-1], heads * vd)]

    def weights(self, shapes) -> int:
        # MultiHeadAttention.build: EinsumDense query/key/value (features -> heads x dim, bias
        # heads x dim) and output (heads x value_dim -> output, bias output)
        bias = self.use_bias
        total = sum(f * p + (p if bias else 0) for _, f, p in self.projections(shapes))
        out = prod(self.out_dims(shapes[0]))
        return total + self.num_heads * (self.value_dim or self.key_dim) * out + (
            out if bias else 0)

    def infer(self, shapes) -> Inferred:
        check_arity(type(self), shapes)
        batch = common_batch(shapes, "attend over")
        for i, shape in enumerate(shapes):
            if len(shape) != 3 or shape[-1] is None:
                raise InputsError("LS129", f"needs its {ROLES[i]} as (batch, timesteps, "
                                  f"features) with known features, but it is {fmt(shape)}",
                                  (i,))
        value = shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        if value[1:-1] != key[1:-1]:
            raise InputsError("LS129", f"needs value and key of the same timesteps, but they "
                              f"are {fmt(value)} and {fmt(key)}", (1, 2))
        out = (batch, shapes[0][1]) + self.out_dims(shapes[0])
        return Inferred(out, trainable=self.weights(shapes))

    def formula(self, shapes) -> str:
        parts = [f"{name} {f} x {p}" + (f" + {p}" if self.use_bias else "")
                 for name, f, p in self.projections(shapes)]
        vd, out = self.value_dim or self.key_dim, prod(self.out_dims(shapes[0]))
        parts.append(f"output {self.num_heads * vd} x {out}" + (f" + {out}" if self.use_bias
                                                                else ""))
        return " + ".join(parts) + f" = {self.weights(shapes):,}"

    def describe(self, shapes, out: Shape) -> str:
        return (f"projects query, key and value into {self.num_heads} heads of {self.key_dim} "
                f"(values {self.value_dim or self.key_dim}), lets each of the query's "
                f"{shapes[0][1]} timesteps attend over the value's {shapes[1][1]}, and projects "
                f"the heads back -> {fmt(out)}")


SPEC = MultiHeadAttentionSpec
