"""Permute: reorders the non-batch axes (keras/src/layers/reshaping/permute.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, RankError, Shape, fmt


class PermuteSpec(LayerSpec):
    """Permutes the axes of the input, batch axis excluded (keras.layers.Permute).

    Input shape: (batch, d1, ..., dn). Output shape: (batch, d[dims[0]], ..., d[dims[n-1]]).
    """

    KERAS_CLASS: ClassVar[str] = "Permute"
    KEEPS_RANGE: ClassVar[bool] = True

    type: Literal["Permute"]
    dims: Annotated[list[Annotated[int, Field(ge=1, le=16)]], Field(
        min_length=1, max_length=16, json_schema_extra={  # a permutation of 1..n, said so
            "uniqueItems": True, "allOf": [{"oneOf": [
                {"minItems": n, "maxItems": n, "items": {"maximum": n}} for n in range(1, 17)]}]})]
    """The new order of the axes, 1-based: [2, 1] swaps timesteps and features."""

    @field_validator("dims")
    @classmethod
    def _permutation(cls, value: list[int]) -> list[int]:
        if sorted(value) != list(range(1, len(value) + 1)):
            raise ValueError("dims must hold each of 1..n exactly once (1-based, the batch axis "
                             f"is not counted), e.g. [2, 1]; received {value}")
        return value

    def infer(self, shape: Shape) -> Inferred:
        if len(shape) != len(self.dims) + 1:
            raise RankError(shape, f"{len(self.dims) + 1}D", f"(dims has {len(self.dims)} axes)")
        return Inferred((shape[0],) + tuple(shape[d] for d in self.dims))

    def describe(self, shape: Shape, out: Shape) -> str:
        return f"reorders the axes as {self.dims} -> {fmt(out)}"


SPEC = PermuteSpec
