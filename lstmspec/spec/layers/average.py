"""Average: the mean of its inputs (keras/src/layers/merging/average.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class AverageSpec(MergeSpec):
    """The mean of its inputs, element by element (keras.layers.Average).

    Input shape: a list of tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Average"
    DOES: ClassVar[str] = "the mean of its inputs"
    VERB: ClassVar[str] = "average"

    type: Literal["Average"]


SPEC = AverageSpec
