"""Data at rest: the laptop's database, its backups and its keyring.

A stolen laptop's files must not give away a resident: the database and
its backups are SQLCipher files that plain SQLite cannot open and whose
bytes hold no name; the data key is only in the keyring, sealed under each
account's password.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from luzsong_grid import paths
from luzsong_grid.auth import change_password, set_local_password, sign_in, unlock
from luzsong_grid.demo import DEMO_PASSWORD, NAMED_ACCOUNTS, make_demo
from luzsong_grid.i18n import UserError
from luzsong_grid.store import backup
from luzsong_grid.store.crypto import Keyring, keyring_path
from luzsong_grid.store.db import (
    Store,
    connect_raw,
    forget_key,
    is_encrypted,
    is_plaintext,
    key_for,
    open_store,
)
from tests.conftest import DEMO_SEED, DEMO_TODAY, add_household, make_territory

ROOT = Path(__file__).resolve().parent.parent
PERSONS = 300


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo district made as ``luzsong-grid demo`` makes it:
    encrypted, with a keyring for the demo accounts. Shared: read only."""
    path = tmp_path_factory.mktemp("enc") / paths.DB_FILENAME
    make_demo(path, seed=DEMO_SEED, persons=PERSONS, today=DEMO_TODAY)
    forget_key(path)  # as a stolen file: nothing unlocked in this process
    return path


@pytest.fixture
def keyed_copy(encrypted_demo: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy (database and keyring) a test may change."""
    target = tmp_path / "data" / paths.DB_FILENAME
    target.parent.mkdir()
    target.write_bytes(encrypted_demo.read_bytes())
    keyring_path(target).write_bytes(keyring_path(encrypted_demo).read_bytes())
    yield target
    forget_key(target)


def _names(path: Path, *, limit: int = 20) -> list[str]:
    """Resident names in the database, read with the worker's password."""
    sign_in(path, "worker", DEMO_PASSWORD)
    conn = connect_raw(path, readonly=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM person LIMIT ?", (limit,))]
    finally:
        conn.close()
        forget_key(path)


def _assert_unreadable(path: Path, names: list[str]) -> None:
    """Plain SQLite refuses the file and its raw bytes hold none of ``names``."""
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM sqlite_master"
        ).fetchone()
    data = path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for name in names:
        assert name.encode("utf-8") not in data, name
    assert "学堂冲".encode() not in data  # territory too


def test_the_laptop_database_is_unreadable_without_a_password(encrypted_demo: Path) -> None:
    names = _names(encrypted_demo)
    assert len(names) == 20
    assert is_encrypted(encrypted_demo)
    _assert_unreadable(encrypted_demo, names)
    for side in ("-wal", "-shm"):
        extra = Path(f"{encrypted_demo}{side}")
        if extra.exists():
            assert all(n.encode() not in extra.read_bytes() for n in names)


def test_the_stolen_file_with_its_keyring_still_needs_a_password(
    encrypted_demo: Path, tmp_path: Path
) -> None:
    """Copying the data folder (database and keyring) gives nothing without
    a password: the keyring holds only sealed keys and no user names."""
    ring_file = keyring_path(encrypted_demo)
    text = ring_file.read_text(encoding="utf-8")
    for username in NAMED_ACCOUNTS:
        assert f'"{username}"' not in text
    data = json.loads(text)
    assert len(data["users"]) == len(NAMED_ACCOUNTS)
    for entry in data["users"].values():
        assert entry["kdf"] == "argon2id"
        assert entry["m"] >= 65536
    if os.name == "posix":
        assert ring_file.stat().st_mode & 0o077 == 0  # owner only
    with pytest.raises(UserError, match="Wrong user name or password"):
        unlock(encrypted_demo, "worker", "not-the-password")
    with pytest.raises(UserError, match="Wrong user name or password"):
        unlock(encrypted_demo, "nobody", DEMO_PASSWORD)
    # The right password on a copy elsewhere does open it: the password is the key.
    copy = tmp_path / "stolen.sqlite3"
    copy.write_bytes(encrypted_demo.read_bytes())
    keyring_path(copy).write_bytes(ring_file.read_bytes())
    assert sign_in(copy, "staff", DEMO_PASSWORD).role == "staff"
    forget_key(copy)
    # Without its keyring nobody can open it, and the message says why.
    keyring_path(copy).unlink()
    with pytest.raises(UserError, match="key file"):
        sign_in(copy, "worker", DEMO_PASSWORD)


def test_every_demo_account_unlocks_the_same_key(encrypted_demo: Path) -> None:
    keys = {unlock(encrypted_demo, name, DEMO_PASSWORD) for name in NAMED_ACCOUNTS}
    assert len(keys) == 1
    assert None not in keys


def test_opening_with_a_wrong_key_is_a_clear_message(keyed_copy: Path) -> None:
    with pytest.raises(UserError, match="another computer"):
        open_store(keyed_copy, key=os.urandom(32))
    with pytest.raises(UserError, match="encrypted"):
        open_store(keyed_copy)  # no key at all (e.g. ``serve`` on a laptop's folder)


def test_a_password_change_reseals_the_key(keyed_copy: Path) -> None:
    key = unlock(keyed_copy, "worker", DEMO_PASSWORD)
    forget_key(keyed_copy)
    change_password(keyed_copy, "worker", DEMO_PASSWORD, "a-new-long-one")
    with pytest.raises(UserError, match="Wrong user name or password"):
        unlock(keyed_copy, "worker", DEMO_PASSWORD)
    assert unlock(keyed_copy, "worker", "a-new-long-one") == key
    assert unlock(keyed_copy, "staff", DEMO_PASSWORD) == key  # others keep theirs
    forget_key(keyed_copy)
    with pytest.raises(UserError, match="Wrong user name or password"):
        change_password(keyed_copy, "staff", "wrong-password", "whatever-long")
    with pytest.raises(UserError, match="8 characters"):
        change_password(keyed_copy, "staff", DEMO_PASSWORD, "short")


def test_a_new_local_password_needs_the_database_unlocked(keyed_copy: Path) -> None:
    forget_key(keyed_copy)
    with pytest.raises(UserError, match="Sign in first"):
        set_local_password(keyed_copy, "w430203002001002", "a-long-password")
    sign_in(keyed_copy, "admin", DEMO_PASSWORD)  # an admin signed in adds one
    set_local_password(keyed_copy, "w430203002001002", "a-long-password")
    forget_key(keyed_copy)
    user = sign_in(keyed_copy, "w430203002001002", "a-long-password")
    assert user.role == "worker"


def test_a_disabled_account_is_refused_even_with_its_key(keyed_copy: Path) -> None:
    sign_in(keyed_copy, "admin", DEMO_PASSWORD)
    conn = connect_raw(keyed_copy)
    with conn:
        conn.execute("UPDATE account SET disabled = 1 WHERE username = 'staff'")
    conn.close()
    with pytest.raises(UserError, match="disabled"):
        sign_in(keyed_copy, "staff", DEMO_PASSWORD)


def test_backups_are_encrypted_and_restore_with_the_key(keyed_copy: Path, tmp_path: Path) -> None:
    names = _names(keyed_copy)
    store = open_store(keyed_copy, key=unlock(keyed_copy, "worker", DEMO_PASSWORD))
    try:
        copy = backup.backup(store.path, tmp_path / "usb" / "backup.sqlite3").path
        daily = backup.auto_backup(store.path)
    finally:
        store.close()
    assert daily
    for file in [copy, *daily]:
        _assert_unreadable(file, names)
    assert backup.check_backup(copy, key_for(keyed_copy))
    with pytest.raises(UserError, match="not a luzsong-grid database"):
        backup.check_backup(copy)  # without the key it is just bytes
    with pytest.raises(UserError, match="another computer"):
        backup.check_backup(copy, os.urandom(32))
    kept = backup.restore(copy, keyed_copy)
    assert kept is not None
    _assert_unreadable(kept, names)
    _assert_unreadable(keyed_copy, names)
    forget_key(keyed_copy)
    assert _names(keyed_copy) == names


# --------------------------------------------------------------------------
# A database an older version left unencrypted
# --------------------------------------------------------------------------


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_an_unencrypted_database_is_encrypted_on_first_sign_in(
    demo_copy: Path, tmp_path: Path
) -> None:
    plain = sqlite3.connect(demo_copy)
    before = _table_counts(plain)
    names = [r[0] for r in plain.execute("SELECT name FROM person LIMIT 20")]
    plain.close()
    # An old plaintext backup beside it is encrypted too.
    old_backup = demo_copy.parent / "backups" / "daily" / "luzsong-grid-2026-11-01.sqlite3"
    old_backup.parent.mkdir(parents=True)
    old_backup.write_bytes(demo_copy.read_bytes())
    # Signing in (the lock screen, the command line without credentials) leaves it alone…
    sign_in(demo_copy, "worker", DEMO_PASSWORD)
    assert is_plaintext(demo_copy)
    assert key_for(demo_copy) is None
    # …the first real sign-in (the app, the command line with --user) encrypts it.
    key = unlock(demo_copy, "worker", DEMO_PASSWORD)
    assert key is not None
    store = open_store(demo_copy, key=key)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() == before["person"]
    finally:
        store.close()
    _assert_unreadable(demo_copy, names)
    _assert_unreadable(old_backup, names)
    kept = list((demo_copy.parent / "backups" / "pre-encryption").glob("*.sqlite3"))
    assert len(kept) == 1
    _assert_unreadable(kept[0], names)
    assert not list(demo_copy.parent.glob("*.encrypting"))
    conn = connect_raw(demo_copy, readonly=True)
    try:
        after = _table_counts(conn)
    finally:
        conn.close()
    for table, count in before.items():
        assert after[table] >= count, table  # every row kept (opening adds the HLC stamp)
    assert after["person"] == before["person"]
    assert after["household"] == before["household"]
    assert after["visit"] == before["visit"]
    # The demo accounts shared the password: every one of them still gets in.
    forget_key(demo_copy)
    for username in NAMED_ACCOUNTS:
        assert sign_in(demo_copy, username, DEMO_PASSWORD).username == username
    assert Keyring.for_database(demo_copy) is not None
    forget_key(demo_copy)


# --------------------------------------------------------------------------
# The ``keyed_store`` fixture (a laptop's) and the plain ``store`` fixture
# --------------------------------------------------------------------------


def test_a_keyed_store_works_through_every_path(keyed_store: Store) -> None:
    from luzsong_grid import search

    territory = make_territory(keyed_store)
    add_household(keyed_store, territory.w1, territory.grid_a1, "学堂冲路1号", [("欧阳娜娜", "")])
    conn = keyed_store.raw()
    try:
        hits = search.search(conn, "欧阳娜娜")
    finally:
        conn.close()
    assert [h.name for h in hits] == ["欧阳娜娜"]
    assert "欧阳娜娜".encode() not in keyed_store.path.read_bytes()
    wal = Path(f"{keyed_store.path}-wal")
    if wal.exists():
        assert "欧阳娜娜".encode() not in wal.read_bytes()


def test_the_plain_store_fixture_stays_unencrypted(store: Store) -> None:
    """Tests and the office server use unencrypted SQLite (no key)."""
    assert is_plaintext(store.path)
    assert key_for(store.path) is None


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def _cli(
    data: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("LUZSONG_GRID_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "luzsong_grid", "--data-dir", str(data), "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_command_line_needs_a_password_for_the_encrypted_database(keyed_copy: Path) -> None:
    data = keyed_copy.parent
    name = _names(keyed_copy, limit=1)[0]
    refused = _cli(data, "search", name)
    assert refused.returncode == 2
    assert "--user NAME" in refused.stderr
    assert name not in refused.stdout
    wrong = _cli(data, "--user", "worker", "search", name, env={"LUZSONG_GRID_PASSWORD": "nope"})
    assert wrong.returncode == 2
    assert "Wrong user name or password" in wrong.stderr
    done = _cli(
        data,
        "search",
        name,
        env={"LUZSONG_GRID_USER": "worker", "LUZSONG_GRID_PASSWORD": DEMO_PASSWORD},
    )
    assert done.returncode == 0, done.stderr
    assert name in done.stdout
    changed = _cli(
        data,
        "--user",
        "worker",
        "password",
        env={"LUZSONG_GRID_PASSWORD": DEMO_PASSWORD, "LUZSONG_GRID_NEW_PASSWORD": "another-pass"},
    )
    assert changed.returncode == 0, changed.stderr
    old = _cli(data, "--user", "worker", "stats", env={"LUZSONG_GRID_PASSWORD": DEMO_PASSWORD})
    assert old.returncode == 2
    again = _cli(data, "--user", "worker", "stats", env={"LUZSONG_GRID_PASSWORD": "another-pass"})
    assert again.returncode == 0, again.stderr
    # An administrator gives another account a password on this laptop; a worker cannot.
    other = "w430203002001002"
    env = {"LUZSONG_GRID_PASSWORD": DEMO_PASSWORD, "LUZSONG_GRID_NEW_PASSWORD": "others-pass"}
    refused = _cli(data, "--user", "staff", "password", "--for", other, env=env)
    assert refused.returncode == 2
    assert "Only an administrator" in refused.stderr
    given = _cli(data, "--user", "admin", "password", "--for", other, env=env)
    assert given.returncode == 0, given.stderr
    theirs = _cli(data, "--user", other, "stats", env={"LUZSONG_GRID_PASSWORD": "others-pass"})
    assert theirs.returncode == 0, theirs.stderr
    logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    assert name not in logs


def test_command_line_demo_is_encrypted_and_if_empty_needs_no_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = _cli(data, "demo", "--persons", "200")
    assert made.returncode == 0, made.stderr
    db = data / paths.DB_FILENAME
    assert is_encrypted(db)
    again = _cli(data, "demo", "--if-empty")
    assert again.returncode == 0, again.stderr
    refused = _cli(data, "demo")
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr


def test_the_log_never_holds_names_or_numbers() -> None:
    """The log file is not encrypted: names, ID and phone numbers are masked
    even inside an exception's text."""
    import logging

    from luzsong_grid.cli import RedactingFormatter

    formatter = RedactingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("person 欧阳娜娜 43020319900101123X 13812345678")
    except ValueError:
        import sys as _sys

        record = logging.LogRecord(
            "t", logging.ERROR, __file__, 1, "failed for %s", ("张伟",), _sys.exc_info()
        )
    text = formatter.format(record)
    for secret in ("欧阳娜娜", "张伟", "43020319900101123X", "13812345678"):
        assert secret not in text
    assert "failed for" in text
    assert "ValueError" in text


def test_sql_errors_carry_no_values(keyed_store: Store) -> None:
    """SQLAlchemy's error text would list the statement's parameters (a
    name, an ID number) and end up in a logged traceback: it does not."""
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError) as err, keyed_store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO no_such_table VALUES (?)", ("欧阳娜娜",))
    assert "欧阳娜娜" not in str(err.value)


def test_a_laptop_set_up_from_the_office_is_encrypted_and_syncs_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first-run wizard's office choice makes an encrypted database;
    ``sync`` then needs the local password, and takes it once from stdin."""
    import io

    from luzsong_grid import cli
    from luzsong_grid.sync.server import SyncServer
    from luzsong_grid.ui.firstrun import connect_to_office
    from tests.office import PASSWORD, seed_office, uvicorn_server

    office_db = tmp_path / "office" / paths.DB_FILENAME
    office = open_store(office_db)
    seed_office(SyncServer(office.engine))
    office.close()
    laptop = tmp_path / "laptop"
    laptop_db = laptop / paths.DB_FILENAME

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return cli.main(["--data-dir", str(laptop), "--lang", "en", *args])

    with uvicorn_server(f"sqlite:///{office_db}", office_db.parent) as server:
        connect_to_office(laptop_db, server.url, "worker", PASSWORD)
        forget_key(laptop_db)
        assert is_encrypted(laptop_db)
        assert is_plaintext(office_db)  # the office's stays plain (see README)
        conn = connect_raw(office_db, readonly=True)
        names = [r[0] for r in conn.execute("SELECT name FROM person LIMIT 5")]
        conn.close()
        _assert_unreadable(laptop_db, names)
        assert run("sync") == 2
        assert "--user NAME" in capsys.readouterr().err
        assert run("sync", "--user", "worker", "--password-stdin", stdin="wrong\n") == 2
        assert "Wrong user name or password" in capsys.readouterr().err
        forget_key(laptop_db)
        code = run("sync", "--user", "worker", "--password-stdin", stdin=PASSWORD + "\n")
        assert code == 0, capsys.readouterr().err
        forget_key(laptop_db)
        monkeypatch.setenv("LUZSONG_GRID_USER", "worker")
        monkeypatch.setenv("LUZSONG_GRID_PASSWORD", PASSWORD)
        assert run("sync") == 0  # the device key signs in to the office
        assert "Synced with" in capsys.readouterr().out
    forget_key(laptop_db)


def test_an_office_database_can_be_encrypted_with_a_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Optional for the office: ``LUZSONG_GRID_DB_KEY_FILE`` encrypts its
    SQLite database (a plain one is encrypted on first use); the server
    and a laptop's sync work as before."""
    import io

    from luzsong_grid import cli
    from luzsong_grid.store.crypto import new_key
    from luzsong_grid.sync.laptop import sync_with_office
    from luzsong_grid.sync.server import SyncServer
    from tests.office import PASSWORD, seed_office, uvicorn_server

    office_dir = tmp_path / "office"
    office_db = office_dir / paths.DB_FILENAME
    seeded = open_store(office_db)
    seed_office(SyncServer(seeded.engine))
    seeded.close()
    conn = sqlite3.connect(office_db)
    names = [r[0] for r in conn.execute("SELECT display_name FROM account LIMIT 3")]
    conn.close()
    key_file = tmp_path / "office.key"
    key_file.write_text(new_key().hex() + "\n")

    def run(*args: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        return cli.main(["--data-dir", str(office_dir), "--lang", "en", *args])

    monkeypatch.setenv("LUZSONG_GRID_DB_KEY_FILE", str(tmp_path / "missing.key"))
    assert run("user", "list") == 2
    assert "64 hexadecimal digits" in capsys.readouterr().err
    monkeypatch.setenv("LUZSONG_GRID_DB_KEY_FILE", str(key_file))
    assert run("user", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert {u["username"] for u in listed} >= {"worker"}
    forget_key(office_db)
    assert is_encrypted(office_db)
    _assert_unreadable(office_db, [n for n in names if n])
    laptop = open_store(tmp_path / "laptop.sqlite3")
    try:
        with uvicorn_server(f"sqlite:///{office_db}", office_dir) as server:
            done = sync_with_office(
                laptop, server_url=server.url, username="worker", password=PASSWORD
            )
        assert done.report.pulled > 0
    finally:
        laptop.close()
    monkeypatch.delenv("LUZSONG_GRID_DB_KEY_FILE")
    assert run("user", "list") == 2  # no key, no data
    assert "damaged or is not a luzsong-grid database" in capsys.readouterr().err
