"""Pydantic models of the config format, one module per layer type and per section, and the
shape arithmetic their infer() methods share (shapes.py)."""
