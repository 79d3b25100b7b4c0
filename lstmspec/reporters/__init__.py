"""Reporters: one module per output format and one registry, name -> render(results) -> str."""

from __future__ import annotations

import importlib

REPORTERS: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
}


def render(name: str, results, **options) -> str:
    """Options (such as sarif's repo_root) go only to the reporters that take them."""
    module = importlib.import_module(f"{__name__}.{REPORTERS[name]}")
    return module.render(results, **options) if options else module.render(results)
