"""The allow-lists: every name a config may use for an activation or an initializer.

Names are passed to Keras as strings; nothing outside these lists can reach Keras.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field
from typing_extensions import Annotated

# keras/src/activations/__init__.py ALL_OBJECTS_DICT, less `glu` (halves the last axis) and
# `threshold` (needs arguments a name cannot carry).
ActivationName = Literal[
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "swish",
    "mish", "softplus", "softsign", "squareplus", "sparse_plus", "soft_shrink", "hard_shrink",
    "tanh", "tanh_shrink", "hard_tanh", "sigmoid", "hard_sigmoid", "sparse_sigmoid",
    "log_sigmoid", "hard_silu", "hard_swish", "exponential", "softmax", "log_softmax",
    "sparsemax",
]
Activation = Optional[ActivationName]

# keras/src/initializers/__init__.py ALL_OBJECTS_DICT snake_case names and aliases, less
# `stft` (needs scipy) and `constant` (fails by name: it needs a value).
_INITIALIZERS = (
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
    "lecun_normal", "orthogonal", "variance_scaling", "random_normal", "random_uniform",
    "truncated_normal", "zeros", "ones", "uniform", "normal", "zero", "one",
)
# `identity` makes an identity matrix: only for 2D weights (not Conv1D's 3D kernel).
KernelInitializerName = Literal[_INITIALIZERS]
InitializerName = Literal[_INITIALIZERS + ("identity",)]

Rate = Annotated[float, Field(ge=0.0, lt=1.0)]
Seed = Optional[Annotated[int, Field(ge=0, le=2**31 - 1)]]
# Bounded so that no config can ask Keras for a gigantic tensor; the resource budget in
# lint (LS5xx) applies the finer limit.
Units = Annotated[int, Field(gt=0, le=1_000_000)]
