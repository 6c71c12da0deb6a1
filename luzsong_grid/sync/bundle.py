"""USB bundles: the same ops and pages as the HTTP calls, in one signed file."""

from __future__ import annotations

import hashlib
import hmac


def bundle_key(device_key: bytes) -> bytes:
    """The HMAC key bundles of a device are signed with (derived from its device key)."""
    return hmac.new(device_key, b"luzsong-grid bundle v1", hashlib.sha256).digest()
