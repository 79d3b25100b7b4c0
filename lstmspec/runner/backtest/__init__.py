"""`lstmspec backtest`: rolling-origin evaluation, each fold a `run` on the rows before its
origin (run's own preparation and training), scored as run scores its test part."""
