"""Authorization matrix of the office's HTTP API: every role (worker,
staff, supervisor, admin, a disabled account, no token) × scope (own
grid, another grid of the same community, another community, another
street) × endpoint (push, pull, checksum, conflicts), each with its exact
outcome."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from luzsong_grid.server import accounts
from luzsong_grid.server.app import create_app
from luzsong_grid.store.db import SCHEMA_HEAD
from tests.office import (
    GRID_A1,
    GRID_A2,
    GRID_B1,
    GRID_C1,
    PASSWORD,
    TestClient,
    household_op,
    seed_office,
)

ROLES = ["worker", "staff", "supervisor", "admin", "disabled", "anonymous"]
SCOPES = {"own_grid": GRID_A1, "same_community": GRID_A2, "other_community": GRID_B1,
          "other_street": GRID_C1}  # fmt: skip

# role → the grids whose rows it reads (pull, checksum)
READS = {
    "worker": {GRID_A1},
    "staff": {GRID_A1, GRID_A2},
    "supervisor": {GRID_A1, GRID_A2, GRID_B1},
    "admin": {GRID_A1, GRID_A2, GRID_B1, GRID_C1},
}
# role → the grids it may write (push)
WRITES = {
    "worker": {GRID_A1},
    "staff": {GRID_A1, GRID_A2},
    "supervisor": set(),
    "admin": {GRID_A1, GRID_A2, GRID_B1, GRID_C1},
}


class Office:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def headers(self, role: str) -> dict[str, str]:
        headers = {"X-Luzsong-Schema": SCHEMA_HEAD}
        if role != "anonymous":
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return headers

    def device(self, role: str) -> str:
        return f"dev-{role}"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    path: Path = tmp_path_factory.mktemp("authz") / "office.sqlite3"
    app = create_app(str(path))
    seed_office(app.state.sync_server, disable=False)
    client = TestClient(app)
    tokens: dict[str, str] = {}
    for role in ROLES[:-1]:
        r = client.post(
            "/auth/login",
            json={"username": role, "password": PASSWORD, "device_id": f"dev-{role}"},
        )
        assert r.status_code == 200, r.text
        tokens[role] = r.json()["token"]
        r = client.post(
            "/auth/devices",
            headers={"Authorization": f"Bearer {tokens[role]}"},
            json={"device_id": f"dev-{role}", "device_key": "ab" * 32, "name": role},
        )
        assert r.status_code == 200, r.text
    accounts.set_disabled(app.state.sync_server, "disabled")
    # One household in every grid, by the admin.
    r = client.post(
        "/sync/push",
        headers={"Authorization": f"Bearer {tokens['admin']}", "X-Luzsong-Schema": SCHEMA_HEAD},
        json={
            "schema_version": SCHEMA_HEAD,
            "device_id": "dev-admin",
            "ops": [household_op(g) for g in SCOPES.values()],
        },
    )
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 4
    yield Office(client, tokens)
    client.close()


def _refusal(role: str) -> tuple[int, str] | None:
    if role == "anonymous":
        return 401, "unauthenticated"
    if role == "disabled":
        return 403, "account_disabled"
    return None


@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize("role", ROLES)
def test_push(office: Office, role: str, scope: str) -> None:
    grid = SCOPES[scope]
    r = office.client.post(
        "/sync/push",
        headers=office.headers(role),
        json={
            "schema_version": SCHEMA_HEAD,
            "device_id": office.device(role),
            "ops": [household_op(grid)],
        },
    )
    refused = _refusal(role)
    if refused:
        assert (r.status_code, r.json()["detail"]["code"]) == refused
        return
    if role == "supervisor":
        assert (r.status_code, r.json()["detail"]["code"]) == (403, "forbidden")
        return
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    if grid in WRITES[role]:
        assert result["status"] == "applied", result
    else:
        assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")


def _household_grids(changes: list[dict[str, Any]]) -> set[str]:
    return {c["row"]["grid_code"] for c in changes if c["table"] == "household" and not c["evict"]}


@pytest.mark.parametrize("role", ROLES)
def test_pull(office: Office, role: str) -> None:
    r = office.client.get("/sync/pull?cursor=0&limit=5000", headers=office.headers(role))
    refused = _refusal(role)
    if refused:
        assert (r.status_code, r.json()["detail"]["code"]) == refused
        return
    assert r.status_code == 200, r.text
    page = r.json()
    assert _household_grids(page["changes"]) == READS[role]
    for scope, grid in SCOPES.items():
        seen = grid in _household_grids(page["changes"])
        assert seen == (grid in READS[role]), (role, scope)
    # Reference rows (territory, accounts) reach everyone; no password hashes.
    accounts_rows = [c["row"] for c in page["changes"] if c["table"] == "account"]
    assert accounts_rows
    assert all(a["password_hash"] == "" for a in accounts_rows)


@pytest.mark.parametrize("role", ROLES)
def test_checksum(office: Office, role: str) -> None:
    r = office.client.get("/sync/checksum", headers=office.headers(role))
    refused = _refusal(role)
    if refused:
        assert (r.status_code, r.json()["detail"]["code"]) == refused
        return
    assert r.status_code == 200, r.text
    body = r.json()
    expected_grids = None if role == "admin" else sorted(READS[role])
    assert body["grids"] == expected_grids
    assert body["tables"]["household"]["count"] >= len(READS[role])


@pytest.mark.parametrize("role", ROLES)
def test_conflicts(office: Office, role: str) -> None:
    r = office.client.get("/sync/conflicts", headers=office.headers(role))
    refused = _refusal(role)
    if refused:
        assert (r.status_code, r.json()["detail"]["code"]) == refused
    elif role in ("staff", "admin"):
        assert r.status_code == 200, r.text
        assert isinstance(r.json(), list)
    else:
        assert (r.status_code, r.json()["detail"]["code"]) == (403, "forbidden")


@pytest.mark.parametrize("role", ROLES)
def test_devices(office: Office, role: str) -> None:
    """Everyone signed in lists their own devices; admins see all."""
    r = office.client.get("/auth/devices", headers=office.headers(role))
    refused = _refusal(role)
    if refused:
        assert (r.status_code, r.json()["detail"]["code"]) == refused
        return
    ids = {d["id"] for d in r.json()}
    if role == "admin":
        assert ids >= {f"dev-{x}" for x in READS}
    else:
        assert ids == {f"dev-{role}"}


@pytest.mark.parametrize("role", ["worker", "staff", "supervisor"])
def test_revoking_another_accounts_device_is_refused(office: Office, role: str) -> None:
    r = office.client.delete("/auth/devices/dev-admin", headers=office.headers(role))
    assert (r.status_code, r.json()["detail"]["code"]) == (403, "forbidden")


def test_health_needs_no_token(office: Office) -> None:
    r = office.client.get("/health")
    assert r.status_code == 200
    assert r.json()["schema"] == SCHEMA_HEAD
