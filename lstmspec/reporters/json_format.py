"""Machine output: one JSON array, one object per diagnostic (the contract's keys)."""

from __future__ import annotations

import json


def render(results, **_) -> str:
    return json.dumps([d.to_json() for r in results for d in r.diagnostics], indent=2) + "\n"
