"""WrapperSpec: a layer that holds another under `layer:` (Bidirectional, TimeDistributed).

The inner mapping is validated by the registry (spec/layers/__init__.py) before the wrapper,
so that its errors carry the path (..., "layer", key) and its own type's model.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import SkipValidation

from ..base import LayerSpec


class WrapperSpec(LayerSpec):
    INNER_TYPES: ClassVar[tuple[str, ...] | None] = None  # None: any non-wrapper layer

    layer: SkipValidation[Any]
    """The wrapped layer: a mapping with its own `type` and arguments."""

    @property
    def inner(self) -> LayerSpec:
        return self.layer
