"""The one registry of layer types: `type` name -> module under spec/layers/.

Modules are imported on first use, so that linting a file builds only the models it uses
(each Pydantic model costs milliseconds to build). A new layer type is one module exposing
`SPEC` and one entry here.
"""

from __future__ import annotations

import importlib

from ..base import LayerSpec

LAYER_MODULES: dict[str, str] = {
    "LSTM": "lstm",
    "GRU": "gru",
    "SimpleRNN": "simple_rnn",
    "Dense": "dense",
    "Embedding": "embedding",
    "Dropout": "dropout",
    "SpatialDropout1D": "spatial_dropout1d",
    "GaussianNoise": "gaussian_noise",
    "Masking": "masking",
    "Bidirectional": "bidirectional",
    "TimeDistributed": "time_distributed",
    "RepeatVector": "repeat_vector",
    "Flatten": "flatten",
    "Reshape": "reshape",
    "Permute": "permute",
    "Conv1D": "conv1d",
    "MaxPooling1D": "max_pooling1d",
    "AveragePooling1D": "average_pooling1d",
    "GlobalAveragePooling1D": "global_average_pooling1d",
    "GlobalMaxPooling1D": "global_max_pooling1d",
    "LayerNormalization": "layer_normalization",
    "BatchNormalization": "batch_normalization",
    "Activation": "activation",
    "Concatenate": "concatenate",
    "Add": "add",
    "Subtract": "subtract",
    "Multiply": "multiply",
    "Average": "average",
    "Maximum": "maximum",
    "Minimum": "minimum",
    "Attention": "attention",
    "AdditiveAttention": "additive_attention",
    "MultiHeadAttention": "multi_head_attention",
}

WRAPPER_TYPES = ("Bidirectional", "TimeDistributed")
# Called on a list of tensors (`from: [a, b]`); never wrapped, never in a plain stack.
MULTI_INPUT_TYPES = ("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum",
                     "Minimum", "Attention", "AdditiveAttention", "MultiHeadAttention")
LAYER_TYPES = tuple(LAYER_MODULES)
# Keras 2 classes that Keras 3 folded into these types (its LSTM and GRU pick the cuDNN kernel
# themselves): LS302 names the type to write, and --fix writes it.
KERAS2_TYPES = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU"}


def layer_class(type_name: str) -> type[LayerSpec]:
    module = importlib.import_module(f"{__name__}.{LAYER_MODULES[type_name]}")
    return module.SPEC


def all_layer_classes() -> list[type[LayerSpec]]:
    return [layer_class(name) for name in LAYER_TYPES]
