"""Chinese full-text search for django-haystack: SQLite FTS5 by default, OpenSearch past one machine.

See README.md beside this file.
"""

__version__ = "0.1.0"
