"""BatchNormalization: normalisation with batch statistics
(keras/src/layers/normalization/batch_normalization.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape, known_last


class BatchNormalizationSpec(LayerSpec):
    """Normalises the last axis with batch statistics (keras.layers.BatchNormalization).

    Input and output shape: any, unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "BatchNormalization"
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["BatchNormalization"]
    momentum: Annotated[float, Field(ge=0.0, le=1.0)] = 0.99
    """Momentum of the moving mean and variance."""
    epsilon: Annotated[float, Field(gt=0.0, le=1.0)] = 1e-3
    """Small number added to the variance to avoid dividing by zero."""
    center: bool = True
    """Learn an offset `beta` (features numbers)."""
    scale: bool = True
    """Learn a scale `gamma` (features numbers)."""

    def infer(self, shape: Shape) -> Inferred:
        features = known_last(shape, "BatchNormalization")
        # gamma/beta train; moving_mean and moving_variance are non-trainable weights
        learned = features * (int(self.center) + int(self.scale))
        return Inferred(shape, trainable=learned, non_trainable=2 * features)

    def formula(self, shape: Shape) -> str:
        n, f = int(self.center) + int(self.scale), shape[-1]
        return (f"(gamma + beta) x features trainable + (moving mean + variance) x features "
                f"non-trainable = {n} x {f} + 2 x {f} = {(n + 2) * f:,}")

    def describe(self, shape: Shape, out: Shape) -> str:
        return "normalises the last axis with the batch's mean and variance; keeps the shape"


SPEC = BatchNormalizationSpec
