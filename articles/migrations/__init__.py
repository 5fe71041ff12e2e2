"""Schema migrations (Alembic), run by ``articles.schema``; one file per revision in ``versions/``."""
