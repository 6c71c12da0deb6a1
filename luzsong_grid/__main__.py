import sys

from luzsong_grid.cli import main

sys.exit(main())
