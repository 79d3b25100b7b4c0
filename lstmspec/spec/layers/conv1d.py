"""Conv1D: a temporal convolution (keras/src/layers/convolutional/conv1d.py)."""

from __future__ import annotations

from typing import ClassVar, Literal, Union

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..shapes import (
    Inferred, Shape, ShapeError, check_vector_bias, conv_length, expect_rank, fmt, known_last,
)
from ..base import LayerSpec
from ..vocab import Activation, InitializerName, KernelInitializerName, Units

Positive = Annotated[int, Field(gt=0, le=100_000)]
# Keras accepts an int or a one-element list for 1D sizes (conv_utils.standardize_tuple).
Size1D = Union[Positive, Annotated[list[Positive], Field(min_length=1, max_length=1)]]


def single(value) -> int:
    return value[0] if isinstance(value, list) else value


class Conv1DSpec(LayerSpec):
    """1D convolution over the timesteps (keras.layers.Conv1D).

    Input shape: (batch, steps, channels). Output shape: (batch, new_steps, filters).
    """

    KERAS_CLASS: ClassVar[str] = "Conv1D"
    SIZE_ARGUMENT: ClassVar[str] = "filters"

    type: Literal["Conv1D"]
    filters: Units
    """Number of output channels."""
    kernel_size: Size1D
    """Length of the convolution window, in timesteps."""
    strides: Size1D = 1
    """Step between windows. Keras refuses strides > 1 together with dilation_rate > 1."""
    padding: Literal["valid", "same", "causal"] = "valid"
    """`valid`: no padding (the sequence shrinks); `same`: keeps the length (at strides 1);
    `causal`: pads the start only, so step t never sees later steps."""
    dilation_rate: Size1D = 1
    """Spacing between the kernel taps."""
    activation: Activation = None
    """Activation applied to the output; none (linear) by default."""
    use_bias: bool = True
    """Whether to add a bias vector."""
    kernel_initializer: KernelInitializerName = "glorot_uniform"
    """Initializer of the kernel (3D, so not `identity`)."""
    bias_initializer: InitializerName = "zeros"
    """Initializer of the bias."""

    @field_validator("dilation_rate")
    @classmethod
    def _not_with_strides(cls, value, info):
        if single(value) > 1 and single(info.data.get("strides", 1)) > 1:
            raise PydanticCustomError(
                "incompatible_arguments", "Conv1D cannot combine strides > 1 with "
                "dilation_rate > 1 (Keras refuses it): set one of them to 1")
        return value

    def infer(self, shape: Shape) -> Inferred:
        batch, steps, _ = expect_rank(shape, 3)
        channels = known_last(shape, "Conv1D")
        check_vector_bias(self.bias_initializer, self.use_bias)
        kernel, stride = single(self.kernel_size), single(self.strides)
        dilation = single(self.dilation_rate)
        length = conv_length(steps, kernel, stride, self.padding, dilation)
        if length is not None and length <= 0:
            span = (kernel - 1) * dilation + 1
            raise ShapeError("LS104", f"with padding valid, a window of {span} timesteps does "
                             f"not fit in {steps} timesteps: the output would have {length}",
                             field="kernel_size", fix="set padding: same",
                             advice="use padding: same or causal, a smaller kernel_size or "
                             "dilation_rate, or longer sequences")
        params = kernel * channels * self.filters + (self.filters if self.use_bias else 0)
        return Inferred((batch, length, self.filters), trainable=params)

    def initialized_matrices(self, features: int) -> dict[str, tuple[int, int]]:
        size = self.kernel_size[0] if isinstance(self.kernel_size, list) else self.kernel_size
        return {"kernel_initializer": (size * features, self.filters)}

    def formula(self, shape: Shape) -> str:
        k, c, f = single(self.kernel_size), shape[-1], self.filters
        if self.use_bias:
            return (f"kernel_size x channels x filters + filters = {k} x {c} x {f} + {f} = "
                    f"{k * c * f + f:,}")
        return f"kernel_size x channels x filters = {k} x {c} x {f} = {k * c * f:,}"

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"slides {self.filters} filters of {single(self.kernel_size)} timesteps along "
                f"the sequence ({self.padding} padding, stride {single(self.strides)}) -> "
                f"{fmt(out)}")


SPEC = Conv1DSpec
