"""Backup and restore of the whole database: `flask backup` and `flask restore`.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; SQLite is
copied with its online backup API, which gives a consistent copy while the app keeps running.
"""
