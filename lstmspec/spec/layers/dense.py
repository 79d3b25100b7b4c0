"""Dense: a fully connected layer on the last axis (keras/src/layers/core/dense.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..shapes import Inferred, Shape, check_vector_bias, count, expect_min_rank, fmt, known_last
from ..base import LayerSpec
from ..vocab import Activation, InitializerName, Units


class DenseSpec(LayerSpec):
    """Densely connected layer (keras.layers.Dense), applied to the last axis.

    Input shape: (batch, ..., features). Output shape: (batch, ..., units).
    """

    KERAS_CLASS: ClassVar[str] = "Dense"
    SIZE_ARGUMENT: ClassVar[str] = "units"
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["Dense"]
    units: Units
    """Size of the output vector."""
    activation: Activation = None
    """Activation applied to the output; none (linear) by default."""
    use_bias: bool = True
    """Whether to add a bias vector."""
    kernel_initializer: InitializerName = "glorot_uniform"
    """Initializer of the kernel weights."""
    bias_initializer: InitializerName = "zeros"
    """Initializer of the bias."""

    def infer(self, shape: Shape) -> Inferred:
        expect_min_rank(shape, 2)
        features = known_last(shape, "Dense")
        check_vector_bias(self.bias_initializer, self.use_bias)
        params = features * self.units + (self.units if self.use_bias else 0)
        return Inferred(shape[:-1] + (self.units,), trainable=params)

    def initialized_matrices(self, features: int) -> dict[str, tuple[int, int]]:
        return {"kernel_initializer": (features, self.units)}

    def formula(self, shape: Shape) -> str:
        f, u = shape[-1], self.units
        if self.use_bias:
            return f"features x units + units = {f} x {u} + {u} = {f * u + u:,}"
        return f"features x units = {f} x {u} = {f * u:,}"

    def describe(self, shape: Shape, out: Shape) -> str:
        where = "" if len(shape) == 2 else " at every position of the other axes"
        return (f"maps the last axis from {shape[-1]} to {count(self.units, 'number')}{where} "
                f"-> {fmt(out)}")


SPEC = DenseSpec
