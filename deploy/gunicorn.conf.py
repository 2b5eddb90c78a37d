"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Workers are stateless: sessions are signed cookies, rate-limit counters and the page cache live in
Redis (``REDIS_URL``), data in PostgreSQL (``DATABASE_URL``). Run ``flask --app wsgi db upgrade``
on deploy, before starting the workers; the app never migrates at start.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # recycle workers now and then, so no slow leak grows unbounded
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
# No IP addresses in the access log: residents' input must not be linkable to an address.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)ss'
