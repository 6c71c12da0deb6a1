"""Opening the local database: one engine and session factory for everyone.

SQLite in WAL mode with foreign keys on and a busy timeout on every
connection; the schema comes only from Alembic migrations, run on open; a
database written by a newer version of the app is refused, not touched.
Errors that are the environment's fault (locked, read-only, full, corrupt,
newer) become a :class:`~luzsong_grid.i18n.UserError` with a clear message.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from luzsong_grid.i18n import QT_TRANSLATE_NOOP, UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from luzsong_grid.hlc import HybridClock

log = logging.getLogger("luzsong_grid.store")

# The newest migration this version of the app knows. A test keeps it equal
# to the head of store/migrations, so opening an up-to-date database needs
# no Alembic import at all.
SCHEMA_HEAD = "0004_pull_index"
BUSY_TIMEOUT_MS = 5000

MSG_LOCKED = QT_TRANSLATE_NOOP(
    "core",
    "The database is locked by another program. Close other copies of the app and try again.",
)
MSG_READONLY = QT_TRANSLATE_NOOP(
    "core", "The data folder is read-only, so nothing can be saved: {path}"
)
MSG_FULL = QT_TRANSLATE_NOOP(
    "core", "The disk is full. Nothing was saved; free some space and try again."
)
MSG_CORRUPT = QT_TRANSLATE_NOOP(
    "core", "The database file is damaged or is not a luzsong-grid database: {path}"
)
MSG_CANNOT_OPEN = QT_TRANSLATE_NOOP("core", "The database cannot be opened: {path}")
MSG_TOO_NEW = QT_TRANSLATE_NOOP(
    "core",
    "This database was written by a newer version of luzsong-grid (schema {found}). "
    "Install the newer version; the database was not changed.",
)


def storage_error(exc: BaseException, path: Path | str = "") -> UserError | None:
    """The user-facing message for a storage failure caused by the
    environment, or None when ``exc`` looks like a bug."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text:
        return UserError(MSG_LOCKED)
    if "readonly" in text or "read-only" in text:
        return UserError(MSG_READONLY, path=str(path))
    if "disk is full" in text or "disk full" in text or "no space" in text:
        return UserError(MSG_FULL)
    if "not a database" in text or "malformed" in text:
        return UserError(MSG_CORRUPT, path=str(path))
    if "unable to open" in text:
        return UserError(MSG_CANNOT_OPEN, path=str(path))
    return None


@contextlib.contextmanager
def user_errors(path: Path | str = "") -> Iterator[None]:
    """Turn environment failures inside the block into UserError."""
    try:
        yield
    except UserError:
        raise
    except Exception as exc:
        friendly = storage_error(exc, path)
        if friendly is None:
            raise
        raise friendly from exc


# Tables made by hand in migrations (the search index and its FTS shadow
# tables) are not in the model metadata; autogenerate must leave them alone.
_UNMANAGED_PREFIXES = ("search_",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter for what autogenerate compares."""
    del obj, compare_to
    unmanaged = type_ == "table" and reflected and (name or "").startswith(_UNMANAGED_PREFIXES)
    return not unmanaged


def _configure(dbapi_conn: sqlite3.Connection) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# --------------------------------------------------------------------------
# Encrypted databases (SQLCipher)
# --------------------------------------------------------------------------
#
# A laptop's database is encrypted with its data key (see store/crypto.py).
# Once unlocked, the key is registered here for the file's path, in memory
# only, so that every connection this process opens on that file (the
# engine, the fast read paths, backups, worker threads) is keyed without
# passing the key through every call. A file without a registered key opens
# with the standard library's sqlite3, unencrypted (the office server, tests).

SQLITE_HEADER = b"SQLite format 3\x00"
CIPHER_CACHE_KIB = 32768
_keys: dict[str, bytes] = {}

MSG_WRONG_KEY = QT_TRANSLATE_NOOP(
    "core",
    "The database {path} cannot be opened with this computer's key: it was "
    "encrypted on another computer, or it is damaged.",
)


def _key_slot(path: Path | str) -> str:
    return os.path.realpath(os.fspath(path))


def register_key(path: Path | str, key: bytes) -> None:
    """Remember ``key`` (in memory) for the database at ``path``."""
    if len(key) != 32:
        raise ValueError("a data key has 32 bytes")
    _keys[_key_slot(path)] = key


def forget_key(path: Path | str) -> None:
    _keys.pop(_key_slot(path), None)


def key_for(path: Path | str) -> bytes | None:
    """The data key registered for ``path``, None for an unencrypted database."""
    return _keys.get(_key_slot(path))


def is_plaintext(path: Path | str) -> bool:
    """True when ``path`` is an unencrypted SQLite database (by its header)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def is_encrypted(path: Path | str) -> bool:
    """True when ``path`` holds something that is not plain SQLite (an
    encrypted database, or something damaged)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) > 0 and head != SQLITE_HEADER


def raw_key(key: bytes) -> str:
    """A 256-bit key in SQLCipher's raw-key form (then it runs no KDF)."""
    return f"x'{key.hex()}'"


def key_pragma(key: bytes) -> str:
    return f'PRAGMA key = "{raw_key(key)}"'


# The errors of both SQLite libraries (the stdlib's and SQLCipher's), for except clauses.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
try:
    import sqlcipher3.dbapi2 as _sqlcipher
except ImportError:  # pragma: no cover - a dependency; tests need it
    _sqlcipher = None  # type: ignore[assignment]
else:
    DB_ERRORS = (sqlite3.Error, _sqlcipher.Error)
    OPERATIONAL_ERRORS = (sqlite3.OperationalError, _sqlcipher.OperationalError)


def _cipher_module() -> Any:
    if _sqlcipher is None:  # pragma: no cover
        raise UserError(MSG_CANNOT_OPEN, path="sqlcipher3")
    return _sqlcipher


def _connect(
    path: Path | str, *, readonly: bool, key: bytes | None, timeout: float = 5.0
) -> sqlite3.Connection:
    """A DB-API connection: SQLCipher with ``key``, else the stdlib's sqlite3."""
    target = f"file:{path}?mode=ro" if readonly else str(path)
    if key is None:
        return sqlite3.connect(target, uri=readonly, check_same_thread=False, timeout=timeout)
    module = _cipher_module()
    conn = module.connect(target, uri=readonly, check_same_thread=False, timeout=timeout)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # checks the key
        # Pages are decrypted as they enter SQLite's cache: a bigger cache
        # decrypts each hot page (the search index's) once, not on every read.
        conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables: not on disk
    except module.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise UserError(MSG_WRONG_KEY, path=str(path)) from exc
        raise
    return cast("sqlite3.Connection", conn)


def connect_raw(
    path: Path | str, *, readonly: bool = False, key: bytes | None = None
) -> sqlite3.Connection:
    """A DB-API connection with the same pragmas (fast paths: search, stats),
    keyed with ``key`` or the key registered for ``path``. Typed as the
    stdlib's connection: SQLCipher's has the same interface (catch
    :data:`DB_ERRORS`, not ``sqlite3.Error``)."""
    conn = _connect(path, readonly=readonly, key=key if key is not None else key_for(path))
    _configure(conn)
    return conn


def _schema_revision(path: Path, key: bytes | None = None) -> str | None:
    """The Alembic revision stored in the file, None for an empty file."""
    conn = _connect(path, readonly=True, key=key if key is not None else key_for(path))
    try:
        cur = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        )
        if cur.fetchone() is None:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _migrate(engine: Engine, current: str | None, path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    if current is not None:  # an existing database: keep a copy from before
        from luzsong_grid.store import backup

        backup.backup_before_migration(path, current)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(cfg)
    if current is not None and script.get_revision(current) is None:  # pragma: no cover
        raise UserError(MSG_TOO_NEW, found=current)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database migrated from %s to %s", current, script.get_current_head())


def _known_revision(rev: str) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(rev) is not None
    except Exception:
        return False


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """The SQLAlchemy engine on the file (SQLCipher when ``key`` is given)."""
    from sqlalchemy import create_engine, event

    # hide_parameters: SQL errors (and so tracebacks in the log) never carry
    # a resident's name or numbers.
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            module=_cipher_module(),
            creator=lambda: _connect(path, readonly=False, key=key),
            hide_parameters=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        _configure(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Store:
    """An open database: its engine, this device's identity and clock."""

    path: Path
    engine: Engine
    device_id: str
    clock: HybridClock
    # The community office's database: changes made through its sessions go
    # to the sync change log instead of the outbox (see sync/server.py).
    office: bool = False
    _writer: Engine | None = field(default=None, repr=False)

    @property
    def writer(self) -> Engine:
        """The engine whose transactions start with BEGIN IMMEDIATE."""
        if self._writer is None:
            self._writer = self.engine.execution_options(immediate=True)
        return self._writer

    @contextlib.contextmanager
    def session(self, *, actor: Actor | None = None, write: bool = True) -> Iterator[Session]:
        """A transaction: commits on success, rolls back on any error.

        Every synced change made through it gets its outbox and audit rows
        in the same transaction (see :mod:`luzsong_grid.store.tracking`).
        """
        from sqlmodel import Session

        from luzsong_grid.store import tracking

        session = Session(self.writer if write else self.engine, expire_on_commit=False)
        tracking.attach(session, store=self, actor=actor or Actor.system(self.device_id))
        try:
            with user_errors(self.path):
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def raw(self, *, readonly: bool = True) -> sqlite3.Connection:
        return connect_raw(self.path, readonly=readonly)

    def close(self) -> None:
        with contextlib.suppress(Exception), self.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO sync_state(key, value) VALUES ('hlc', ?)",
                (self.clock.now(),),
            )
        self.engine.dispose()


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which device."""

    account_id: str
    device_id: str
    role: str = "system"

    @classmethod
    def system(cls, device_id: str) -> Actor:
        return cls(account_id="", device_id=device_id, role="system")


MSG_ENCRYPTED = QT_TRANSLATE_NOOP(
    "core",
    "The database {path} is encrypted: it opens after signing in (in the app, or with "
    "--user NAME on the command line).",
)


def open_store(
    path: Path | str | None = None, *, key: bytes | None = None, seed_catalogs: bool = True
) -> Store:
    """Open (creating and migrating as needed) the database at ``path``
    (default: the data folder's database).

    With ``key`` (or a key registered for ``path``) the file is a SQLCipher
    database encrypted with it; an unencrypted database opened with a key
    is encrypted first (see :func:`~luzsong_grid.store.backup.encrypt_in_place`).
    Without a key the file is plain SQLite (the office server, tests)."""
    from luzsong_grid import paths
    from luzsong_grid.hlc import HybridClock
    from luzsong_grid.ids import uuid7

    db_path = Path(path) if path is not None else paths.database_path()
    if key is None:
        key = key_for(db_path)
    with user_errors(db_path):
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(MSG_READONLY, path=str(db_path.parent)) from exc
        if key is not None:
            if is_plaintext(db_path):
                from luzsong_grid.store.backup import encrypt_in_place

                encrypt_in_place(db_path, key)
            register_key(db_path, key)
        elif is_encrypted(db_path):
            from luzsong_grid.store.crypto import keyring_path

            if keyring_path(db_path).exists():
                raise UserError(MSG_ENCRYPTED, path=str(db_path))
        current = _schema_revision(db_path, key) if db_path.exists() else None
        if current is not None and current != SCHEMA_HEAD and not _known_revision(current):
            raise UserError(MSG_TOO_NEW, found=current)
        raw = _connect(db_path, readonly=False, key=key)
        try:
            mode = raw.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        finally:
            raw.close()
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network share
            log.warning("journal mode is %s, not WAL", mode)
        engine = make_engine(db_path, key)
        if current != SCHEMA_HEAD:
            _migrate(engine, current, db_path)
        with engine.begin() as conn:
            state: dict[str, str] = dict(
                conn.exec_driver_sql(
                    "SELECT key, value FROM sync_state WHERE key IN ('device_id', 'hlc', 'office')"
                ).all()
            )
            # After a crash the saved stamp may be stale: the outbox knows better.
            newest = conn.exec_driver_sql("SELECT max(hlc) FROM outbox").scalar()
            last_stamp = max(filter(None, [state.get("hlc"), newest]), default=None)
            device_id = state.get("device_id")
            if not device_id:
                device_id = uuid7().replace("-", "")[-16:]
                conn.exec_driver_sql(
                    "INSERT INTO sync_state(key, value) VALUES ('device_id', ?)", (device_id,)
                )
        store = Store(
            path=db_path,
            engine=engine,
            device_id=device_id,
            clock=HybridClock(device_id, last=last_stamp),
            office=state.get("office") == "1",
        )
        if seed_catalogs:
            from luzsong_grid.store.seed import ensure_catalogs

            ensure_catalogs(store)
        return store


# --------------------------------------------------------------------------
# Opening a database by URL (the office server: SQLite file or PostgreSQL)
# --------------------------------------------------------------------------

MSG_DB_UNREACHABLE = QT_TRANSLATE_NOOP(
    "core", "The database server cannot be reached or refused the connection: {url}"
)
MSG_DB_URL = QT_TRANSLATE_NOOP(
    "core",
    "“{url}” is not a database this app can use (use a SQLite file path, "
    "sqlite:///FILE or postgresql+psycopg://USER@HOST/DB).",
)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def _seed_catalogs_generic(engine: Engine) -> None:
    """The catalogue seeding of :func:`seed.ensure_catalogs` for any dialect."""
    import json as _json
    from datetime import datetime as _dt

    from sqlalchemy import MetaData, Table, insert, select

    from luzsong_grid.catalog import load_catalogs
    from luzsong_grid.ids import reference_id
    from luzsong_grid.store import seed

    meta = MetaData()
    with engine.begin() as conn:
        state = Table("sync_state", meta, autoload_with=conn)
        done = conn.execute(select(state.c.value).where(state.c.key == seed.SEEDED_KEY)).scalar()
        if done:
            return
        now = _dt.now().replace(microsecond=0)
        stamp = f"{0:013d}-{0:05d}-{seed.SEED_NODE}"
        counts: dict[str, int] = {}
        for name, rows in seed._rows(load_catalogs()).items():
            table = Table(name, meta, autoload_with=conn)
            have = set(conn.execute(select(table.c.id)).scalars())
            batch = []
            for row in rows:
                key = row.pop("_key")
                row_id = reference_id(name, key)
                if row_id in have:
                    continue
                batch.append(
                    {
                        "id": row_id,
                        "version": 1,
                        "hlc": stamp,
                        "deleted": False,
                        "created_at": now,
                        "updated_at": now,
                        **row,
                    }
                )
            if batch:
                conn.execute(insert(table), batch)
            counts[name] = len(rows)
        conn.execute(insert(state).values(key=seed.SEEDED_KEY, value=now.isoformat(sep=" ")))
        audit = Table("audit_log", meta, autoload_with=conn)
        conn.execute(
            insert(audit).values(
                at=now,
                hlc=stamp,
                account_id="",
                device_id="office",
                table_name="catalogs",
                row_id="",
                action="seed",
                changes=_json.dumps(counts),
            )
        )


def open_database(url: str, *, seed_catalogs: bool = True, pool_size: int = 20) -> Engine:
    """An engine on the database at ``url``, migrated to the newest schema.

    ``url`` is a SQLite file path or ``sqlite:///FILE`` (opened as
    :func:`open_store` opens it: WAL, pragmas, backups before migrations) or
    ``postgresql+psycopg://…`` (a district's office). A database written by
    a newer version of the app is refused and left untouched.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    if "://" not in url:
        return open_store(Path(url), seed_catalogs=seed_catalogs).engine
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(MSG_DB_URL, url=url) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise UserError(MSG_DB_URL, url=url)
        return open_store(Path(parsed.database), seed_catalogs=seed_catalogs).engine
    if backend != "postgresql":
        raise UserError(MSG_DB_URL, url=url)

    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=30,
        hide_parameters=True,
    )
    try:
        with engine.connect() as conn:
            current: str | None = None
            if inspect(conn).has_table("alembic_version"):
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if current is not None and current != SCHEMA_HEAD and not _known_revision(current):
            raise UserError(MSG_TOO_NEW, found=current)
        if current != SCHEMA_HEAD:
            from alembic import command
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
            with engine.begin() as conn:
                # One migrator at a time when several servers start together.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7566917)")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            log.info("database %s migrated from %s", _safe_url(url), current)
        if seed_catalogs:
            _seed_catalogs_generic(engine)
    except OperationalError as exc:
        engine.dispose()
        raise UserError(MSG_DB_UNREACHABLE, url=_safe_url(url)) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


class WalCheckpointer:
    """Copies a busy SQLite database's write-ahead log back into the file
    from a thread of its own, instead of inside whichever commit crossed
    SQLite's threshold (the office server: a push's commit then waits for
    megabytes to be copied and synced). SQLite does that work without
    Python's interpreter lock, so it overlaps the next push.

    :meth:`start` turns the engine's automatic checkpoints off (new
    connections) and checks every ``every`` seconds; :meth:`stop` makes a
    last checkpoint. A crash loses nothing: the log is replayed on open."""

    def __init__(self, engine: Engine, *, every: float = 0.25) -> None:
        import threading

        self.engine, self.every = engine, every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.checkpoints = 0

    def start(self) -> None:
        import threading

        from sqlalchemy import event

        if self._thread is not None or self.engine.dialect.name != "sqlite":
            return
        event.listen(self.engine, "connect", _no_auto_checkpoint)
        self.engine.dispose()  # pooled connections: opened again without
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        from sqlalchemy import event

        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(10)
        self._thread = None
        event.remove(self.engine, "connect", _no_auto_checkpoint)
        self.checkpoint()
        self.engine.dispose()  # connections opened again with SQLite's own checkpoints

    def checkpoint(self) -> None:
        """One PASSIVE checkpoint (it never waits for readers or writers)."""
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            self.checkpoints += 1
        finally:
            raw.close()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.checkpoint()
            except Exception:  # keep serving; the log is copied next time
                log.exception("WAL checkpoint failed")


def _no_auto_checkpoint(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")
