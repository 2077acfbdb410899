"""Kept for `articles/search/views.py`, which imports `paged_url` from here; the serializers are in serializers.py.

It goes when the search engine moves into its own package and its view imports from serializers.py.
"""

from .serializers import paged_url

__all__ = ["paged_url"]
