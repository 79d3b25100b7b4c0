"""The one registry of layer types: `type` name -> module under spec/layers/.

Modules are imported on first use, so that linting a file builds only the models it uses
(each Pydantic model costs milliseconds to build). A new layer type is one module exposing
`SPEC` and one entry here (or one `register(SpecClass)` call for a class defined elsewhere):
everything else knows about a layer type (its states, gates, size argument, cuDNN kernel,
whether it wraps, is wrapped or takes several inputs) is a class attribute of its spec class.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from ..base import LayerSpec

LAYER_MODULES: dict[str, str | type[LayerSpec]] = {
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



class LayerTypes(Sequence):
    """The registered type names, in registry order: a live view of LAYER_MODULES, so that a
    type registered later is known to every module that imported LAYER_TYPES."""

    def __getitem__(self, index):
        return tuple(LAYER_MODULES)[index]

    def __len__(self) -> int:
        return len(LAYER_MODULES)

    def __iter__(self):
        return iter(tuple(LAYER_MODULES))

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and name in LAYER_MODULES

    def __repr__(self) -> str:
        return f"LayerTypes{tuple(LAYER_MODULES)!r}"


LAYER_TYPES = LayerTypes()
# Keras 2 classes that Keras 3 folded into these types (its LSTM and GRU pick the cuDNN kernel
# themselves): LS302 names the type to write, and --fix writes it.
KERAS2_TYPES = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU"}


def register(spec: type[LayerSpec]) -> None:
    """Register a layer type whose spec class is defined outside spec/layers/ (a test, a
    plug-in), under its KERAS_CLASS."""
    LAYER_MODULES[spec.KERAS_CLASS] = spec


def layer_class(type_name: str) -> type[LayerSpec]:
    entry = LAYER_MODULES[type_name]
    if not isinstance(entry, str):
        return entry
    module = importlib.import_module(f"{__name__}.{LAYER_MODULES[type_name]}")
    return module.SPEC


def types_where(test: Callable[[type[LayerSpec]], bool]) -> tuple[str, ...]:
    """The registered types whose spec class passes `test` (imports every layer module: for
    the schema, completion and error messages, not for each lint)."""
    return tuple(name for name in LAYER_TYPES if test(layer_class(name)))
