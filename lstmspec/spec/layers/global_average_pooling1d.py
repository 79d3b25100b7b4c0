"""GlobalAveragePooling1D: the mean over all timesteps (keras/src/layers/pooling)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .global_pooling1d import GlobalPooling1DSpec


class GlobalAveragePooling1DSpec(GlobalPooling1DSpec):
    """Average over the time axis (keras.layers.GlobalAveragePooling1D).

    Input shape: (batch, steps, features). Output shape: (batch, features), or
    (batch, 1, features) with keepdims.
    """

    KERAS_CLASS: ClassVar[str] = "GlobalAveragePooling1D"
    KEEPS_RANGE: ClassVar[bool] = True
    VERB: ClassVar[str] = "averages"
    SUPPORTS_MASKING: ClassVar[bool] = True

    type: Literal["GlobalAveragePooling1D"]

    def consumes_mask(self) -> bool:
        return True


SPEC = GlobalAveragePooling1DSpec
