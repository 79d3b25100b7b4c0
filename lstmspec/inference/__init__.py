"""Static shape and parameter propagation: the stack and graph walks, references,
states, Keras's automatic names, and the resource budget built on the table."""

from __future__ import annotations


def infer(model, specs: list):
    """The Inference of a validated config: the graph walk for a config with `inputs:`, `from`
    or `outputs`, the stack walk otherwise (each imported when first needed)."""
    from .references import is_graph

    if is_graph(model, specs):
        from .graph import infer_graph

        return infer_graph(model, specs)
    from .stack import infer_stack

    return infer_stack(model, specs)
