"""Encryption at rest: the laptop's data key, the keyring that keeps it
wrapped under each local account's password, and sealed blobs (USB bundles).

- The laptop's database (and its backups) is a SQLCipher file encrypted
  with a random 256-bit *data key*, given to SQLCipher as a raw key (no key
  derivation on each connection open).
- The data key is never written down in clear. The keyring file beside the
  database holds one entry per local account that may sign in: the data key
  sealed with AES-256-GCM under a key derived from that account's password
  with Argon2id (a salt of its own per entry, the parameters stored with it).
  Signing in is unsealing: a wrong password fails the GCM tag.
- Entries are looked up by an HMAC of the user name under a salt of the
  file, so the file does not list who works on this laptop.

Qt-free; uses ``argon2-cffi`` and ``cryptography``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger("luzsong_grid.store")

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT = "luzsong-grid keyring"
VERSION = 1
# Argon2id as RFC 9106 recommends when memory is scarce: 3 passes over 64 MiB,
# 4 lanes. About a tenth of a second on a laptop, for each sign-in.
ARGON2_TIME = 3
ARGON2_MEMORY_KIB = 65536
ARGON2_LANES = 4
_WRAP_AAD = b"luzsong-grid data key v1"

MSG_KEYRING_DAMAGED = QT_TRANSLATE_NOOP(
    "core",
    "The key file {path} is damaged, so the database cannot be unlocked. "
    "Restore the data folder from a copy, or ask the community office.",
)
MSG_KEYRING_WRITE = QT_TRANSLATE_NOOP("core", "The key file {path} could not be written: {error}")


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def keyring_path(db_path: Path) -> Path:
    """Where the keyring of the database at ``db_path`` lives (beside it)."""
    return db_path.with_name(db_path.stem + ".keyring.json")


def _derive(password: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def seal(key: bytes, plain: bytes, aad: bytes = b"") -> bytes:
    """AES-256-GCM: a random nonce, then the ciphertext with its tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def unseal(key: bytes, blob: bytes, aad: bytes = b"") -> bytes | None:
    """What :func:`seal` sealed, or None when the key is wrong or a byte changed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < NONCE_BYTES + 16:
        return None
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        return None


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose derived from ``key`` (HMAC-SHA256 as a KDF)."""
    return hmac.new(key, b"luzsong-grid " + purpose.encode(), hashlib.sha256).digest()


@dataclass
class Keyring:
    """The wrapped data key of one database, one entry per local account."""

    path: Path
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    # -- reading and writing the file -------------------------------------

    @classmethod
    def load(cls, path: Path) -> Keyring | None:
        """The keyring at ``path``; None when there is none; UserError when
        it cannot be read."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise UserError(MSG_KEYRING_DAMAGED, path=str(path)) from exc
        try:
            if data.get("format") != FORMAT or int(data.get("version", 0)) != VERSION:
                raise ValueError("not a keyring")
            entries = dict(data["users"])
            return cls(path=path, salt=bytes.fromhex(data["salt"]), entries=entries)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise UserError(MSG_KEYRING_DAMAGED, path=str(path)) from exc

    @classmethod
    def for_database(cls, db_path: Path) -> Keyring | None:
        return cls.load(keyring_path(db_path))

    def save(self) -> None:
        """Write atomically (a temporary file moved into place), owner-only."""
        data = {
            "format": FORMAT,
            "version": VERSION,
            "salt": self.salt.hex(),
            "users": self.entries,
        }
        temp = self.path.with_name(self.path.name + ".part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise UserError(
                MSG_KEYRING_WRITE, path=str(self.path), error=exc.strerror or str(exc)
            ) from exc

    # -- entries -----------------------------------------------------------

    def _entry_id(self, username: str) -> str:
        return hmac.new(self.salt, username.strip().encode("utf-8"), hashlib.sha256).hexdigest()

    def __len__(self) -> int:
        return len(self.entries)

    def has_user(self, username: str) -> bool:
        return self._entry_id(username) in self.entries

    def unwrap(self, username: str, password: str) -> bytes | None:
        """The data key if ``password`` is ``username``'s, else None. An
        unknown user name costs the same Argon2 run as a wrong password."""
        entry = self.entries.get(self._entry_id(username))
        if entry is None:
            _derive(password, secrets.token_bytes(16), ARGON2_TIME, ARGON2_MEMORY_KIB, ARGON2_LANES)
            return None
        try:
            kek = _derive(
                password, bytes.fromhex(entry["salt"]), int(entry["t"]), int(entry["m"]),
                int(entry["p"]),
            )  # fmt: skip
            blob = bytes.fromhex(entry["wrapped"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(MSG_KEYRING_DAMAGED, path=str(self.path)) from exc
        key = unseal(kek, blob, _WRAP_AAD)
        return key if key is not None and len(key) == KEY_BYTES else None

    def set_user(self, username: str, password: str, key: bytes) -> None:
        """Add (or re-wrap) ``username``'s entry: ``key`` sealed under ``password``."""
        salt = secrets.token_bytes(16)
        kek = _derive(password, salt, ARGON2_TIME, ARGON2_MEMORY_KIB, ARGON2_LANES)
        self.entries[self._entry_id(username)] = {
            "kdf": "argon2id",
            "t": ARGON2_TIME,
            "m": ARGON2_MEMORY_KIB,
            "p": ARGON2_LANES,
            "salt": salt.hex(),
            "wrapped": seal(kek, key, _WRAP_AAD).hex(),
        }

    def remove_user(self, username: str) -> bool:
        return self.entries.pop(self._entry_id(username), None) is not None
