"""Read queries the desktop pages need, Qt-free (usable from the CLI, server and tests)."""
