"""The WSGI application.

gunicorn loads it once before it forks its workers (preload_app in
portal/gunicorn.conf.py), so the search's jieba dictionaries and folding
table, loaded here, are shared by every worker instead of each loading its
own copy.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

from django.db import connections  # noqa: E402

from zhsearch.text import preload  # noqa: E402

preload()
connections.close_all()  # forked workers open their own
