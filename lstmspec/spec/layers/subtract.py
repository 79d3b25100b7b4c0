"""Subtract: the first input minus the second (keras/src/layers/merging/subtract.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .merge import MergeSpec


class SubtractSpec(MergeSpec):
    """The first input minus the second, element by element (keras.layers.Subtract).

    Input shape: a list of two tensors of the same shape (or broadcastable).
    Output shape: that shape.
    """

    KERAS_CLASS: ClassVar[str] = "Subtract"
    DOES: ClassVar[str] = "the first input minus the second"
    VERB: ClassVar[str] = "subtract"
    INPUTS: ClassVar[tuple[int, int]] = (2, 2)

    type: Literal["Subtract"]


SPEC = SubtractSpec
