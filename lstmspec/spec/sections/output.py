"""`output:`: where a run writes its artifacts, and which ones."""

from __future__ import annotations

from typing import Literal, Optional, get_args

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel

ExportFormat = Literal["savedmodel", "onnx", "tflite"]
EXPORT_FORMATS = get_args(ExportFormat)  # `output.export` and `lstmspec export --format`


class OutputSpec(StrictModel):
    """The run directory and what goes in it (the model, the resolved config, the history,
    the test metrics, the predictions, the plots)."""

    dir: Optional[Annotated[str, Field(min_length=1, max_length=4096,
                                       pattern=r"^[^\x00]*$")]] = None
    """The run directory, relative to this config file; by default runs/<name>-<timestamp>
    in the current directory. An existing one is resumed or refused, never overwritten
    silently."""
    tensorboard: bool = False
    """Also write TensorBoard logs (to <dir>/tensorboard)."""
    predictions: Literal["csv", "npz"] = "csv"
    """Format of the test-split predictions file."""
    plots: bool = True
    """Draw the learning curve (and, for a time series, the forecast against the actual
    values) as PNG files."""
    export: Annotated[list[ExportFormat],
                      Field(max_length=3)] = Field(default_factory=list)
    """Also export the trained model (savedmodel -> <dir>/savedmodel, onnx -> <dir>/model.onnx,
    tflite -> <dir>/model.tflite), each checked against Keras on the test windows, as
    `lstmspec export` does. An ONNX export lets predict/forecast run without TensorFlow."""

    @field_validator("export")
    @classmethod
    def _each_once(cls, value):
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_export", "a format is listed twice in "
                                      "output.export: list each once")
        return value
