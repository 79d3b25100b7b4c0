"""Masking: marks timesteps equal to mask_value as padding (keras/src/layers/core/masking.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape


class MaskingSpec(LayerSpec):
    """Skips timesteps whose features all equal `mask_value` (keras.layers.Masking).

    Input and output shape: (batch, timesteps, features), unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "Masking"
    KEEPS_RANGE: ClassVar[bool] = True
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["Masking"]
    # Bounded to what float32 holds: a larger value would become inf in the model.
    mask_value: Annotated[float, Field(ge=-3.4e38, le=3.4e38)] = 0.0
    """Timesteps whose features all equal this value are skipped by later layers."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(shape)

    def makes_mask(self) -> bool:
        return True

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"marks timesteps whose features are all {self.mask_value} as padding for the "
                "layers after it; keeps the shape")


SPEC = MaskingSpec
