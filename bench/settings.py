"""The portal's settings plus a second search connection, "whoosh", for the benchmark's comparison.

The default connection stays the portal's own; only `update_index --using whoosh`
and `SearchQuerySet().using("whoosh")` touch the Whoosh index.
"""

from portal.settings import *  # noqa: F403

HAYSTACK_CONNECTIONS = {
    **HAYSTACK_CONNECTIONS,  # noqa: F405
    "whoosh": {
        "ENGINE": "bench.whoosh_cn.ChineseWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh"),  # noqa: F405
    },
}
