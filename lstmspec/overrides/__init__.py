"""Config values by dotted path: `--set PATH=VALUE` overrides and the paths of a
`tune:` space, resolved against the config as written."""
