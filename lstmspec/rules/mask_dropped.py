"""LS201: a mask made by Embedding(mask_zero) or Masking is destroyed by a later layer.

Keras then only warns at build time (`... does not support masking and will therefore destroy
the mask information`), and padded timesteps are silently treated as data.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS201"


def makes_mask(spec) -> bool:
    return spec.KERAS_CLASS == "Masking" or getattr(spec, "mask_zero", False)


def supports_masking(spec) -> bool:
    # Embedding sets supports_masking = mask_zero (keras/src/layers/core/embedding.py): with
    # mask_zero it replaces an incoming mask by its own, without warning.
    return spec.SUPPORTS_MASKING or getattr(spec, "mask_zero", False)


def check(ctx):
    source = None
    for info in ctx.inference.layers:
        spec = info.spec
        if source is not None:
            if not supports_masking(spec):
                yield Finding(CODE, f"{spec.KERAS_CLASS} '{info.name}' does not support masking "
                              f"and drops the mask made by layer {source.index} '{source.name}': "
                              "padded timesteps count as data from here on; put a recurrent "
                              "layer (or GlobalAveragePooling1D) before it, or remove the mask",
                              ("layers", info.index, "type"))
                source = None
            elif spec.consumes_mask():
                source = None
        if makes_mask(spec):
            source = info
