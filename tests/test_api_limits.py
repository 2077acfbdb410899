"""The JSON API's limits: a 429 with Retry-After past API_RATE per address, and cross-origin GETs
for JSON, CSV, feeds, citations and exported files, not for pages or the admin."""

from django.core.cache import caches
from django.test import override_settings

from .base import ReaderTestCase

ORIGIN = "https://research.example.org"


@override_settings(API_RATE="3/m")
class RateLimitTests(ReaderTestCase):
    def setUp(self):
        caches["default"].clear()

    def test_past_the_rate_one_address_gets_a_429_that_says_when_to_come_back(self):
        for _ in range(3):
            self.assertEqual(self.client.get("/archive/", {"format": "json"}).status_code, 200)
        response = self.client.get("/2024/03/12/", {"format": "json"})
        self.assertEqual(response.status_code, 429)
        retry = int(response["Retry-After"])
        self.assertTrue(1 <= retry <= 60)
        data = response.json()
        self.assertEqual(data["retry_after"], retry)
        self.assertEqual(data["error"], f"请求太频繁：每个地址每分钟最多3次。请在{retry}秒后再试。")
        # The pages themselves are not the API, and another address has its own count.
        self.assertEqual(self.client.get("/2024/03/12/").status_code, 200)
        self.assertEqual(
            self.client.get("/archive/", {"format": "json"}, REMOTE_ADDR="10.0.0.7").status_code, 200
        )

    @override_settings(PORTAL_PROXY_COUNT=1)
    def test_behind_a_proxy_each_reader_is_counted_by_their_own_address(self):
        def get(forwarded):
            return self.client.get(
                "/archive/", {"format": "json"}, HTTP_X_FORWARDED_FOR=forwarded
            ).status_code

        self.assertEqual([get("203.0.113.5") for _ in range(4)], [200, 200, 200, 429])
        self.assertEqual(get("198.51.100.9"), 200)
        # What a client writes into the header itself stands left of the proxy's entry: no way out.
        self.assertEqual(get("1.2.3.4, 203.0.113.5"), 429)

    def test_the_429_is_readable_across_origins(self):
        for _ in range(4):
            response = self.client.get("/archive/", {"format": "json"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertIn("Retry-After", response["Access-Control-Expose-Headers"])


class CrossOriginTests(ReaderTestCase):
    def allowed(self, url, **params):
        response = self.client.get(url, params, HTTP_ORIGIN=ORIGIN)
        self.assertIn(response.status_code, (200, 302), url)
        return response.get("Access-Control-Allow-Origin")

    def test_json_csv_feeds_citations_and_files_answer_any_origin(self):
        self.assertEqual(self.allowed("/", format="json"), "*")
        self.assertEqual(self.allowed("/search/", q="株洲", format="json"), "*")
        self.assertEqual(self.allowed("/trends/", q="株洲", format="csv"), "*")
        self.assertEqual(self.allowed("/feed/"), "*")
        self.assertEqual(self.allowed("/district/hetang/feed/atom/"), "*")
        self.assertEqual(self.allowed("/2024/03/12/01/2/cite.ris"), "*")
        self.assertEqual(self.allowed("/data/", format="json"), "*")

    def test_pages_and_the_admin_do_not(self):
        self.assertIsNone(self.allowed("/"))
        self.assertIsNone(self.allowed("/2024/03/12/01/2/"))
        self.assertIsNone(self.allowed("/admin/"))

    def test_a_preflight_asks_and_is_told_only_reads_are_allowed(self):
        response = self.client.options(
            "/search/?q=株洲&format=json", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")
        self.assertNotIn("Access-Control-Allow-Credentials", response)
