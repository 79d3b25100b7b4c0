"""What lint may read of data files, cheaply and without NumPy: a CSV's header and rows,
an NPZ's array headers, a Parquet footer; and the integer arithmetic of windows and splits."""
