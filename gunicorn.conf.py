"""gunicorn settings of the shipped server (Dockerfile, docker-compose.yml).

    gunicorn diplo.wsgi:application -c gunicorn.conf.py

Each value can be changed through the environment named beside it.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two or three processes per core; each serves `threads` requests at once.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# gthread, not sync: a sync worker is silent while it serves a request, so `timeout` kills it in the
# middle of any response longer than that: a 100,000-meeting CSV export was cut off half way with a
# "200" already sent. A gthread worker's main thread keeps reporting alive while its threads stream,
# so an export of a million meetings (minutes) runs to its end, and `timeout` still restarts a
# worker that is stuck as a whole.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart (a deploy), exports under way get this long to finish before their worker is stopped.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "600"))
accesslog = "-"
