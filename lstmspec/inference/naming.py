"""Keras's automatic layer names ('lstm', 'lstm_1', ...) and the unique-name rule."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=None)  # a few class names, asked for once per layer per file
def snake_case(name: str) -> str:
    """keras/src/utils/naming.py to_snake_case: LSTM -> lstm, SimpleRNN -> simple_rnn."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


class AutoNamer:
    """Numbers names per prefix in construction order, as keras.backend's uid counters do in a
    fresh session. Wrappers construct their inner layer first, which takes a name too."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, class_name: str) -> str:
        prefix = snake_case(class_name)
        count = self.counts.get(prefix, 0)
        self.counts[prefix] = count + 1
        return prefix if count == 0 else f"{prefix}_{count}"


def layer_names(specs, named_inputs: bool = False) -> list[str | None]:
    """The name Keras gives each top-level layer (None where the spec is invalid). Inputs
    named by `inputs:` take no automatic name; the single `input:` takes 'input_layer'."""
    namer, names = AutoNamer(), []
    if not named_inputs:
        namer.next("InputLayer")
    for spec in specs:
        if spec is None:
            names.append(None)
            continue
        inner = getattr(spec, "inner", None)
        if inner is not None:
            inner.name or namer.next(inner.KERAS_CLASS)
        names.append(spec.name or namer.next(spec.KERAS_CLASS))
    return names
