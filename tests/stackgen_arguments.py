"""More targeted families for stackgen.py: weights and biases, normalisation, pooling options,
dtypes and Embedding, masks, batch sizes, and schema errors that Keras refuses as well."""

from __future__ import annotations

import itertools

from stackgen_families import LSTM, SEQ, cases, lay


def weights(rng):
    rows = []
    for reset_after, use_bias in itertools.product((True, False), (True, False)):
        rows.append((f"gru-reset-after{int(reset_after)}-bias{int(use_bias)}", SEQ,
                     [lay("GRU", units=3, reset_after=reset_after, use_bias=use_bias)]))
    rows += [
        ("lstm-no-bias", SEQ, [LSTM(3, use_bias=False)]),
        ("lstm-no-forget-bias", SEQ, [LSTM(3, unit_forget_bias=False)]),
        ("simple-rnn-no-bias", SEQ, [lay("SimpleRNN", units=3, use_bias=False)]),
        ("dense-no-bias", [5], [lay("Dense", units=3, use_bias=False)]),
        ("conv1d-no-bias", SEQ, [lay("Conv1D", filters=3, kernel_size=2, use_bias=False)]),
        ("cudnn-blockers", SEQ, [LSTM(3, activation="relu", recurrent_activation="tanh",
                                      recurrent_dropout=0.2, unroll=True, return_sequences=True),
                                 lay("GRU", units=2, reset_after=False, use_bias=False)]),
        ("identity-kernels", SEQ, [LSTM(3, kernel_initializer="identity",
                                        recurrent_initializer="identity"),
                                   lay("Dense", units=2, kernel_initializer="identity")]),
        ("embedding-orthogonal", [5], [lay("Embedding", input_dim=6, output_dim=3,
                                           embeddings_initializer="orthogonal")],
         {"dtype": "int32"}),
    ]
    # A 1D bias cannot take a matrix initializer; GRU's reset_after bias is (2, 3 x units).
    for init in ("identity", "orthogonal"):
        for kind, extra in (("Dense", {"units": 2}), ("LSTM", {"units": 2}),
                            ("SimpleRNN", {"units": 2}), ("Conv1D", {"filters": 2,
                                                                    "kernel_size": 2}),
                            ("GRU", {"units": 2}), ("GRU", {"units": 2, "reset_after": False})):
            for use_bias in (True, False):
                tag = f"{kind.lower()}{'-ra0' if extra.get('reset_after') is False else ''}"
                rows.append((f"bias-{init}-{tag}-bias{int(use_bias)}", SEQ,
                             [lay(kind, bias_initializer=init, use_bias=use_bias, **extra)]))
    rows.append(("lstm-bias-identity-no-forget", SEQ,
                 [LSTM(2, bias_initializer="identity", unit_forget_bias=False)]))
    return cases(rows)


def normalisation(rng):
    rows = []
    for kind, (center, scale), shape in itertools.product(
            ("LayerNormalization", "BatchNormalization"),
            itertools.product((True, False), repeat=2), ([6], SEQ, [3, 4, 2])):
        rows.append((f"{kind.lower()}-c{int(center)}-s{int(scale)}-rank{len(shape) + 1}", shape,
                     [lay(kind, center=center, scale=scale)]))
    rows += [
        ("batchnorm-options", SEQ, [lay("BatchNormalization", momentum=0.5, epsilon=0.01),
                                    LSTM()], {"batch_size": 4}),
        ("layernorm-epsilon", SEQ, [LSTM(return_sequences=True),
                                    lay("LayerNormalization", epsilon=1e-6), LSTM(2)]),
        ("batchnorm-after-td", [5, 4, 3], [lay("TimeDistributed", layer=lay("Dense", units=2)),
                                           lay("BatchNormalization")]),
        ("batchnorm-1d-batch", [], [lay("BatchNormalization")], {"batch_size": 3}),
    ]
    return cases(rows)


def global_pooling(rng):
    rows = []
    for kind, keepdims, steps in itertools.product(
            ("GlobalAveragePooling1D", "GlobalMaxPooling1D"), (True, False), (5, None)):
        follow = LSTM(2) if keepdims else lay("Dense", units=2)
        rows.append((f"{kind.lower()}-keepdims{int(keepdims)}-L{steps}", [steps, 3],
                     [lay(kind, keepdims=keepdims), follow]))
    rows.append(("gap-keepdims-then-flatten", SEQ,
                 [lay("GlobalAveragePooling1D", keepdims=True), lay("Flatten")]))
    return cases(rows)


def dtypes(rng):
    rows = []
    for dtype, mask_zero, follow in itertools.product(
            ("int32", "int64"), (True, False), ("LSTM", "Bidirectional", "GlobalAveragePooling1D",
                                                "Conv1D", "Flatten")):
        layer = {"LSTM": LSTM(2), "Bidirectional": lay("Bidirectional", layer=lay("GRU", units=2)),
                 "Conv1D": lay("Conv1D", filters=2, kernel_size=3),
                 "Flatten": lay("Flatten")}.get(follow, lay(follow))
        rows.append((f"embedding-{dtype}-mask{int(mask_zero)}-{follow.lower()}", [6],
                     [lay("Embedding", input_dim=12, output_dim=3, mask_zero=mask_zero), layer,
                      lay("Dense", units=1)], {"dtype": dtype}))
    for dtype in ("float16", "bfloat16", "float32"):
        rows.append((f"{dtype}-input", SEQ, [lay("Conv1D", filters=2, kernel_size=2),
                                             LSTM(2), lay("Dense", units=1)], {"dtype": dtype}))
    rows += [
        ("embedding-float-input", [6], [lay("Embedding", input_dim=12, output_dim=3), LSTM(2)]),
        ("embedding-after-dense", [4], [lay("Dense", units=3),
                                        lay("Embedding", input_dim=5, output_dim=2)]),
        ("int-input-lstm", SEQ, [LSTM(2)], {"dtype": "int32"}),
    ]
    return cases(rows)


def masks(rng):
    masking = lay("Masking", mask_value=0.0)
    embed = lay("Embedding", input_dim=10, output_dim=3, mask_zero=True)
    droppers = {"Conv1D": lay("Conv1D", filters=2, kernel_size=2), "Flatten": lay("Flatten"),
                "GlobalMaxPooling1D": lay("GlobalMaxPooling1D"),
                "MaxPooling1D": lay("MaxPooling1D"),
                "AveragePooling1D": lay("AveragePooling1D", pool_size=2),
                "Reshape": lay("Reshape", target_shape=[-1]),
                "Permute": lay("Permute", dims=[2, 1])}
    rows = []
    for (source, first), (kind, layer) in itertools.product(
            (("masking", masking), ("embedding", embed)), droppers.items()):
        shape, extra = ([6, 3], {}) if source == "masking" else ([6], {"dtype": "int32"})
        rows.append((f"mask-{source}-{kind.lower()}", shape, [first, layer], extra))
    passers = [lay("Dense", units=2), lay("Dropout", rate=0.1), lay("SpatialDropout1D", rate=0.1),
               lay("GaussianNoise", stddev=0.1), lay("LayerNormalization"),
               lay("BatchNormalization"), lay("Activation", activation="tanh"),
               lay("TimeDistributed", layer=lay("Dense", units=2)), LSTM(2, return_sequences=True),
               lay("Bidirectional", layer=lay("GRU", units=2, return_sequences=True)), masking]
    for layer in passers:
        rows.append((f"mask-through-{layer['type'].lower()}-flatten", [6, 3],
                     [masking, layer, lay("Flatten")]))
    rows += [
        ("mask-consumed-by-lstm", [6, 3], [masking, LSTM(2), lay("RepeatVector", n=2),
                                           lay("Flatten")]),
        ("mask-consumed-by-gap", [6], [embed, lay("GlobalAveragePooling1D"), lay("Dense", units=2)],
         {"dtype": "int32"}),
        ("mask-2d-repeat-vector", [4], [masking, lay("RepeatVector", n=2)]),
        ("mask-into-embedding-no-mask", [6],
         [masking, lay("Embedding", input_dim=5, output_dim=2)]),
        ("mask-into-embedding-mask", [6], [masking, embed, lay("Flatten")]),
        ("mask-td-conv", [6, 4, 2], [masking, lay("TimeDistributed", layer=lay(
            "Conv1D", filters=2, kernel_size=2)), lay("Flatten")]),
        ("mask-bidirectional-last", [6], [embed, lay("Bidirectional", layer=LSTM(2)),
                                          lay("Reshape", target_shape=[2, 2])], {"dtype": "int32"}),
    ]
    return cases(rows)


def batch_sizes(rng):
    return cases([(f"batch-{label}", shape, layers, {"batch_size": size}) for label, shape, layers,
                  size in (
        ("flatten-reshape", [4, 6], [lay("Flatten"), lay("Reshape", target_shape=[6, -1])], 3),
        ("td-repeat", SEQ, [lay("TimeDistributed", layer=lay("Dense", units=2)), LSTM(2),
                            lay("RepeatVector", n=3)], 2),
        ("permute-bidirectional", SEQ, [lay("Permute", dims=[2, 1]),
                                        lay("Bidirectional", layer=LSTM(2))], 5),
        ("embedding", [6], [lay("Embedding", input_dim=9, output_dim=4), LSTM(2)], 1),
        ("gap-keepdims", SEQ, [lay("GlobalMaxPooling1D", keepdims=True), LSTM(2)], 2),
        ("conv-pool", [12, 2], [lay("Conv1D", filters=2, kernel_size=3, padding="same"),
                                lay("AveragePooling1D", pool_size=3), lay("Flatten")], 4),
    )])


def schema_refused(rng):
    """Values the schema rejects and Keras refuses too, on the same layer."""
    conv = lambda **a: lay("Conv1D", **{"filters": 2, "kernel_size": 2, **a})  # noqa: E731
    return cases([
        ("lstm-units-zero", SEQ, [LSTM(0)]),
        ("gru-units-negative", SEQ, [lay("GRU", units=-1)]),
        ("simple-rnn-units-zero", SEQ, [lay("SimpleRNN", units=0)]),
        ("dense-units-zero", [4], [lay("Dense", units=0)]),
        ("lstm-units-float", SEQ, [LSTM(2.5)]),
        ("gru-units-float", SEQ, [lay("GRU", units=2.5)]),
        ("lstm-units-text", SEQ, [LSTM("4")]),
        ("conv1d-filters-zero", SEQ, [conv(filters=0)]),
        ("conv1d-kernel-zero", SEQ, [conv(kernel_size=0)]),
        ("conv1d-kernel-pair", SEQ, [conv(kernel_size=[3, 3])]),
        ("conv1d-strides-zero", SEQ, [conv(strides=0)]),
        ("conv1d-dilation-zero", SEQ, [conv(dilation_rate=0)]),
        ("conv1d-padding-full", SEQ, [conv(padding="full")]),
        ("maxpool-size-zero", SEQ, [lay("MaxPooling1D", pool_size=0)]),
        ("maxpool-strides-zero", SEQ, [lay("MaxPooling1D", strides=0)]),
        ("avgpool-causal", SEQ, [lay("AveragePooling1D", pool_size=2, padding="causal")]),
        ("avgpool-no-size", SEQ, [lay("AveragePooling1D")]),
        ("dropout-rate-high", SEQ, [lay("Dropout", rate=1.5)]),
        ("spatial-dropout-negative", SEQ, [lay("SpatialDropout1D", rate=-0.1)]),
        ("gaussian-noise-high", SEQ, [lay("GaussianNoise", stddev=2.0)]),
        ("repeat-vector-zero", [4], [lay("RepeatVector", n=0)]),
        ("embedding-input-dim-zero", [4], [lay("Embedding", input_dim=0, output_dim=2)],
         {"dtype": "int32"}),
        ("embedding-output-dim-zero", [4], [lay("Embedding", input_dim=3, output_dim=0)],
         {"dtype": "int32"}),
        ("activation-unknown", SEQ, [lay("Activation", activation="Relu")]),
        ("dense-activation-unknown", [4], [lay("Dense", units=2, activation="nope")]),
        ("lstm-initializer-unknown", SEQ, [LSTM(2, kernel_initializer="nope")]),
        ("dense-initializer-constant", [4], [lay("Dense", units=2, bias_initializer="constant")]),
        ("typo-return-sequence", SEQ, [LSTM(2, return_sequence=True)]),
        ("typo-second-layer", SEQ, [LSTM(2, return_sequences=True), lay("Dense", unit=2)]),
        ("unknown-type-lstm", SEQ, [lay("Lstm", units=2)]),
        ("unknown-type-later", SEQ, [LSTM(2), lay("Denses", units=2)]),
        ("missing-units", SEQ, [lay("LSTM")]),
        ("schema-error-after-shape-error", [6], [LSTM(2), lay("Dense", units=0)]),
    ])
