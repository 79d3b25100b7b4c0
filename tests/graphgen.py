"""Seeded random graphs for the differential tests (tests/test_graph_parity.py).

Each graph has one to three inputs and a few layers drawn from the recurrent, merge, attention
and plain types, wired to random earlier tensors (`name`, `name.K` of a layer with
return_state) with random initial states. Sizes come from small pools so that many graphs fit
together and many do not: the valid and the invalid cases both occur, decided by Keras and by
lint, never by the generator.

`branchy_graphs` draws graphs whose outputs leave branches out (Keras leaves their layers out of
the model) and that hold normalization layers (non-trainable parameters), so that the totals
of what the model holds are compared, not only the verdicts.
"""

from __future__ import annotations

import random

SIZES = (4, 8)
CELLS = ("LSTM", "GRU", "SimpleRNN")
MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
KINDS = ("cell",) * 5 + ("bidirectional", "dense", "dense", "merge", "merge", "merge",
                         "concatenate", "concatenate", "attention", "attention", "mha",
                         "pool", "time_distributed", "masking", "masking", "conv")


class Draw:
    KINDS = KINDS
    SIZES = SIZES  # units, filters and feature sizes
    INPUTS = (1, 2, 2, 3)  # how many inputs (drawn from these)
    LAYERS = (2, 7)  # how many layers, at least and at most
    RETURN_STATE = 0.35  # how often a recurrent layer returns its states

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.tensors: list[str] = []  # references a layer may read
        self.states: list[str] = []  # references to final states
        self.unknown_length = False

    def refs(self, least: int, most: int) -> list[str]:
        count = self.rng.randint(least, most)
        return [self.rng.choice(self.tensors) for _ in range(count)]

    def initial_state(self, layer: dict, cell: str, directions: int) -> None:
        if self.states and self.rng.random() < 0.45:
            want = (2 if cell == "LSTM" else 1) * directions
            count = want if self.rng.random() < 0.7 else self.rng.choice([1, 2, 3, 4])
            layer["initial_state"] = [self.rng.choice(self.states) for _ in range(count)]

    def cell(self, name: str) -> dict:
        rng = self.rng
        cell = rng.choice(CELLS)
        layer = {"name": name, "type": cell, "units": rng.choice(self.SIZES),
                 "return_sequences": rng.random() < 0.7, "from": rng.choice(self.tensors)}
        if rng.random() < self.RETURN_STATE:
            layer["return_state"] = True
        self.initial_state(layer, cell, 1)
        return layer

    def layer(self, name: str, kind: str) -> dict:
        rng = self.rng
        if kind == "cell":
            return self.cell(name)
        if kind == "bidirectional":
            cell = rng.choice(("LSTM", "GRU"))
            layer = {"name": name, "type": "Bidirectional", "from": rng.choice(self.tensors),
                     "layer": {"type": cell, "units": rng.choice((2, 4)),
                               "return_sequences": rng.random() < 0.7}}
            self.initial_state(layer, cell, 2)
            return layer
        if kind == "dense":
            return {"name": name, "type": "Dense", "units": rng.choice(self.SIZES),
                    "from": rng.choice(self.tensors)}
        if kind == "merge":
            return {"name": name, "type": rng.choice(MERGES), "from": self.refs(2, 3)}
        if kind == "concatenate":
            # joining along the time axis of inputs of unknown length makes lengths that only
            # the data can compare (2T against T): the generator leaves that out
            axes = (-1,) if self.unknown_length else (-1, -1, 1, -2)
            return {"name": name, "type": "Concatenate", "axis": rng.choice(axes),
                    "from": self.refs(2, 3)}
        if kind == "attention":
            layer = {"name": name, "type": rng.choice(("Attention", "AdditiveAttention")),
                     "from": self.refs(2, 3)}
            if layer["type"] == "Attention" and rng.random() < 0.4:
                layer["score_mode"] = "concat"
            layer["use_scale"] = rng.random() < 0.5
            return layer
        if kind == "mha":
            layer = {"name": name, "type": "MultiHeadAttention", "num_heads": rng.choice((1, 2)),
                     "key_dim": rng.choice((2, 4)), "from": self.refs(2, 3)}
            if rng.random() < 0.3:
                layer["output_shape"] = rng.choice(self.SIZES)
            return layer
        if kind == "masking":  # masks through merges and attention, dropped by Conv1D
            return {"name": name, "type": "Masking", "from": rng.choice(self.tensors)}
        if kind == "conv":
            return {"name": name, "type": "Conv1D", "filters": rng.choice(self.SIZES),
                    "kernel_size": 2, "padding": "same", "from": rng.choice(self.tensors)}
        if kind == "pool":
            return {"name": name, "type": "GlobalAveragePooling1D",
                    "from": rng.choice(self.tensors)}
        return {"name": name, "type": "TimeDistributed", "from": rng.choice(self.tensors),
                "layer": {"type": "Dense", "units": rng.choice(self.SIZES)}}

    def graph(self) -> dict:
        rng = self.rng
        inputs = {}
        lengths = [rng.choice((4, 6, None)) for _ in range(rng.choice(self.INPUTS))]
        if None in lengths:  # then the known lengths agree: the data decides only one length
            known = next((n for n in lengths if n is not None), 4)
            lengths = [n and known for n in lengths]
        for i, length in enumerate(lengths):
            shape = [length, rng.choice(self.SIZES)]
            inputs[f"in{i}"] = {"shape": shape if rng.random() < 0.9 else shape[1:]}
            self.unknown_length |= len(inputs[f"in{i}"]["shape"]) == 2 and shape[0] is None
            self.tensors.append(f"in{i}")
        layers = self.layers = []
        for j in range(rng.randint(*self.LAYERS)):
            layer = self.layer(f"l{j}", rng.choice(self.KINDS))
            layers.append(layer)
            if layer.get("return_state"):
                count = 3 if layer["type"] == "LSTM" else 2
                self.tensors += [f"l{j}.0"] * 2 + [f"l{j}"]
                self.states += [f"l{j}.{k}" for k in range(1, count)]
            else:
                self.tensors.append(f"l{j}")
        config = {"inputs": inputs, "layers": layers}
        outputs = self.outputs(layers)
        if outputs:
            config["outputs"] = outputs
        return config

    def outputs(self, layers: list) -> list | None:
        if self.rng.random() < 0.4:
            return sorted({self.rng.choice(layers)["name"], layers[-1]["name"]})
        return None


class Branchy(Draw):
    """Longer graphs whose outputs are one or two layers drawn anywhere (rarely the last), so
    that branches reach no output; more states (layers that feed only an initial_state) and
    normalization layers (BatchNormalization's moving statistics are non-trainable)."""

    KINDS = KINDS + ("norm", "norm", "norm", "dense", "decoder", "decoder", "decoder", "keyed",
                     "keyed")
    SIZES = (8,)  # one size: more graphs that Keras builds, so more totals compared
    INPUTS = (1, 1, 2)
    LAYERS = (3, 9)
    RETURN_STATE = 0.6

    def layer(self, name: str, kind: str) -> dict:
        if kind == "norm":
            return {"name": name, "from": self.rng.choice(self.tensors),
                    "type": self.rng.choice(("BatchNormalization", "LayerNormalization"))}
        encoders = [layer for layer in self.layers if layer.get("return_state")]
        if kind == "decoder" and encoders:  # an input read from an earlier cell's final states
            encoder = self.rng.choice(encoders)
            count = 3 if encoder["type"] == "LSTM" else 2
            inputs = [t for t in self.tensors if t.startswith("in")]
            return {"name": name, "type": encoder["type"], "units": encoder["units"],
                    "return_sequences": self.rng.random() < 0.7,
                    "from": self.rng.choice(inputs),
                    "initial_state": [f"{encoder['name']}.{k}" for k in range(1, count)]}
        if kind == "keyed" and self.layers:  # the layer before read as attention's key only
            inputs = [t for t in self.tensors if t.startswith("in")]
            query, value = self.rng.choice(inputs), self.rng.choice(inputs)
            return {"name": name, "type": "MultiHeadAttention", "num_heads": 1, "key_dim": 4,
                    "from": [query, value, self.layers[-1]["name"]]}
        return super().layer(name, {"decoder": "cell", "keyed": "mha"}.get(kind, kind))

    def outputs(self, layers: list) -> list | None:
        names = [layer["name"] for layer in layers]
        picked = {self.rng.choice(names[:-1])}
        if self.rng.random() < 0.3:
            picked.add(self.rng.choice(names))
        return sorted(picked)


def graphs(count: int = 160, seed: int = 13) -> list[tuple[str, dict]]:
    return [(f"graph-{seed}-{i}", Draw(seed * 100_000 + i).graph()) for i in range(count)]


def branchy_graphs(count: int = 150, seed: int = 29) -> list[tuple[str, dict]]:
    return [(f"branchy-{seed}-{i}", Branchy(seed * 100_000 + i).graph()) for i in range(count)]
