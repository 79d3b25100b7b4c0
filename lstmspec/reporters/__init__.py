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
    """Options (sarif's repo_root, text's quiet) are taken by the reporters they concern and
    ignored by the others."""
    module = importlib.import_module(f"{__name__}.{REPORTERS[name]}")
    return module.render(results, **options)
