#!/usr/bin/env python3
"""Interleaved A/B of built sites: the first computed result, cold / reload / repeat visit.

    python bench/ab_sites.py SITE_A SITE_B [SITE_C ...] [--rounds 8] [--page lessons/...]

Each round loads every site once in turn (the order alternates between rounds), each in a
fresh browser context: a cold visit, a reload right after its first result (HTTP cache), then
a repeat visit once the first has settled (service worker active, snapshot kept), exactly as
``bench/bench_site.py`` measures them, with the same server (gzip like GitHub Pages, a
sub-path). It prints medians and every repeat-visit run per site.

Why interleaved: on the shared 2-core machine the same site's medians move by ±60 ms between
runs minutes apart, so a change is only judged against the site it replaces, round by round.
A site is any built directory (``mkdocs build -d DIR``, or a copy of one edited by hand for an
experiment); each is served on its own port.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_site as B  # noqa: E402

# A site without a service worker (an experiment) has nothing to wait for but its snapshot.
SETTLE_JS = B.SETTLE_JS.replace("60000))]", "8000))]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="+", type=Path)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--page", default=B.DEFAULT_PAGES[0])
    ap.add_argument("--chromium", default=os.environ.get("CONVDIMS_CHROMIUM", "/usr/bin/chromium"))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    figures = {str(s): {"cold": [], "reload": [], "repeat": [], "path": set()} for s in args.sites}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=B.CHROMIUM_FLAGS)
        servers, benches = [], []
        for site in args.sites:
            port = B.free_port()
            servers.append(B.serve(site, port))
            benches.append((str(site), B.Bench(browser, f"http://127.0.0.1:{port}", site, args.page)))
        try:
            for i in range(args.rounds):
                for name, bench in (benches if i % 2 == 0 else benches[::-1]):
                    ctx = bench.new_context(edit=True)
                    url = bench.base + args.page
                    cold = bench.site_load(ctx.new_page(), url)
                    second = ctx.new_page()
                    reload = bench.site_load(second, url)
                    second.evaluate(SETTLE_JS)
                    repeat = bench.site_load(ctx.new_page(), url)
                    f = figures[name]
                    f["cold"].append(cold["first"])
                    f["reload"].append(reload["first"])
                    f["repeat"].append(repeat["first"])
                    f["path"].add(f'{repeat["bootPath"]} ({repeat["bootReason"]})')
                    ctx.close()
        finally:
            browser.close()
            for s in servers:
                s.shutdown()
    print(f"first computed result on {args.page}, medians of {args.rounds} interleaved rounds (ms)")
    for name, f in figures.items():
        med = " ".join(f"{k} {statistics.median(f[k]):,.0f}" for k in ("cold", "reload", "repeat"))
        print(f"  {name}: {med} | repeat runs {[round(x) for x in f['repeat']]} | {', '.join(sorted(f['path']))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
