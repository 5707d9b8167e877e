"""gunicorn settings for Teilhabe: `gunicorn -c gunicorn.conf.py wsgi:app` (all overridable by env).

Timeouts are layered so the innermost gives up first: a PostgreSQL connect (DB_CONNECT_TIMEOUT,
5 s), waiting for a pooled connection (DB_POOL_TIMEOUT, 10 s) and a statement
(DB_STATEMENT_TIMEOUT, 30 s) together stay below gunicorn's worker `timeout` (60 s), so a slow
request ends as an error page, never as a killed worker. Requests never wait on SMTP (the mail
worker `flask outbox work` sends; MAIL_TIMEOUT bounds it there) and Redis answers within
REDIS_TIMEOUT (1 s) or the rate limits fall back to memory.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one is gunicorn's rule of thumb for sync workers.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# The app is imported and built once in the master, then forked: a recycled worker starts in
# milliseconds instead of importing and building the app again (about a second of CPU, during
# which its queued requests wait), and the workers share those memory pages. Database
# connections are never inherited (post_fork). GUNICORN_PRELOAD=0 switches it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() not in ("0", "false", "no")
# Recycle workers now and then (bounded memory growth); jitter avoids restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)
# The app writes one line per request with its request id; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on the same host sets X-Forwarded-*; the app trusts them only with TRUSTED_PROXIES.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a possibly slow disk (a blocked disk must not kill workers).
SHM = "/dev/shm"  # noqa: S108 - gunicorn heartbeat files, as its docs recommend
worker_tmp_dir = SHM if os.path.isdir(SHM) else None


def pre_fork(server, worker) -> None:
    """Freeze what the preloaded app built (modules, routes, models, templates) before forking.

    Those objects live as long as the process. Without this a worker's full garbage collection
    walks all of them - about 200,000 objects, 150 ms during which the worker answers nobody,
    a visible p95 outlier - and touching them copies the shared memory pages. gc.freeze()
    moves them out of the collector's reach (Python's documented pattern for fork servers).
    """
    if preload_app:
        gc.collect()  # nothing unreachable is frozen; after the first fork only new objects
        gc.freeze()


def post_fork(server, worker) -> None:
    """A forked worker opens its own database connections (SQLAlchemy's advice for fork)."""
    if not preload_app:
        return
    flask_app = server.app.wsgi()
    if "sqlalchemy" not in getattr(flask_app, "extensions", {}):
        return  # another WSGI app under this configuration (bench/bare_app.py)
    from app.extensions import db

    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)  # forget the master's pool without closing its sockets


def child_exit(server, worker) -> None:
    """With PROMETHEUS_MULTIPROC_DIR, a dead worker's live gauges leave /metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
