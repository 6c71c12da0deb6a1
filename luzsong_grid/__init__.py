"""luzsong-grid: the grid worker's desk for Lusong District (芦淞区).

Everything below ``luzsong_grid.ui`` is Qt-free: the command line, the tests
and the office server use the core directly.
"""

__version__ = "0.1.0"
