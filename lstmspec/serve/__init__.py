"""`lstmspec serve`: a trained run directory as an HTTP service (FastAPI on uvicorn), which
answers through the same functions as predict and forecast, on JSON rows instead of a file."""
