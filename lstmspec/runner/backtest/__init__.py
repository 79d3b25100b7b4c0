"""`lstmspec backtest`: rolling-origin evaluation. K forecast origins over the end of the data,
a model trained on the rows before each by `run` itself (its preparation and training), each
fold scored as `run` scores its test part; folds run in parallel processes and resume."""
