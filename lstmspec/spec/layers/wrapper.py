"""WrapperSpec: a layer that holds another under `layer:` (Bidirectional, TimeDistributed).

The inner mapping is validated by the registry (spec/layers/__init__.py) before the wrapper,
so that its errors carry the path (..., "layer", key) and its own type's model.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import SkipValidation

from ..base import LayerSpec
from ..shapes import Inferred, RankError, Shape, ShapeError


class WrapperSpec(LayerSpec):
    WRAPPER: ClassVar[bool] = True

    layer: SkipValidation[Any]
    """The wrapped layer: a mapping with its own `type` and arguments."""

    @classmethod
    def wraps(cls, inner: type[LayerSpec]) -> bool:
        """Whether this wrapper can hold a layer of class `inner`: by default any layer called
        on one tensor that is not itself a wrapper."""
        return not inner.WRAPPER and inner.INPUTS is None

    @property
    def inner(self) -> LayerSpec:
        return self.layer

    def infer_inner(self, shape: Shape) -> Inferred:
        """The wrapped layer's inference; an error about one of its arguments points into
        `layer:` (rank errors are about the wrapper's input and stay on the wrapper)."""
        try:
            return self.inner.infer(shape)
        except RankError:
            raise
        except ShapeError as err:
            field = err.field if isinstance(err.field, tuple) else (err.field,) * bool(err.field)
            err.field = ("layer",) + field
            raise
