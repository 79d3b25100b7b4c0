"""The core of a config file, what lint always needs: ModelCore (version, name, input, layers)
and StackSpec (a config without runner sections).

ModelSpec, the core plus the runner sections, lives in spec/config.py and is imported
only when a file has a runner section (or for the schema, fixes and the runner): the
sections' models are not needed to lint a plain stack, and cost start-up time.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field
from typing_extensions import Annotated

from .base import Reference, StrictModel

MAX_LAYERS = 1000
InputName = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$")]
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


class ModelCore(StrictModel):
    """The part of a config that lint always needs: version, name, input and layers.

    Validation (validation/config.py) checks this part and each runner section present in the file
    with its own model, then assembles a ModelSpec, so that a file builds only the validators
    it uses and a broken section does not hide the layers' problems. Checks that span sections
    belong in rules/, not in a ModelSpec validator.
    """

    # Not Literal[1]: pydantic's literal check accepts true and 1.0 (they equal 1), even strict.
    version: Annotated[int, Field(ge=1, le=1, json_schema_extra={"const": 1})] = 1
    """Version of the config format; 1 is the only one."""
    name: Optional[Annotated[str, Field(min_length=1, max_length=128,
                                        pattern=r"^[A-Za-z0-9_.\-]+$")]] = None
    """Model name (letters, digits, `_`, `-`, `.`)."""
    input: Optional[InputSpec] = None
    """The model input (one of `input` and `inputs`)."""
    inputs: Optional[Annotated[dict[InputName, InputSpec], Field(min_length=1, max_length=64)]] = None
    """Several named inputs, instead of `input:`: name -> shape, as keras.Input(name=...)."""
    # Items are validated one by one by their own type's model (validation/config.py), so that a
    # broken layer is reported once, at its own keys, and the others are still checked.
    layers: Annotated[list[Any], Field(min_length=1, max_length=MAX_LAYERS)]
    """The layers, applied in order. Each is a mapping with `type` (the Keras class name) and
    that layer's Keras arguments."""
    outputs: Optional[Annotated[list[Reference], Field(min_length=1, max_length=64)]] = None
    """The model's outputs, as references (`name` or `name.K`); by default the last layer."""

    @property
    def input_specs(self) -> dict:
        """name -> InputSpec of every input (the single `input:` under Keras's name)."""
        if self.inputs is not None:
            return dict(self.inputs)
        return {} if self.input is None else {"input_layer": self.input}


SECTIONS = ("compile", "data", "train", "output", "tune")


class StackSpec(ModelCore):
    """A config without runner sections: reads like a ModelSpec whose sections are absent."""

    compile = property(lambda self: None)
    data = property(lambda self: None)
    train = property(lambda self: None)
    output = property(lambda self: None)
    tune = property(lambda self: None)


