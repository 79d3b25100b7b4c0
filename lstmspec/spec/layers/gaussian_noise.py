"""GaussianNoise: additive zero-centred noise while training (keras/src/layers/regularization)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape
from ..vocab import Seed


class GaussianNoiseSpec(LayerSpec):
    """Adds zero-centred Gaussian noise while training (keras.layers.GaussianNoise).

    Input and output shape: any, unchanged.
    """

    KERAS_CLASS: ClassVar[str] = "GaussianNoise"
    KEEPS_RANGE: ClassVar[bool] = True
    SUPPORTS_MASKING: ClassVar[bool] = True
    KEEPS_RANK: ClassVar[bool] = True

    type: Literal["GaussianNoise"]
    stddev: Annotated[float, Field(ge=0.0, le=1.0)]
    """Standard deviation of the noise, in [0, 1] (Keras refuses other values)."""
    seed: Seed = None
    """Seed of the noise."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(shape)

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"while training, adds noise of standard deviation {self.stddev}; keeps the shape"


SPEC = GaussianNoiseSpec
