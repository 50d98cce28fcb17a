"""The built site in Debian Chromium, served under a sub-path (see conftest.py).

Every test runs in a fresh browser context whose requests are watched: a request to another
host is aborted and fails the test, and so does a console error. Written against the page
contracts (DEVELOPING.md contract 4, DESIGN.md section 2.2), not against one page's wording.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

BOOT_TIMEOUT_MS = int(os.environ.get("CONVDIMS_BOOT_TIMEOUT_MS", "45000"))  # as in conftest.py

pytestmark = pytest.mark.browser

CONV2D_PAGES = ["calculator/", "lessons/14-quiz-dimensionality/"]
LESSON_WITH_WIDGET = "lessons/13-convolutional-layers-in-keras/"
OTHER_LESSON = "lessons/14-quiz-dimensionality/"
MATH_PAGES = ["notation/", "lessons/12-stride-and-padding/"]
FAST_MS = 10_000  # anything that must not wait for a boot


# ---------------------------------------------------------------- helpers


def goto(page, server, path: str, wait_until: str = "load"):
    resp = page.goto(server.url(path), wait_until=wait_until)
    assert resp is not None and resp.status == 200, f"{path}: HTTP {resp.status if resp else 'no response'}"
    return resp


def wait_ready(page, timeout: int = BOOT_TIMEOUT_MS):
    page.wait_for_function("window.convdims && window.convdims.state !== 'loading' && window.convdims.state !== 'idle'",
                           timeout=timeout)
    state = page.evaluate("window.convdims.state")
    assert state == "ready", f"runtime {state}: {page.evaluate('window.convdims.error')}"


def set_field(widget, name: str, value: str):
    """Set a form field by its name, whatever control renders it."""
    control = widget.locator(f'[name="{name}"]')
    assert control.count() > 0, f"no field named {name!r} in the widget"
    first = control.first
    kind = first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if kind.startswith("select"):
        first.select_option(value)
    elif kind.endswith(":radio"):
        widget.locator(f'input[name="{name}"][value="{value}"]').check()
    elif kind.endswith(":checkbox"):
        first.set_checked(value in ("true", "1", "on"))
    else:
        first.fill(value)


def conv2d(page):
    widget = page.locator('[data-widget="conv2d"]').first
    expect(widget).to_have_attribute("data-hydrated", "", timeout=FAST_MS)
    return widget


def visible_text_without_code(page, selector: str = ".md-content") -> str:
    return page.evaluate("""(sel) => {
        const root = document.querySelector(sel);
        if (!root) return "";
        const copy = root.cloneNode(true);
        copy.querySelectorAll("pre, code, textarea, script, style, .katex-mathml, annotation").forEach(e => e.remove());
        return copy.innerText || copy.textContent;
    }""", selector)


def no_traceback(locator):
    text = locator.inner_text()
    assert "Traceback" not in text and 'File "' not in text, f"a Python traceback reached the page: {text[:300]}"


# ---------------------------------------------------------------- static: relative URLs


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "link" and a.get("rel") in ("stylesheet", "icon", "modulepreload", "preload", "manifest") and a.get("href"):
            self.refs.append(a["href"])
        elif tag in ("img", "source", "iframe") and a.get("src"):
            self.refs.append(a["src"])


def test_every_asset_url_is_relative(site_dir, server):
    bad = []
    pages = [p for p in site_dir.rglob("*.html") if "__bench__" not in p.parts]
    assert pages, "the site has no pages"
    for html in pages:
        parser = _Refs()
        parser.feed(html.read_text(encoding="utf-8"))
        is_404 = html.relative_to(site_dir).as_posix() == "404.html"
        for ref in parser.refs:
            if is_404 and ref.startswith(server.base_path):
                continue  # MkDocs: 404.html is served at any depth, so it is rooted at site_url's path
            if ref.startswith(("/", "http:", "https:", "//")):
                bad.append(f"{html.relative_to(site_dir)}: {ref}")
    assert not bad, "absolute asset URLs (the site must work under any sub-path):\n" + "\n".join(bad[:20])


# ---------------------------------------------------------------- pages load


@pytest.mark.parametrize("path", ["", LESSON_WITH_WIDGET])
def test_page_loads_cleanly(page, server, watch, path):
    goto(page, server, path)
    expect(page.locator("h1").first).to_be_visible()
    assert page.title(), "page has no title"
    wait_ready(page)  # the runtime boots without errors on this page too
    assert not watch.off_origin


def test_missing_page_gets_the_styled_404(page, server, watch):
    watch.allow_console.append("404")
    resp = page.goto(server.url("lessons/no-such-lesson/"))
    assert resp.status == 404
    expect(page.locator("h1").first).to_be_visible()
    # Material's stylesheet applied (its header is sticky): the 404 page finds its assets.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert not watch.outside_base, watch.outside_base


def test_home_has_lesson_navigation(page, server):
    goto(page, server, "")
    links = page.locator('a.md-nav__link[href*="lessons/"]')
    assert links.count() >= 5, "the navigation lists the lessons"


# ---------------------------------------------------------------- math


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", MATH_PAGES)
def test_math_renders(page, server, path, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, server, path)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    assert page.locator(".arithmatex").count() > 0, f"{path} has no math to render"
    page.wait_for_function(
        "document.querySelectorAll('.arithmatex').length > 0 && "
        "document.querySelectorAll('.arithmatex:not([data-math-rendered])').length === 0",
        timeout=FAST_MS * 2,
    )
    assert page.locator(".arithmatex .katex").count() > 0, "KaTeX produced no output"
    text = visible_text_without_code(page)
    for raw in ("$$", "\\(", "\\)", "\\[", "\\]", "\\frac", "\\left"):
        assert raw not in text, f"raw TeX {raw!r} left in the page text"
    # Math is readable in this palette: its colour is not the background's.
    colors = page.evaluate("""() => {
        const k = document.querySelector('.arithmatex .katex');
        return [getComputedStyle(k).color, getComputedStyle(document.body).backgroundColor];
    }""")
    assert colors[0] != colors[1], f"math colour equals the background in {scheme} mode: {colors}"


# ---------------------------------------------------------------- runtime + status


def test_runtime_status_goes_from_loading_to_ready(page, server):
    goto(page, server, LESSON_WITH_WIDGET, wait_until="domcontentloaded")
    status = page.locator("[data-convdims-status]")
    expect(status).to_have_attribute("role", "status", timeout=FAST_MS)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_attribute("data-state", re.compile("loading|ready"), timeout=FAST_MS)
    # state and text read together: a fast boot can turn "loading" to "ready" between two reads
    state, text = status.evaluate("(el) => [el.dataset.state, el.textContent]")
    assert ("loading" if state == "loading" else "ready") in text, (state, text)
    expect(status).to_have_attribute("data-state", "ready")
    expect(status).to_contain_text("ready")
    timings = page.evaluate("window.convdims.timings")
    for stage in ("boot-start", "pyodide-loaded", "wheel-installed", "ready"):
        assert stage in timings, f"no {stage} timing: {timings}"
    assert timings["boot-start"] <= timings["pyodide-loaded"] <= timings["wheel-installed"] <= timings["ready"]
    assert page.evaluate("performance.getEntriesByName('convdims:ready').length") == 1
    assert page.evaluate("window.convdims.bootCount") == 1
    expect(status).to_have_class(re.compile("is-faded"), timeout=FAST_MS)  # calm: it fades away


def test_failed_boot_shows_retry_and_recovers(page, context, server, watch):
    watch.allow_console.append("Failed to load resource")
    blocked = {"on": True}

    def code(route):
        if blocked["on"]:
            route.abort("failed")
        else:
            route.continue_()

    context.route("**/assets/convdims/wheel/*/calculator.zip.gz", code)
    goto(page, server, LESSON_WITH_WIDGET)
    status = page.locator("[data-convdims-status]")
    expect(status).to_have_attribute("data-state", "failed")
    expect(status).to_contain_text("failed")
    retry = status.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    # Widgets keep working as forms and say plainly that Python is not there.
    widget = conv2d(page)
    set_field(widget, "filters", "7")
    message = widget.locator(".cd-widget__message")
    expect(message).to_be_visible(timeout=FAST_MS)
    no_traceback(widget)
    blocked["on"] = False
    retry.click()
    expect(status).to_have_attribute("data-state", "ready")
    set_field(widget, "filters", "9")
    expect(widget.locator("[data-widget-output]")).to_contain_text(", 9)", timeout=FAST_MS)


def test_widget_edits_before_ready_wait_for_python(page, context, server):
    # Python cannot be ready without the calculator's code: its download is held until the
    # edit has been made (a snapshot restore is otherwise fast enough to race the edit).
    held = []

    def hold(route):
        held.append(route)

    context.route("**/assets/convdims/wheel/*/calculator.zip.gz", hold)
    goto(page, server, LESSON_WITH_WIDGET, wait_until="domcontentloaded")
    widget = conv2d(page)
    set_field(widget, "filters", "5")
    expect(widget.locator(".cd-widget__waiting")).to_be_visible(timeout=FAST_MS)
    expect(widget.locator(".cd-widget__waiting")).to_contain_text("waiting for Python")
    assert page.evaluate("window.convdims.state") != "ready"
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    for route in held:
        route.continue_()
    expect(widget.locator("[data-widget-output]")).to_contain_text(", 5)")
    expect(widget.locator(".cd-widget__waiting")).to_be_hidden()


# ---------------------------------------------------------------- the Conv2D widget


@pytest.mark.parametrize("path", CONV2D_PAGES)
def test_conv2d_controls_are_labelled_with_keras_arguments(page, server, path):
    goto(page, server, path)
    widget = conv2d(page)
    for arg in ("filters", "kernel_size", "strides", "padding", "dilation_rate", "input_shape", "data_format"):
        labelled = widget.get_by_label(arg, exact=True)
        group = widget.locator("fieldset", has=page.locator("legend", has_text=re.compile(rf"^\s*{arg}\s*$")))
        assert labelled.count() + group.count() > 0, f"no control labelled {arg!r}"


@pytest.mark.parametrize("path", CONV2D_PAGES)
def test_conv2d_widget_computes_and_reports_errors(page, server, path):
    goto(page, server, path)
    wait_ready(page)
    widget = conv2d(page)
    output = widget.locator("[data-widget-output]")
    set_field(widget, "filters", "32")
    set_field(widget, "kernel_size", "3")
    set_field(widget, "strides", "2")
    set_field(widget, "padding", "same")
    set_field(widget, "input_shape", "128, 128, 3")
    expect(output).to_contain_text("(None, 64, 64, 32)", timeout=FAST_MS)
    expect(output).to_contain_text("896")
    assert output.locator(".katex").count() > 0, "the derivation's math is rendered"

    set_field(widget, "input_shape", "(128, 128, 3)")
    page.wait_for_timeout(300)
    expect(output).to_contain_text("(None, 64, 64, 32)", timeout=FAST_MS)
    expect(output).to_contain_text("896")

    # A kernel larger than the input with padding="valid": a plain message at the field.
    set_field(widget, "padding", "valid")
    set_field(widget, "kernel_size", "200")
    error = widget.locator('[data-error-for="kernel_size"]')
    expect(error).not_to_be_empty(timeout=FAST_MS)
    expect(error).to_be_visible()
    field = widget.locator('[name="kernel_size"]')
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    assert error.get_attribute("id") in described, "the field points at its error message"
    no_traceback(widget)

    # ... and the page keeps working: fix it, get a result again.
    set_field(widget, "kernel_size", "3")
    expect(output).to_contain_text("(None, 63, 63, 32)", timeout=FAST_MS)
    expect(error).to_be_empty()
    expect(field).not_to_have_attribute("aria-invalid", "true")


# ---------------------------------------------------------------- instant navigation


def test_instant_navigation_keeps_the_runtime(page, server):
    goto(page, server, LESSON_WITH_WIDGET)
    wait_ready(page)
    before = page.evaluate("({boots: convdims.bootCount, worker: convdims.workerId})")
    page.evaluate("window.__sameDocument = true")
    link = page.locator(f'a.md-nav__link[href$="{OTHER_LESSON.rstrip("/").split("/")[-1]}/"]').first
    link.click()
    page.wait_for_url("**/" + OTHER_LESSON)
    assert page.evaluate("window.__sameDocument === true"), (
        "the click reloaded the page: instant navigation did not engage (is site_url the served URL?)")
    after = page.evaluate("({boots: convdims.bootCount, worker: convdims.workerId, state: convdims.state})")
    assert after == {**before, "state": "ready"}, f"a second boot: {before} -> {after}"
    widget = conv2d(page)
    set_field(widget, "filters", "11")
    expect(widget.locator("[data-widget-output]")).to_contain_text(", 11)", timeout=FAST_MS)
    assert page.evaluate("convdims.bootCount") == 1


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("wait", ["ready", "at-once"])
def test_search_finds_lessons_on_a_page_that_computes(page, server, wait):
    """convdims-early.js holds the search index build until Python is ready, or until the
    reader goes to the search box: either way search answers."""
    goto(page, server, LESSON_WITH_WIDGET, wait_until="domcontentloaded")
    if wait == "ready":
        wait_ready(page)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("padding")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=BOOT_TIMEOUT_MS)
    assert results.count() > 0


# ---------------------------------------------------------------- keras-model playground

PLAYGROUND_OK = """from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(filters=8, kernel_size=3, strides=1, padding='valid', input_shape=(10, 10, 1)))
model.summary()
"""


def test_keras_model_playground_runs_edited_code(page, server):
    goto(page, server, LESSON_WITH_WIDGET)
    play = page.locator(".cd-playground[data-widget], [data-widget='playground']").first
    expect(play).to_have_attribute("data-hydrated", "", timeout=FAST_MS)
    code = play.locator("textarea")
    expect(code).to_be_visible()
    wait_ready(page)
    output = play.locator("[data-widget-output]")
    code.fill(PLAYGROUND_OK)
    play.get_by_role("button", name=re.compile("Run")).click()
    expect(output).to_contain_text("(None, 8, 8, 8)", timeout=FAST_MS)
    expect(output).to_contain_text("80")
    # A wrong configuration: the error as Keras raises it, run with Ctrl+Enter.
    code.fill(PLAYGROUND_OK.replace("kernel_size=3", "kernel_size=20"))
    code.press("Control+Enter")
    expect(play).to_contain_text("ValueError", timeout=FAST_MS)
    no_traceback(play)
    # ... and it runs again once fixed.
    code.fill(PLAYGROUND_OK.replace("filters=8", "filters=4"))
    code.press("Control+Enter")
    expect(output).to_contain_text("(None, 8, 8, 4)", timeout=FAST_MS)


# ---------------------------------------------------------------- progress


def test_lesson_is_marked_read_by_its_button_not_by_scrolling(page, server):
    goto(page, server, LESSON_WITH_WIDGET)
    slug = LESSON_WITH_WIDGET
    stored = f"(JSON.parse(localStorage.getItem('convdims:progress:v1') || '{{}}'))['{slug}']"
    # Jumping to the end (as a click on the last heading does) is not reading.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(1000)
    assert not page.evaluate(f"!!{stored}")
    button = page.get_by_role("button", name="Mark as read")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    page.wait_for_function(stored, timeout=FAST_MS)
    expect(page.locator(".cd-mark-read")).to_have_attribute("aria-pressed", "true")
    tick = page.locator(f'a.md-nav__link[href$="{slug.rstrip("/").split("/")[-1]}/"] .cd-done')
    expect(tick.first).to_be_attached()
    page.locator(".cd-mark-read").click()          # pressed again: un-marked
    page.wait_for_function(f"!{stored}", timeout=FAST_MS)
    # A quiz lesson has no button: only passing its quiz marks it.
    goto(page, server, OTHER_LESSON)
    expect(page.locator(".cd-lesson-end")).to_contain_text("when you pass its quiz")
    assert page.locator(".cd-mark-read").count() == 0
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(500)
    assert not page.evaluate(f"!!(JSON.parse(localStorage.getItem('convdims:progress:v1') || '{{}}'))['{OTHER_LESSON}']")
    page.evaluate("document.querySelector('.md-content').dispatchEvent(new CustomEvent('convdims:quiz-passed', {bubbles: true}))")
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('convdims:progress:v1') || '{{}}'))['{OTHER_LESSON}']",
                           timeout=FAST_MS)


# ---------------------------------------------------------------- URL parameters


def test_url_param_fields_sync_with_the_query(page, server):
    # The architecture explorer keeps its model in the address, so a link shares the choice.
    goto(page, server, "lessons/22-groundbreaking-cnn-architectures/")
    wait_ready(page)
    field = page.locator('[data-widget="architectures"] [data-url-param]').first
    name = field.get_attribute("data-url-param") or field.get_attribute("name")
    field.select_option("resnet50")
    page.wait_for_function(f"new URLSearchParams(location.search).get({name!r}) === 'resnet50'", timeout=FAST_MS)
    goto(page, server, f"lessons/22-groundbreaking-cnn-architectures/?{name}=alexnet")
    widget = page.locator('[data-widget="architectures"]').first
    expect(widget.locator(f'[name="{name}"]')).to_have_value("alexnet", timeout=FAST_MS)
    # AlexNet, one tower: the total Keras-style builders give for Krizhevsky et al. 2012 (62,378,344).
    expect(widget.locator('[data-result="params"]')).to_have_text("62,378,344")
