"""Options several commands share: --max-params and --max-memory (the LS5xx budget: `lint`,
`summary`, `build`, `run`, `tune`), --device (`build`, `run`, `tune`), and how `lint` finds its
settings and files (`settings_options`)."""

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


def settings_options(command):
    """Decorator: how lint finds its settings and files (ruff's options). The command gets
    `discovery` (settings.discover.Options) and `stdin_filename`."""
    import functools

    from ..settings.discover import Options
    from ..settings.files import Mode

    @functools.wraps(command)
    def wrapper(*args, config_file, isolated, exclude, extend_exclude, force_exclude,
                respect_gitignore, **kwargs):
        kwargs["discovery"] = Options(Mode(config_file, isolated),
                                      tuple(exclude) if exclude else None,
                                      tuple(extend_exclude), force_exclude, respect_gitignore)
        return command(*args, **kwargs)

    options = [
        click.option("--config", "config_file", type=click.Path(dir_okay=False),
                     metavar="FILE", help="Use this settings file (a pyproject.toml with "
                     "[tool.lstmspec], or an lstmspec.toml) for every file, instead of the "
                     "nearest one."),
        click.option("--isolated", is_flag=True,
                     help="Ignore every settings file (pyproject.toml, lstmspec.toml)."),
        click.option("--exclude", multiple=True, metavar="PATTERN",
                     help="Leave out these files or folders instead of the settings' "
                     "exclude list. Repeatable."),
        click.option("--extend-exclude", multiple=True, metavar="PATTERN",
                     help="Leave out these files or folders too (a name, or a path pattern "
                     "relative to the current folder). Repeatable."),
        click.option("--force-exclude/--no-force-exclude", default=None,
                     help="Apply exclude to the files named on the command line too (for "
                     "pre-commit)."),
        click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                     help="Leave out the files git ignores when walking folders (default: "
                     "the settings', on)."),
        click.option("--stdin-filename", metavar="PATH",
                     help="With `-` as the path: lint standard input as if it were this file "
                     "(its settings, exclusions and data folders apply)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
