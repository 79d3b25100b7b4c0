"""LS201: a mask made by Embedding(mask_zero) or Masking is destroyed by a later layer.

Keras then only warns at build time (`... does not support masking and will therefore destroy
the mask information`), and padded timesteps are silently treated as data.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS201"


def supports_masking(spec) -> bool:
    # Embedding sets supports_masking = mask_zero (keras/src/layers/core/embedding.py): with
    # mask_zero it replaces an incoming mask by its own, without warning.
    return spec.SUPPORTS_MASKING or getattr(spec, "mask_zero", False)


def incoming(info, masks: dict):
    """The mask a graph layer receives: the LayerInfo that made it, or None (Keras's
    compute_mask of merges: element-wise ones keep a mask only when every input has one,
    Concatenate when any has; attention passes the query's)."""
    refs = info.inbound[:len(info.input_shapes)]
    found = [masks.get(ref) for ref in refs]
    kind = info.spec.MASK_FROM_INPUTS
    if info.spec.INPUTS is None or kind == "first":
        return found[0] if found else None
    if kind == "any":
        return next((f for f in found if f is not None), None)
    return found[0] if None not in found else None


def check_graph(ctx):
    masks: dict = {}  # reference -> LayerInfo that made the mask the tensor carries
    for info in ctx.inference.layers:
        spec, source = info.spec, incoming(info, masks)
        if source is not None and not supports_masking(spec):
            yield Finding(CODE, f"{spec.KERAS_CLASS} '{info.name}' does not support masking "
                          f"and drops the mask made by layer {source.index} '{source.name}': "
                          "padded timesteps count as data from here on", ("layers", info.index,
                                                                            "type"))
            source = None
        elif source is not None and spec.consumes_mask():
            source = None
        if spec.makes_mask():
            source = info
        masks[info.name] = masks[f"{info.name}.0"] = source


def check(ctx):
    if ctx.inference.graph:
        yield from check_graph(ctx)
        return
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
        if spec.makes_mask():
            source = info
