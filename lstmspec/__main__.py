"""`python -m lstmspec`: the same entry point as the `lstmspec` console script."""

from lstmspec.cli import main

if __name__ == "__main__":
    main()
