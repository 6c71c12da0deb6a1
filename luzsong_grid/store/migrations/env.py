"""Alembic environment: run by luzsong_grid.store.db on open, and by
``alembic`` for authoring migrations (with -x db=PATH)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from luzsong_grid.store.db import include_object

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///migrations-dev.sqlite3")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
