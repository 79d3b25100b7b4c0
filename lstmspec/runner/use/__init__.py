"""After training: predict, forecast, evaluate and export on a run directory, new data
read in the run's layout, and the trained model loaded (Keras or a verified export)."""
