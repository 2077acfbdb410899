"""The portal's settings plus search connections for the benchmark's comparison: "whoosh", and
"opensearch" when BENCH_OPENSEARCH_URL names a node (bench/run.py --opensearch starts one).

The default connection stays the portal's own; only `update_index --using whoosh`
and `SearchQuerySet().using("whoosh")` touch the Whoosh index, and likewise for OpenSearch.
"""

import os

from portal.settings import *  # noqa: F403

HAYSTACK_CONNECTIONS = {
    **HAYSTACK_CONNECTIONS,  # noqa: F405
    "whoosh": {
        "ENGINE": "bench.whoosh_cn.ChineseWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh"),  # noqa: F405
    },
}
if os.environ.get("BENCH_OPENSEARCH_URL"):
    HAYSTACK_CONNECTIONS["opensearch"] = {
        "ENGINE": "zhsearch.opensearch.OpenSearchEngine",
        "URL": os.environ["BENCH_OPENSEARCH_URL"],
        "INDEX_NAME": "bench",
    }
