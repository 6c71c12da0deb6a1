"""Entry point of the bundled app (PyInstaller runs this file)."""

import multiprocessing
import sys

from luzsong_grid.cli import main

if __name__ == "__main__":
    # The households page computes due states of a large scope in a spawned
    # process; a frozen app must answer such a child before anything else.
    multiprocessing.freeze_support()
    sys.exit(main())
