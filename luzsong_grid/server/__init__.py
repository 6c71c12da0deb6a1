"""The community office's server: accounts, devices and tokens
(:mod:`.accounts`, Qt-free, shared with the CLI) and the HTTP API
(:mod:`.app`, FastAPI; docs/SYNC-PROTOCOL.md, "HTTP API")."""
