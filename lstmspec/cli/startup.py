"""Start-up of the command line: skip pydantic's plugin discovery, which lstmspec never uses.

The first validator pydantic builds looks for plugins through `importlib.metadata`: importing
it (email, zipfile, pathlib...) and scanning every installed distribution costs ~30 ms, about
a fifth of a whole `lstmspec lint` run. The command line uses no pydantic plugins, so it
installs an empty plugin loader before any model is built. The library API (`lstmspec.lint`)
leaves pydantic as it is. Set LSTMSPEC_PYDANTIC_PLUGINS=1 to keep the real loader.
"""

from __future__ import annotations

import os
import sys
import types

LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugin_discovery() -> None:
    if LOADER in sys.modules or os.environ.get("LSTMSPEC_PYDANTIC_PLUGINS") == "1":
        return
    stub = types.ModuleType(LOADER, "lstmspec: no pydantic plugins on the command line")
    stub.get_plugins = lambda: ()
    sys.modules[LOADER] = stub
