"""Sync with the community office (docs/SYNC-PROTOCOL.md): payloads
(:mod:`.protocol`), the office side (:mod:`.server`), the laptop side
(:mod:`.client`) and USB bundles (:mod:`.bundle`). Qt-free."""
