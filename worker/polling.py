"""Polling the station's source feeds (Celery beat)."""
