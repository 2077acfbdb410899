"""The editors' admin, in Chinese: correct the metadata quickly, and never lose a correction."""

from django.contrib import admin

from . import articles, catalog, issues, review  # noqa: F401  (each registers its ModelAdmins)

admin.site.site_header = "株洲日报数字报 编辑后台"
admin.site.site_title = "株洲日报编辑后台"
admin.site.index_title = "内容编辑"
