"""AveragePooling1D: the mean over windows of timesteps (keras/src/layers/pooling)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .conv1d import Size1D
from .pooling1d import Pooling1DSpec


class AveragePooling1DSpec(Pooling1DSpec):
    """Average pooling over timesteps (keras.layers.AveragePooling1D).

    Input shape: (batch, steps, features). Output shape: (batch, pooled_steps, features).
    """

    KERAS_CLASS: ClassVar[str] = "AveragePooling1D"
    KEEPS_RANGE: ClassVar[bool] = True
    VERB: ClassVar[str] = "averages"

    type: Literal["AveragePooling1D"]
    pool_size: Size1D
    """Length of the pooling window, in timesteps. Required: unlike MaxPooling1D, Keras's
    AveragePooling1D has no default (keras/src/layers/pooling/average_pooling1d.py)."""


SPEC = AveragePooling1DSpec
