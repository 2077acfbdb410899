"""gunicorn settings: `gunicorn --config portal/gunicorn.conf.py portal.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("PORTAL_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the app (and jieba's dictionary) once, before the workers fork.
preload_app = True
accesslog = os.environ.get("PORTAL_ACCESS_LOG", "-")
errorlog = "-"
