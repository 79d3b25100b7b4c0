"""Options several commands share: --max-params and --max-memory (`lint`, `summary`: the LS5xx
budget) and --device (`build`, `run`, `tune`)."""

from __future__ import annotations

import click

from ..inference.budget import DEFAULT_BUDGET, parse_size

DEVICES = click.Choice(["auto", "cpu", "gpu"])


def _size(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def budget_options(command):
    """Decorator: adds `max_params` and `max_memory` (bytes, or None) to a command."""
    command = click.option(
        "--max-memory", "max_memory", callback=_size, metavar="SIZE",
        help=f"Training-memory budget for LS502, e.g. 2GB or 512MB (default: "
        f"{DEFAULT_BUDGET.max_memory // 1024**3}GB).")(command)
    return click.option(
        "--max-params", "max_params", type=click.IntRange(min=1), metavar="N",
        help=f"Parameter budget for LS501 (default: {DEFAULT_BUDGET.max_params:,}).")(command)
