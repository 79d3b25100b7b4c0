"""Reporters: one module per output format and one registry, name -> render(results) -> str."""

from __future__ import annotations

import importlib

REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
}


def render(name: str, results) -> str:
    return importlib.import_module(f"{__name__}.{REPORTERS[name]}").render(results)
