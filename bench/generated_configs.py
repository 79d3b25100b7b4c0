"""The 1,000 configs of bench_lint.py's (c): seeded, reproducible, and like real ones.

Recurrent stacks, text classifiers, CNN-LSTMs and encoder-decoders, in flow style, with
arguments varied; about one in five carries a mistake that lint must find.
"""

from __future__ import annotations

import random
from pathlib import Path

RNN = ("LSTM", "GRU", "SimpleRNN")


def rnn(rng: random.Random, sequences: bool) -> str:
    kind = rng.choice(RNN)
    text = f"{{type: {kind}, units: {rng.choice((8, 16, 32, 64, 128))}"
    if sequences:
        text += ", return_sequences: true"
    if rng.random() < 0.3:
        text += f", dropout: {rng.choice((0.1, 0.2, 0.3))}"
    if rng.random() < 0.15:
        text += ", recurrent_dropout: 0.1"  # an LS202 warning
    return text + "}"


def recurrent_stack(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((10, 30, 60, 'null'))}, {rng.randint(1, 12)}]\n"
    depth = rng.randint(1, 3)
    layers = []
    for i in range(depth):
        layer = rnn(rng, i < depth - 1)
        if rng.random() < 0.3:
            layer = f"{{type: Bidirectional, merge_mode: concat, layer: {layer}}}"
        layers.append(layer)
        if rng.random() < 0.3:
            layers.append(f"{{type: Dropout, rate: {rng.choice((0.1, 0.2, 0.5))}}}")
    layers.append(f"{{type: Dense, units: {rng.randint(1, 10)}}}")
    return head, layers


def text_classifier(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((20, 50, 100))}]\n  dtype: int32\n"
    vocabulary, width = rng.choice((1000, 5000, 20000)), rng.choice((16, 32, 64))
    layers = [f"{{type: Embedding, input_dim: {vocabulary}, output_dim: {width}, "
              f"mask_zero: {rng.choice(('true', 'false'))}}}",
              f"{{type: Bidirectional, layer: {rnn(rng, True)}}}",
              rng.choice(("{type: GlobalAveragePooling1D}", f"{rnn(rng, False)}")),
              "{type: Dense, units: 1, activation: sigmoid}"]
    return head, layers


def cnn_lstm(rng: random.Random) -> tuple[str, list[str]]:
    head = f"  shape: [{rng.choice((64, 128, 256))}, {rng.randint(1, 8)}]\n"
    layers = [f"{{type: Conv1D, filters: {rng.choice((16, 32))}, kernel_size: {rng.randint(2, 7)}, "
              f"padding: {rng.choice(('valid', 'same', 'causal'))}, activation: relu}}",
              f"{{type: MaxPooling1D, pool_size: {rng.choice((2, 4))}}}",
              rnn(rng, False), f"{{type: Dense, units: {rng.randint(1, 5)}}}"]
    return head, layers


def encoder_decoder(rng: random.Random) -> tuple[str, list[str]]:
    steps = rng.choice((5, 10, 20))
    head = f"  shape: [{steps}, {rng.randint(1, 6)}]\n"
    layers = [rnn(rng, False), f"{{type: RepeatVector, n: {rng.choice((3, 5, 10))}}}",
              rnn(rng, True), f"{{type: TimeDistributed, layer: {{type: Dense, "
              f"units: {rng.randint(1, 4)}}}}}"]
    return head, layers


def break_it(rng: random.Random, layers: list[str]) -> list[str]:
    """About one config in five gets a mistake that lint must find."""
    layers = list(layers)
    index = rng.randrange(len(layers))
    mistake = rng.choice(("typo", "text", "type", "sequences"))
    if mistake == "typo":
        layers[index] = layers[index].replace("type:", "name: oops, typ:", 1)
    elif mistake == "text":
        layers[-1] = layers[-1].replace("units: ", 'units: "', 1).replace("}", '"}', 1) \
            if '"' not in layers[-1] else layers[-1]
    elif mistake == "type":
        layers[index] = layers[index].replace("{type: ", "{type: X", 1)
    else:
        layers = [layer.replace(", return_sequences: true", "") for layer in layers]
    return layers


FAMILIES = (recurrent_stack, text_classifier, cnn_lstm, encoder_decoder)


def generate(folder: Path, count: int, seed: int = 20261128) -> None:
    rng = random.Random(seed)
    for number in range(count):
        head, layers = rng.choice(FAMILIES)(rng)
        if rng.random() < 0.2:
            layers = break_it(rng, layers)
        text = ("# yaml-language-server: $schema=../schemas/lstmspec.schema.json\n"
                f"version: 1\nname: generated-{number}\ninput:\n{head}layers:\n"
                + "".join(f"  - {layer}\n" for layer in layers))
        (folder / f"config_{number:04d}.yaml").write_text(text)
