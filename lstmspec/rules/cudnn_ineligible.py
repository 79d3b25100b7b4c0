"""LS202: a recurrent layer whose arguments rule out the fast cuDNN kernel on GPU.

Keras uses cuDNN only with activation tanh, recurrent_activation sigmoid, recurrent_dropout 0,
unroll false, use_bias true and, for GRU, reset_after true
(keras/src/backend/tensorflow/rnn.py cudnn_ok; keras/src/layers/rnn/lstm.py inner_loop).
Without it, training on a GPU is typically several times slower.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS202"

DEFAULTS = {"activation": "tanh", "recurrent_activation": "sigmoid", "recurrent_dropout": 0.0,
            "unroll": False, "use_bias": True, "reset_after": True}


def blockers(spec) -> list[str]:
    found = []
    for key, wanted in DEFAULTS.items():
        if key in type(spec).model_fields and getattr(spec, key) != wanted:
            found.append(key)
    return found


def check(ctx):
    for info in ctx.inference.held:  # a layer left out of the model (LS210) never trains
        spec, path = info.core, info.core_path
        if not spec.CUDNN_KERNEL:
            continue
        keys = blockers(spec)
        if keys:
            shown = ", ".join(f"{k}: {str(getattr(spec, k)).lower()}" for k in keys)
            wanted = ", ".join(f"{k}: {str(DEFAULTS[k]).lower()}" for k in keys)
            yield Finding(CODE, f"{spec.KERAS_CLASS} in layer {info.index} cannot use the fast "
                          f"cuDNN kernel on GPU because of {shown}; training there will be "
                          f"several times slower. Use {wanted} if the model allows",
                          path + (keys[0],), on_key=True)
