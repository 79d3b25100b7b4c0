"""RepeatVector: repeats a vector n times (keras/src/layers/reshaping/repeat_vector.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from ..base import LayerSpec
from ..shapes import Inferred, Shape, expect_rank, fmt
from ..vocab import Units


class RepeatVectorSpec(LayerSpec):
    """Repeats its input vector `n` times, making a sequence (keras.layers.RepeatVector).

    Input shape: (batch, features). Output shape: (batch, n, features).
    """

    KERAS_CLASS: ClassVar[str] = "RepeatVector"
    KEEPS_RANGE: ClassVar[bool] = True

    type: Literal["RepeatVector"]
    n: Units
    """How many times to repeat: the number of timesteps of the output."""

    def infer(self, shape: Shape) -> Inferred:
        batch, features = expect_rank(shape, 2)
        return Inferred((batch, self.n, features))

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"repeats the {shape[-1]}-number vector {self.n} times, making a sequence for "
                f"a decoder -> {fmt(out)}")


SPEC = RepeatVectorSpec
