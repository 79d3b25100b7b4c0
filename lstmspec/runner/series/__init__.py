"""Real series, NumPy only: the time axis, gaps, calendar features, several series in one
file, target transforms, and the scores and column names of forecasts.

The CSV/Parquet sources (runner/data) call these; so do predict and forecast, through the stored
preparation, so that new data is prepared as training did."""
