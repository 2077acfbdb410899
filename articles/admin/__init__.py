"""The editors' admin, in Chinese: correct the metadata quickly, and never lose a correction."""

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy

from . import accounts, articles, catalog, issues, review  # noqa: F401  (each registers its ModelAdmins)

# Read when a page is rendered, not when this module is imported: the name is a setting.
admin.site.site_header = lazy(lambda: f"{settings.PAPER_NAME}数字报 编辑后台", str)()
admin.site.site_title = lazy(lambda: f"{settings.PAPER_NAME}编辑后台", str)()
admin.site.index_title = "内容编辑"
