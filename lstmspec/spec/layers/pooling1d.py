"""Pooling1DSpec: what MaxPooling1D and AveragePooling1D share
(keras/src/layers/pooling/base_pooling.py)."""

from __future__ import annotations

from typing import ClassVar, Literal, Optional

from ..base import LayerSpec
from ..shapes import Inferred, Shape, ShapeError, conv_length, expect_rank, fmt
from .conv1d import Size1D, single


class Pooling1DSpec(LayerSpec):
    pool_size: Size1D = 2
    """Length of the pooling window, in timesteps."""
    strides: Optional[Size1D] = None
    """Step between windows; by default pool_size."""
    padding: Literal["valid", "same"] = "valid"
    """`valid`: windows that fit only; `same`: pads so the output is ceil(steps / strides)."""

    VERB: ClassVar[str] = "pools"

    def infer(self, shape: Shape) -> Inferred:
        batch, steps, features = expect_rank(shape, 3)
        pool = single(self.pool_size)
        stride = single(self.strides) if self.strides is not None else pool
        length = conv_length(steps, pool, stride, self.padding)
        if length is not None and length <= 0:
            raise ShapeError("LS104", f"a pool of {pool} timesteps does not fit in {steps} "
                             f"timesteps (padding valid): the output would have {length}",
                             field="pool_size", fix="set padding: same",
                             advice="use padding: same, a smaller pool_size, or longer "
                             "sequences")
        return Inferred((batch, length, features))

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"{self.VERB} windows of {single(self.pool_size)} timesteps, shortening the "
                f"sequence -> {fmt(out)}")
