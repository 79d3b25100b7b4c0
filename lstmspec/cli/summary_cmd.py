"""`lstmspec summary FILE`: the static table of shapes and parameters, without TensorFlow."""

from __future__ import annotations

import sys

import click

from ..checking import budget_for, lint_paths
from ..diagnostics import has_errors
from ..inference.budget import estimate
from ..reporters import render
from ..settings import settings_for
from ..summary.table import to_json, to_text
from .options import budget_options
from .set_option import set_option


@click.command()
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "svg", "html"]),
              default="text", show_default=True,
              help="svg/html: a drawing of the model (errors drawn on their layers).")
@click.option("--explain", is_flag=True, help="Say what each layer does and how its parameters "
              "are counted.")
@budget_options
@set_option
def summary(path, output_format, explain, max_params, max_memory, overrides) -> int:
    """Print the layers, output shapes and parameter counts of a config."""
    results, problems = lint_paths([path], max_params=max_params, max_memory=max_memory,
                                   overrides=overrides)
    for problem in problems:
        click.echo(f"lstmspec: error: {problem}", err=True)
    if problems or not results:
        return 2
    result = results[0]
    if output_format in ("svg", "html"):
        return drawing(result, output_format)
    if not result.ok:
        sys.stdout.write(render(output_format, results))
        return 1
    if result.diagnostics and output_format == "text":
        sys.stderr.write(render("text", results))
    name = result.model.name
    if output_format == "json":
        sys.stdout.write(to_json(result.source.path, result.inference))
    else:
        budget = budget_for(settings_for(path), max_params, max_memory)
        cost = estimate(result.inference, result.model, budget)
        sys.stdout.write(to_text(result.source.path, name, result.inference, explain,
                                 estimate=cost))
    return 1 if has_errors(result.diagnostics) else 0


def drawing(result, output_format: str) -> int:
    """The model drawn, also when it has errors (shown on their layers); exit 1 on errors,
    or when there is no model to draw (the diagnostics are printed instead)."""
    from ..summary.svg import to_html, to_svg
    from ..validation.config import validate

    if result.model is None:
        sys.stdout.write(render("text", [result]))
        return 1
    specs = validate(result.source.data).layers
    if output_format == "svg":
        sys.stdout.write(to_svg(result, specs))
    else:
        sys.stdout.write(to_html(result, specs, result.model.name or result.source.path))
    return 1 if has_errors(result.diagnostics) else 0
