"""The targeted families of stackgen.py: each situation the static inference must get right.

Every family is a function of the seeded random generator returning (label, config) pairs;
grids too large to build whole are sampled with that generator, so the list is reproducible.
"""

from __future__ import annotations

import itertools

SEQ = [8, 3]  # (timesteps, features): the usual small sequence input


def cfg(shape, layers, batch_size=None, dtype=None) -> dict:
    given = {"shape": list(shape)}
    if batch_size is not None:
        given["batch_size"] = batch_size
    if dtype is not None:
        given["dtype"] = dtype
    return {"input": given, "layers": layers}


def lay(type_name: str, **args) -> dict:
    return {"type": type_name, **args}


def LSTM(units=4, **args):  # noqa: N802 - reads like the Keras class
    return lay("LSTM", units=units, **args)


def cases(rows) -> list[tuple[str, dict]]:
    """(label, shape, layers[, input extras]) rows -> (label, config) pairs."""
    return [(row[0], cfg(row[1], row[2], **(row[3] if len(row) > 3 else {}))) for row in rows]


def ranks(rng):
    return cases([
        ("lstm-on-2d", [6], [LSTM()]),
        ("lstm-on-4d", [5, 4, 3], [LSTM()]),
        ("gru-on-2d", [6], [lay("GRU", units=3)]),
        ("simple-rnn-on-4d", [5, 4, 3], [lay("SimpleRNN", units=3)]),
        ("bidirectional-on-2d", [6], [lay("Bidirectional", layer=lay("GRU", units=2))]),
        ("conv1d-on-2d", [6], [lay("Conv1D", filters=2, kernel_size=2)]),
        ("conv1d-on-4d", [6, 4, 2], [lay("Conv1D", filters=2, kernel_size=2)]),
        ("maxpool-on-2d", [6], [lay("MaxPooling1D")]),
        ("avgpool-on-4d", [6, 4, 2], [lay("AveragePooling1D", pool_size=2)]),
        ("gap-on-2d", [6], [lay("GlobalAveragePooling1D")]),
        ("gmp-on-4d", [6, 4, 2], [lay("GlobalMaxPooling1D")]),
        ("spatial-dropout-on-2d", [6], [lay("SpatialDropout1D", rate=0.1)]),
        ("spatial-dropout-on-4d", [6, 4, 2], [lay("SpatialDropout1D", rate=0.1)]),
        ("repeat-vector-on-3d", SEQ, [lay("RepeatVector", n=2)]),
        ("time-distributed-on-2d", [6], [lay("TimeDistributed", layer=lay("Dense", units=2))]),
        ("dense-on-1d", [], [lay("Dense", units=2)]),
        ("flatten-on-1d", [], [lay("Flatten"), lay("Dense", units=2)]),
        ("stacked-lstm-seed", [10, 1], [LSTM(8), LSTM(4), lay("Dense", units=1)]),
        ("stacked-lstm-fixed", [10, 1], [LSTM(8, return_sequences=True), LSTM(4),
                                         lay("Dense", units=1)]),
        ("dense-between-rnns", SEQ, [LSTM(), lay("Dense", units=3), lay("GRU", units=2)]),
        ("gap-then-lstm", SEQ, [lay("GlobalAveragePooling1D"), LSTM()]),
        ("flatten-then-lstm", SEQ, [lay("Flatten"), LSTM()]),
        ("repeat-then-lstm", SEQ, [LSTM(), lay("RepeatVector", n=3), LSTM(2)]),
        ("embedding-2d-ids-then-lstm", [4, 3], [lay("Embedding", input_dim=9, output_dim=2),
                                                LSTM()], {"dtype": "int32"}),
        ("embedding-scalar-id", [], [lay("Embedding", input_dim=9, output_dim=2),
                                     lay("Dense", units=2)], {"dtype": "int32"}),
        ("dense-on-4d", [5, 4, 3], [lay("Dense", units=2), lay("Flatten")]),
    ])


def unknown_dims(rng):
    return cases([
        ("lstm-unknown-features", [5, None], [LSTM()]),
        ("gru-unknown-features", [None, None], [lay("GRU", units=2)]),
        ("bidirectional-unknown-features", [5, None],
         [lay("Bidirectional", layer=lay("SimpleRNN", units=2))]),
        ("dense-unknown-last", [None], [lay("Dense", units=2)]),
        ("dense-3d-unknown-last", [5, None], [lay("Dense", units=2)]),
        ("conv1d-unknown-channels", [5, None], [lay("Conv1D", filters=2, kernel_size=2)]),
        ("layernorm-unknown-last", [4, None], [lay("LayerNormalization")]),
        ("batchnorm-unknown-last", [None], [lay("BatchNormalization")]),
        ("flatten-unknown-then-dense", [None, 3], [lay("Flatten"), lay("Dense", units=2)]),
        ("flatten-unknown-alone", [None, 3], [lay("Flatten"), lay("Dropout", rate=0.2)]),
        ("reshape-unknown-then-dense", [None, 6], [lay("Reshape", target_shape=[2, -1]),
                                                   lay("Dense", units=2)]),
        ("reshape-unknown-lead", [None, 6], [lay("Reshape", target_shape=[-1, 3]), LSTM()]),
        ("permute-unknown-then-lstm", [None, 4], [lay("Permute", dims=[2, 1]), LSTM()]),
        ("none-steps-lstm-stack", [None, 3], [LSTM(return_sequences=True), LSTM(2)]),
        ("none-steps-conv-pool", [None, 3], [lay("Conv1D", filters=4, kernel_size=3),
                                             lay("MaxPooling1D"), lay("GlobalMaxPooling1D")]),
        ("none-steps-unroll", [None, 2], [lay("GRU", units=3, unroll=True)]),
        ("none-steps-td", [None, 4, 2], [lay("TimeDistributed", layer=lay("Flatten")),
                                         lay("Bidirectional", layer=LSTM(2))]),
        ("embedding-unknown-length", [None], [lay("Embedding", input_dim=20, output_dim=4),
                                              LSTM(3)], {"dtype": "int32"}),
        ("td-unknown-last", [5, 4, None], [lay("TimeDistributed", layer=lay("Dense", units=2))]),
        ("none-steps-repeat", [None, 3], [LSTM(), lay("RepeatVector", n=4),
                                          lay("TimeDistributed", layer=lay("Dense", units=1))]),
    ])


def conv_grid(rng):
    grid = list(itertools.product(range(1, 6), ("valid", "same", "causal"), (1, 2, 3), (1, 2),
                                  (2, 3, 5, 8, None)))
    grid = [g for g in grid if not (g[2] > 1 and g[3] > 1)]
    out = []
    for kernel, padding, stride, dilation, steps in rng.sample(grid, 40):
        conv = lay("Conv1D", filters=rng.randint(1, 4), kernel_size=kernel, padding=padding,
                   strides=stride, dilation_rate=dilation)
        tail = [lay("GlobalAveragePooling1D")] if rng.random() < 0.5 else []
        out.append((f"conv1d-k{kernel}-{padding}-s{stride}-d{dilation}-L{steps}",
                    cfg([steps, 2], [conv] + tail)))
    out += cases([
        ("conv1d-strides-and-dilation", SEQ, [lay("Conv1D", filters=2, kernel_size=2, strides=2,
                                                  dilation_rate=2)]),
        ("conv1d-list-args", [12, 2], [lay("Conv1D", filters=3, kernel_size=[3], strides=[2],
                                           dilation_rate=[1], padding="causal")]),
        ("conv1d-too-long-midstack", [6, 2], [lay("Conv1D", filters=2, kernel_size=3),
                                              lay("Conv1D", filters=2, kernel_size=4)]),
        ("conv1d-dilated-too-long", [6, 2], [lay("Conv1D", filters=2, kernel_size=3,
                                                 dilation_rate=3)]),
    ])
    return out


def pool_grid(rng):
    grid = list(itertools.product(("MaxPooling1D", "AveragePooling1D"), range(1, 6),
                                  (None, 1, 2, 3), ("valid", "same"), (1, 2, 3, 5, None)))
    out = []
    for kind, pool, stride, padding, steps in rng.sample(grid, 26):
        args = {"pool_size": pool, "padding": padding}
        if stride is not None:
            args["strides"] = stride
        out.append((f"{kind.lower()}-p{pool}-s{stride}-{padding}-L{steps}",
                    cfg([steps, 2], [lay(kind, **args)])))
    out += cases([
        ("maxpool-default-size", [7, 2], [lay("MaxPooling1D")]),
        ("avgpool-list-args", [9, 2], [lay("AveragePooling1D", pool_size=[3], strides=[2])]),
    ])
    return out


def reshape_permute(rng):
    r = lambda target: lay("Reshape", target_shape=target)  # noqa: E731
    p = lambda dims: lay("Permute", dims=dims)  # noqa: E731
    return cases([
        ("reshape-flat", [4, 6], [r([24])]),
        ("reshape-2d", [4, 6], [r([3, 8]), LSTM()]),
        ("reshape-minus-one", [4, 6], [r([-1])]),
        ("reshape-lead-minus-one", [4, 6], [r([3, -1])]),
        ("reshape-3d", [4, 6], [r([2, 3, 4])]),
        ("reshape-mismatch", [4, 6], [r([5, 5])]),
        ("reshape-not-divisible", [4, 6], [r([5, -1])]),
        ("reshape-two-unknown", [4, 6], [r([-1, -1])]),
        ("reshape-negative", [4, 6], [r([-2, 12])]),
        ("reshape-unknown-input-mismatch-allowed", [None, 6], [r([5, 5])]),
        ("reshape-to-sequence", [12], [r([4, 3]), LSTM()]),
        ("reshape-mismatch-batch", [4, 6], [r([25])], {"batch_size": 3}),
        ("reshape-after-lstm", SEQ, [LSTM(6), r([2, 3]), lay("GRU", units=2)]),
        ("permute-swap", SEQ, [p([2, 1]), LSTM()]),
        ("permute-identity", SEQ, [p([1, 2])]),
        ("permute-4d", [5, 4, 3], [p([3, 1, 2])]),
        ("permute-rank-low", [5, 4, 3], [p([2, 1])]),
        ("permute-rank-high", SEQ, [p([2, 1, 3])]),
        ("permute-2d", [6], [p([1]), lay("Dense", units=2)]),
        ("permute-gap", SEQ, [p([1, 3])]),
        ("permute-zero", SEQ, [p([0, 1])]),
        ("permute-repeat", SEQ, [p([1, 1])]),
    ])


def stateful_and_states(rng):
    rows = []
    for kind in ("LSTM", "GRU", "SimpleRNN"):
        rows += [
            (f"{kind.lower()}-stateful-batch", SEQ, [lay(kind, units=3, stateful=True)],
             {"batch_size": 2}),
            (f"{kind.lower()}-stateful-no-batch", SEQ, [lay(kind, units=3, stateful=True)]),
            (f"{kind.lower()}-return-state-last", SEQ, [lay(kind, units=3, return_state=True)]),
            (f"{kind.lower()}-return-state-seq-last", SEQ,
             [lay(kind, units=3, return_state=True, return_sequences=True)]),
            (f"{kind.lower()}-return-state-mid", SEQ,
             [lay(kind, units=3, return_state=True, return_sequences=True), LSTM(2)]),
        ]
    rows += [
        ("bidirectional-stateful-batch", SEQ,
         [lay("Bidirectional", layer=LSTM(2, stateful=True))], {"batch_size": 4}),
        ("bidirectional-stateful-no-batch", SEQ,
         [lay("Bidirectional", layer=lay("GRU", units=2, stateful=True))]),
        ("stateful-second-layer-no-batch", SEQ,
         [LSTM(return_sequences=True), LSTM(2, stateful=True)]),
        ("stateful-stack-batch", [5, 1], [LSTM(return_sequences=True, stateful=True),
                                          LSTM(2, stateful=True), lay("Dense", units=1)],
         {"batch_size": 3}),
        ("bidirectional-return-state-mid", SEQ,
         [lay("Bidirectional", layer=LSTM(2, return_state=True)), lay("Dense", units=1)]),
        ("return-state-then-dense", SEQ, [LSTM(return_state=True), lay("Dense", units=1)]),
    ]
    return cases(rows)


def duplicate_names(rng):
    return cases([
        ("name-clash-user-then-auto", SEQ, [LSTM(name="lstm", return_sequences=True), LSTM()]),
        ("name-clash-auto-then-user", SEQ, [LSTM(return_sequences=True), LSTM(name="lstm")]),
        ("name-clash-dense-1", [4], [lay("Dense", units=2, name="dense_1"), lay("Dense", units=2),
                                     lay("Dense", units=2)]),
        ("name-clash-input-layer", [4], [lay("Dense", units=2, name="input_layer")]),
        ("name-clash-two-users", [4], [lay("Dense", units=2, name="head"),
                                       lay("Dense", units=2, name="head")]),
        ("name-forward-lstm-ok", SEQ, [lay("Bidirectional", layer=LSTM(2, return_sequences=True)),
                                       LSTM(name="forward_lstm")]),
        ("name-wrapped-clash", SEQ, [lay("TimeDistributed", layer=lay("Dense", units=2)),
                                     lay("Dense", units=2, name="dense")]),
        ("name-bidirectional-consumes-lstm", SEQ,
         [lay("Bidirectional", layer=LSTM(2, return_sequences=True)), LSTM(name="lstm_1")]),
        ("name-user-names-ok", SEQ, [LSTM(name="encoder", return_sequences=True),
                                     LSTM(name="decoder"), lay("Dense", units=1, name="out")]),
        ("name-inner-named", SEQ, [lay("Bidirectional", layer=LSTM(2, name="lstm_1")),
                                   lay("Dense", units=1)]),
    ])


def bidirectional_grid(rng):
    grid = list(itertools.product(("LSTM", "GRU", "SimpleRNN"), ("concat", "sum", "mul", "ave"),
                                  (True, False), (True, False)))
    out = []
    for kind, merge, sequences, state in rng.sample(grid, 30):
        inner = lay(kind, units=rng.randint(1, 4), return_sequences=sequences,
                    return_state=state)
        out.append((f"bidirectional-{kind.lower()}-{merge}-rs{int(sequences)}-st{int(state)}",
                    cfg(SEQ, [lay("Bidirectional", merge_mode=merge, layer=inner)])))
    for merge in ("concat", "sum", "mul", "ave"):  # return_state last, for every merge mode
        inner = LSTM(2, return_state=True, return_sequences=merge in ("sum", "ave"))
        out.append((f"bidirectional-return-state-{merge}",
                    cfg(SEQ, [LSTM(return_sequences=True),
                              lay("Bidirectional", merge_mode=merge, layer=inner)])))
    out += cases([
        ("bidirectional-go-backwards", SEQ,
         [lay("Bidirectional", layer=LSTM(2, go_backwards=True))]),
        ("bidirectional-gru-go-backwards", SEQ,
         [lay("Bidirectional", layer=lay("GRU", units=2, go_backwards=True))]),
        ("bidirectional-dense", SEQ, [lay("Bidirectional", layer=lay("Dense", units=2))]),
        ("bidirectional-merge-max", SEQ, [lay("Bidirectional", merge_mode="max", layer=LSTM(2))]),
        ("bidirectional-stack", SEQ, [lay("Bidirectional", layer=LSTM(3, return_sequences=True)),
                                      lay("Bidirectional", layer=lay("GRU", units=2)),
                                      lay("Dense", units=1)]),
        ("go-backwards-plain", SEQ, [LSTM(go_backwards=True)]),
    ])
    return out


def td_inner(kind: str, child_rank: int) -> dict:
    """A small instance of `kind` whose arguments suit a child input of `child_rank`."""
    return {
        "LSTM": LSTM(3), "GRU": lay("GRU", units=2, reset_after=False),
        "SimpleRNN": lay("SimpleRNN", units=2, return_sequences=True),
        "Dense": lay("Dense", units=2), "Embedding": lay("Embedding", input_dim=10, output_dim=3),
        "Dropout": lay("Dropout", rate=0.2), "SpatialDropout1D": lay("SpatialDropout1D", rate=0.2),
        "GaussianNoise": lay("GaussianNoise", stddev=0.1), "Masking": lay("Masking"),
        "RepeatVector": lay("RepeatVector", n=2), "Flatten": lay("Flatten"),
        "Reshape": lay("Reshape", target_shape=[-1]),
        "Permute": lay("Permute", dims=[2, 1] if child_rank == 3 else [1]),
        "Conv1D": lay("Conv1D", filters=2, kernel_size=2),
        "MaxPooling1D": lay("MaxPooling1D"), "AveragePooling1D": lay("AveragePooling1D",
                                                                     pool_size=2),
        "GlobalAveragePooling1D": lay("GlobalAveragePooling1D"),
        "GlobalMaxPooling1D": lay("GlobalMaxPooling1D", keepdims=True),
        "LayerNormalization": lay("LayerNormalization"),
        "BatchNormalization": lay("BatchNormalization", center=False),
        "Activation": lay("Activation", activation="relu"),
    }[kind]


def time_distributed_grid(rng):
    from stackgen import PLAIN_TYPES
    out = []
    for kind in PLAIN_TYPES:
        for rank, shape in ((3, [5, 4]), (4, [5, 4, 3])):
            extra = rng.choice([{}, {}, {"batch_size": 2}])
            if rng.random() < 0.3:
                shape = [None] + shape[1:]
            out.append((f"td-{kind.lower()}-rank{rank}",
                        cfg(shape, [lay("TimeDistributed", layer=td_inner(kind, rank - 1))],
                            **extra)))
    out += cases([
        ("td-conv1d-too-long", [5, 3, 2],
         [lay("TimeDistributed", layer=lay("Conv1D", filters=2, kernel_size=4))]),
        ("td-lstm-stateful", [5, 4, 3], [lay("TimeDistributed", layer=LSTM(2, stateful=True))],
         {"batch_size": 2}),
        ("td-dense-rank5", [2, 3, 4, 2], [lay("TimeDistributed", layer=lay("Dense", units=2))]),
    ])
    return out
