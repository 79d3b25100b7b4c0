"""ModelSpec: the top level of a config file (version, name, input, layers)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field
from typing_extensions import Annotated

from .base import StrictModel

MAX_LAYERS = 1000
Dim = Optional[Annotated[int, Field(gt=0, le=100_000_000)]]


class InputSpec(StrictModel):
    """The shape of one sample, as keras.Input(shape=..., batch_size=..., dtype=...) takes it."""

    shape: Annotated[list[Dim], Field(max_length=16)]
    """Per-sample shape, batch axis excluded: [timesteps, features] for recurrent layers,
    [timesteps] of token ids for Embedding; null for an unknown length, e.g. [null, 8]."""
    batch_size: Optional[Annotated[int, Field(gt=0, le=1_000_000)]] = None
    """Fixed batch size; required when any recurrent layer is stateful."""
    dtype: Literal["float32", "float16", "bfloat16", "int32", "int64"] = "float32"
    """Type of the input values: int32/int64 for token ids fed to an Embedding."""


class ModelSpec(StrictModel):
    """An lstmspec config: a stack of Keras layers applied in order to one input."""

    version: Literal[1] = 1
    """Version of the config format; 1 is the only one."""
    name: Optional[Annotated[str, Field(min_length=1, max_length=128,
                                        pattern=r"^[A-Za-z0-9_.\-]+$")]] = None
    """Model name (letters, digits, `_`, `-`, `.`)."""
    input: InputSpec
    """The model input."""
    layers: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_LAYERS)]
    """The layers, applied in order. Each is a mapping with `type` (the Keras class name) and
    that layer's Keras arguments."""
