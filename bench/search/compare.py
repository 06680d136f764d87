#!/usr/bin/env python3
"""Our search against Pagefind's, on one built site, as a phone's browser would see them.

Serves SITE (a built lingong site that also holds a Pagefind bundle in SITE/pagefind/) on
127.0.0.1, opens each query in a fresh headless Chromium (empty cache), and logs every file
the page fetches. Prints, per engine and query: results found, files fetched for the query and
the first 20 results, and their bytes as served (no HTTP compression) and gzipped (what a
server with gzip on would send; Pagefind's index files are gzipped already).

    compare.py SITE QUERY...

Needs python3 and Debian's chromium. run.sh in this folder makes SITE and runs this.
"""

import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

CHROMIUM = "/usr/bin/chromium"

# Pagefind's own JS API in a bare page: the query, then the data of the first 20 results,
# as a results list would show them.
PAGEFIND_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head>
<body><pre id="out">pending</pre>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
const r = await pagefind.search(q);
const data = await Promise.all(r.results.slice(0, 20).map((x) => x.data()));
document.getElementById("out").textContent =
  JSON.stringify({ total: r.results.length, urls: data.map((d) => d.url) });
</script></body></html>
"""


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.paths = []

    def add(self, path):
        with self.lock:
            self.paths.append(path)

    def take(self):
        with self.lock:
            out, self.paths = self.paths, []
        return out


def serve(root, log):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=root, **kw)

        def send_head(self):
            log.add(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path))
            return super().send_head()

        def log_message(self, *args):
            pass

    Handler.extensions_map = dict(Handler.extensions_map, **{".pagefind": "application/wasm",
                                                            ".js": "text/javascript"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def dump_dom(url):
    profile = tempfile.mkdtemp(prefix="search-bench-chromium-")
    try:
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=30000",
             "--dump-dom", url],
            capture_output=True, text=True, timeout=120)
        return out.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def sizes(root, paths):
    raw = gz = 0
    for p in paths:
        path = os.path.join(root, p.lstrip("/"))
        if p.endswith("/"):
            path = os.path.join(path, "index.html")
        with open(path, "rb") as f:
            data = f.read()
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz


def main():
    site, queries = sys.argv[1], sys.argv[2:]
    with open(os.path.join(site, "pf-bench.html"), "w", encoding="utf-8") as f:
        f.write(PAGEFIND_PAGE)
    log = Log()
    server = serve(site, log)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    for q in queries:
        quoted = urllib.parse.quote(q)
        # Ours: the real search page, which runs the query from ?q= and lists the results.
        dom = dump_dom(f"{base}/search/?q={quoted}")
        fetched = [p for p in log.take() if p.startswith("/search/") and p != "/search/"
                   or p == "/search.js"]
        m = re.search(r'id="search-status"[^>]*>找到 (\d+) 条结果', dom)
        found = int(m.group(1)) if m else (0 if "没有找到" in dom else None)
        shown = len(re.findall(r'<li class="card">', dom))
        rows.append(("lingong", q, found, shown, len(fetched), *sizes(site, fetched)))
        # Pagefind: its JS API; the bare page itself is not counted. A cold Chromium may end
        # the page before Pagefind's WebAssembly is ready: then the run is made again.
        for _attempt in range(3):
            dom = dump_dom(f"{base}/pf-bench.html?q={quoted}")
            fetched = [p for p in log.take() if p.startswith("/pagefind/")]
            m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
            try:
                result = json.loads(m.group(1).replace("&quot;", '"')) if m else None
            except json.JSONDecodeError:
                result = None
            if result is not None:
                break
        rows.append(("pagefind", q, result and result["total"],
                     result and len(result["urls"]), len(fetched), *sizes(site, fetched)))
    server.shutdown()
    print(f"{'engine':<9} {'query':<8} {'found':>6} {'shown':>5} {'files':>5} "
          f"{'bytes':>9} {'gzipped':>9}")
    for engine, q, found, shown, files, raw, gz in rows:
        print(f"{engine:<9} {q:<8} {str(found):>6} {str(shown):>5} {files:>5} {raw:>9} {gz:>9}")


if __name__ == "__main__":
    main()
