"""The --set PATH=VALUE option that lint, summary, run and tune share (overrides/apply.py)."""

from __future__ import annotations

import click

from ..overrides.apply import OverrideSyntaxError, parse


def _parse(ctx, param, values):
    try:
        return tuple(parse(text) for text in values)
    except OverrideSyntaxError as err:
        raise click.BadParameter(str(err), param_hint="--set") from None


def set_option(command):
    """Decorator: adds `overrides` (a tuple of overrides.Override) to a command."""
    return click.option(
        "--set", "overrides", multiple=True, callback=_parse, metavar="PATH=VALUE",
        help="Replace a config value before lint checks it, e.g. --set layers.lstm.units=64 "
        "(layers by name; the value is YAML). Repeatable.")(command)
