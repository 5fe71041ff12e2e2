"""Alembic's entry point: run the migrations on the connection ``articles.schema`` hands over."""
from __future__ import annotations

from alembic import context

from articles.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Loa's migrations run through articles.schema (loa db upgrade), not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot alter a column in place: batch mode copies the table.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
