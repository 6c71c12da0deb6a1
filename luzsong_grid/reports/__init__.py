"""Reports: periods, scopes and the counts a monthly report holds (Qt-free)."""
