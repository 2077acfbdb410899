"""For researchers: cite an article, take the archive home, see a word's history, know what is held.

- `citation`: an article as GB/T 7714-2015 cites a newspaper, as RIS, BibTeX
  and CSL-JSON, and as schema.org `NewsArticle` JSON-LD.
- `export`: the archive as gzipped JSON Lines, a file per year, with a manifest
  (`manage.py export_archive`), and what /data/ lists of it.
- `trends`: the share of articles per month that contain a word (词频趋势),
  counted by the search engine, and `chart`, its SVG.
- `holdings`: what the archive holds and lacks (关于本馆藏).
- `api`: the JSON API's documentation, its cross-origin rule and its rate limit.
"""
