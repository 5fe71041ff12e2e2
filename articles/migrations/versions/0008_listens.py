"""Listens: one row per listener, programme and day (a salted hash, never an address), the days
already added up, and the day's salt.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listens",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("programme_id", sa.String(200), primary_key=True),
        sa.Column("listener", sa.String(64), primary_key=True),
    )
    op.create_table(
        "listen_days",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("programme_id", sa.String(200), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("listens", sa.Integer(), nullable=False),
    )
    op.create_table(
        "listen_salts",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("listen_salts")
    op.drop_table("listen_days")
    op.drop_table("listens")
