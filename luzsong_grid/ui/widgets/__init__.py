"""Small reusable widgets and helpers: charts, remembered column widths."""
