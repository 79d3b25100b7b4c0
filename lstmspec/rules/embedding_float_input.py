"""LS203: an Embedding fed a float input: Keras casts the values to int32 silently.

Token ids belong in an integer input (`input.dtype: int32`); a float input usually means the
data is not what the Embedding expects (features rather than ids).
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS203"


def check(ctx):
    layers = ctx.inference.layers
    if not layers or ctx.model.input.dtype.startswith("int"):
        return
    if layers[0].core.KERAS_CLASS == "Embedding":
        yield Finding(CODE, f"the input dtype is {ctx.model.input.dtype} but layer 0 is an "
                      "Embedding, which looks up integer token ids (Keras casts the values to "
                      "int32): set input.dtype: int32", ("input", "dtype") if "dtype" in
                      ctx.model.input.model_fields_set else ("input",),
                      fix="set input.dtype: int32")
