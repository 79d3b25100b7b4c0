"""Reshape: a new arrangement of the non-batch axes (keras/src/layers/reshaping/reshape.py)."""

from __future__ import annotations

from math import prod
from typing import ClassVar, Literal

from pydantic import Field, field_validator
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape, ShapeError, fmt


class ReshapeSpec(LayerSpec):
    """Reshapes the input, keeping the batch axis (keras.layers.Reshape).

    Input shape: (batch, ...). Output shape: (batch, *target_shape), a -1 resolved.
    """

    KERAS_CLASS: ClassVar[str] = "Reshape"
    KEEPS_RANGE: ClassVar[bool] = True

    type: Literal["Reshape"]
    target_shape: Annotated[list[Annotated[int, Field(ge=-1, le=10_000_000)]], Field(
        min_length=1, max_length=16, json_schema_extra={  # positive, or one -1
            "not": {"contains": {"const": 0}}, "contains": {"const": -1}, "minContains": 0,
            "maxContains": 1})]
    """The new shape without the batch axis; one entry may be -1 (inferred from the rest)."""

    @field_validator("target_shape")
    @classmethod
    def _one_unknown(cls, value: list[int]) -> list[int]:
        if value.count(-1) > 1:
            raise ValueError("at most one entry of target_shape may be -1")
        if 0 in value:
            raise ValueError("target_shape entries must be positive (or a single -1)")
        return value

    def infer(self, shape: Shape) -> Inferred:
        # operation_utils.compute_reshape_output_shape
        rest, target = shape[1:], tuple(self.target_shape)
        if None in rest:
            return Inferred((shape[0],) + tuple(None if d == -1 else d for d in target))
        size, known = prod(rest), prod(d for d in target if d != -1)
        if -1 not in target and size != known:
            raise ShapeError("LS106", f"cannot reshape {fmt(shape)} ({size:,} values per sample) "
                             f"to {list(target)} ({known:,} values): the sizes must match",
                             field="target_shape", fix=f"write {fitting(target, size)}",
                             advice=f"make the product of target_shape equal {size}, or use -1 "
                             "for one axis")
        if -1 in target and size % known:
            raise ShapeError("LS106", f"cannot reshape {fmt(shape)} ({size:,} values per sample) "
                             f"to {list(target)}: {size:,} is not divisible by {known:,}",
                             field="target_shape", fix=f"write {fitting(target, size)}",
                             advice=f"choose target_shape entries whose product divides {size}")
        resolved = tuple(size // known if d == -1 else d for d in target)
        return Inferred((shape[0],) + resolved)

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"rearranges the values of each sample into {fmt(out[1:])} -> {fmt(out)}"


SPEC = ReshapeSpec


def fitting(target: tuple, size: int) -> list[int]:
    """A target_shape of the same rank that holds `size` values: -1 on the first axis whose
    neighbours' product divides `size`, else -1 followed by ones."""
    for axis in range(len(target)):
        others = [d for i, d in enumerate(target) if i != axis and d != -1]
        if size % prod(others) == 0:
            return [-1 if i == axis else (1 if d == -1 else d) for i, d in enumerate(target)]
    return [-1] + [1] * (len(target) - 1)
