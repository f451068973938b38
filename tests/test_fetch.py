"""URL ingestion is safe: non-public addresses are refused unless allowed, responses are capped,
robots.txt is honoured. Served by a local http.server on 127.0.0.1 (no internet needed)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyadwatch.pipeline.fetch import Fetcher, FetchRefused, check_url, is_public
from dyadwatch.pipeline.ingest import RawDocument, Skipped
from dyadwatch.pipeline.sources import read_sources

ARTICLE = ("<html><head><title>Ministers meet in Ottawa</title></head><body><article><h1>Ministers meet in Ottawa</h1>"
           "<p>Canada's foreign minister met her Mexican counterpart in Ottawa on Monday to discuss trade.</p>"
           "<p>The two governments agreed to meet again in the spring, officials said after the talks.</p>"
           "</article></body></html>").encode()
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Test Wire</title>"
        "<item><title>Talks in Rome</title><link>http://example.test/rome</link>"
        "<pubDate>Tue, 15 Oct 2024 08:00:00 GMT</pubDate>"
        "<description>Italy and Spain agreed on Tuesday in Rome to expand energy cooperation.</description></item>"
        "</channel></rss>").encode()
PAGES = {"/article.html": ("text/html", ARTICLE), "/feed.rss": ("application/rss+xml", FEED),
         "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
         "/private/secret.html": ("text/html", ARTICLE), "/big.txt": ("text/plain", b"word " * 4000)}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/chunked.txt":   # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x" * 1000)
            self.close_connection = True
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.1/",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/",
                                 "http://[::ffff:127.0.0.1]/", "http://240.0.0.1/"])
def test_non_public_addresses_are_refused(url):
    with pytest.raises(FetchRefused, match="non-public address"):
        check_url(url)


def test_only_http_urls_and_public_addresses_pass():
    assert is_public("8.8.8.8") and is_public("2001:4860:4860::8888")
    with pytest.raises(FetchRefused, match="only http"):
        check_url("file:///etc/passwd")
    check_url("http://127.0.0.1/", allow_private=True)


def test_local_server_is_refused_without_allow_private(server):
    items = list(read_sources([server + "/article.html"], Fetcher()))
    assert len(items) == 1 and isinstance(items[0], Skipped) and "--allow-private" in items[0].reason


def test_article_and_feed_with_allow_private(server):
    items = list(read_sources([server + "/article.html", server + "/feed.rss"], Fetcher(allow_private=True)))
    assert all(isinstance(i, RawDocument) for i in items), items
    page, entry = items
    assert page.title == "Ministers meet in Ottawa" and "Mexican counterpart" in page.text
    assert page.url == server + "/article.html" and page.outlet == "127.0.0.1"
    assert (entry.title, entry.date, entry.outlet, entry.url) == \
        ("Talks in Rome", "2024-10-15", "Test Wire", "http://example.test/rome")


def test_robots_txt_is_honoured(server):
    with pytest.raises(FetchRefused, match="robots.txt"):
        Fetcher(allow_private=True).fetch(server + "/private/secret.html")


@pytest.mark.parametrize("path", ["/big.txt", "/chunked.txt"])
def test_response_size_is_capped(server, path):
    with pytest.raises(FetchRefused, match="too large"):
        Fetcher(allow_private=True, max_bytes=10_000).fetch(server + path)
    assert len(Fetcher(allow_private=True, max_bytes=100_000).fetch(server + path).data) >= 20_000


def test_ingest_command_refuses_then_allows_a_local_url(server, tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli import app
    from dyadwatch.store import open_store

    db = str(tmp_path / "urls.duckdb")
    refused = CliRunner().invoke(app, ["ingest", server + "/article.html", "--db", db, "--strict", "--json"])
    assert refused.exit_code == 1 and '"skipped": 1' in refused.stdout and '"added": 0' in refused.stdout
    allowed = CliRunner().invoke(app, ["ingest", server + "/article.html", "--db", db, "--allow-private", "--json"])
    assert allowed.exit_code == 0 and '"added": 1' in allowed.stdout, allowed.output
    store = open_store(db)
    assert store.fetchall("SELECT url, source, title FROM documents") == \
        [(server + "/article.html", "127.0.0.1", "Ministers meet in Ottawa")]
    store.close()
