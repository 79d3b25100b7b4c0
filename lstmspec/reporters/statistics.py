"""`lint --statistics`: how many times each code was reported, most frequent first (ruff's
`--statistics`), as text columns or, with `--format json`, a JSON array."""

from __future__ import annotations

import json
from collections import Counter

from ..codes import CODES


def counts(results, fixable=frozenset()) -> list[dict]:
    found = Counter(d.code for r in results for d in r.diagnostics)
    return [{"code": code, "name": CODES[code].name, "count": count,
             "fixable": code in fixable}
            for code, count in sorted(found.items(), key=lambda item: (-item[1], item[0]))]


def render(results, as_json: bool = False, fixable=frozenset()) -> str:
    rows = counts(results, fixable)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    return "".join(f"{row['count']:>5}  {row['code']}  {'[*] ' if row['fixable'] else ''}"
                   f"{row['name']}\n" for row in rows)
