"""LS203: an Embedding fed a float input: Keras casts the values to int32 silently.

Token ids belong in an integer input (`input.dtype: int32`); a float input usually means the
data is not what the Embedding expects (features rather than ids).
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS203"


def check(ctx):
    specs = ctx.model.input_specs
    for info in ctx.inference.held:  # a layer left out of the model (LS210) never trains
        if not info.core.TOKEN_IDS:
            continue
        source = info.inbound[0] if info.inbound else (next(iter(specs)) if info.index == 0
                                                       else None)
        spec = specs.get(source)
        if spec is None or spec.dtype.startswith("int"):
            continue
        if ctx.model.inputs is None:
            where, setting = ("input",), "input.dtype"
            what = f"the input dtype is {spec.dtype} but layer {info.index} is an Embedding"
        else:
            where, setting = ("inputs", source), f"inputs.{source}.dtype"
            what = (f"input '{source}' has dtype {spec.dtype} but layer {info.index} "
                    f"'{info.name}' reads it and is an Embedding")
        yield Finding(CODE, f"{what}, which looks up integer token ids (Keras casts the values "
                      f"to int32): set {setting}: int32", where + ("dtype",) if "dtype" in
                      spec.model_fields_set else where, fix=f"set {setting}: int32")
