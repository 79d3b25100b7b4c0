"""`lstmspec rule LS102` prints a code's documentation; `lstmspec rule --all` lists every code."""

from __future__ import annotations

import json
import sys

import click

from ..codes import CODES
from ..suggest import closest


def matching(selector: str) -> list[str]:
    selector = selector.strip().upper()
    return sorted(c for c in CODES if c == selector or (len(selector) < 5 and
                                                       c.startswith(selector)))


def listing(codes, output_format: str) -> str:
    from ..ruledocs import fixable, rules_markdown, section_markdown

    if output_format == "markdown":
        if list(codes) == sorted(CODES):
            return rules_markdown()
        return "\n".join(section_markdown(c) for c in codes)
    rows = [{"code": c, "name": CODES[c].name, "severity": CODES[c].severity.value,
             "fixable": fixable(c), "summary": CODES[c].summary} for c in codes]
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    width = max(len(r["name"]) for r in rows)
    return "".join(f"{r['code']}  {r['severity']:<7}  {r['name']:<{width}}  "
                   f"{'fix' if r['fixable'] else '   '}  {r['summary']}\n" for r in rows)


def one(code: str, output_format: str) -> str:
    from ..ruledocs import help_uri, load, meta, section_markdown, title

    if output_format == "json":
        doc = load(code)
        return json.dumps({"code": code, "name": CODES[code].name,
                           "severity": CODES[code].severity.value, "summary": CODES[code].summary,
                           "help_uri": help_uri(code), "sections": doc.sections}, indent=2) + "\n"
    if output_format == "markdown":
        return section_markdown(code, level=1)
    return f"{title(code)}\n{meta(code)}\n\n{load(code).body}"


@click.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every code (with --format "
              "markdown: the whole rules document, as in docs/rules.md).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
def rule(code, show_all, output_format) -> int:
    """Explain a code (LS102) or list the codes of a prefix (LS1); --all lists every code."""
    from ..ruledocs import DocError

    if show_all or not code:
        sys.stdout.write(listing(sorted(CODES), output_format))
        return 0
    codes = matching(code)
    if not codes:
        guess = closest(code.upper(), CODES)
        hint = f"; did you mean {guess}?" if guess else "; `lstmspec rule --all` lists them"
        click.echo(f"lstmspec: error: no code '{code}'{hint}", err=True)
        return 2
    try:
        if len(codes) > 1:
            sys.stdout.write(listing(codes, output_format))
        else:
            sys.stdout.write(one(codes[0], output_format))
    except DocError as err:
        click.echo(f"lstmspec: error: {err}", err=True)
        return 2
    return 0
