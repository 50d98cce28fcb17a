"""Accessibility: axe-core (npm, pinned in package.json) finds no serious or critical WCAG
2.x A/AA violation on any page, in the light and the dark palette.

axe is injected from node_modules by the test (it is never part of the built site). Each
page is checked once its math is rendered and its scripts have set it up (scroll boxes
made focusable, progress controls added).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from test_site import FAST_MS, goto

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _url(md: Path) -> str:
    rel = md.relative_to(DOCS).with_suffix("")
    return "" if rel.name == "index" else f"{rel.as_posix()}/"


PAGES = sorted(_url(p) for p in DOCS.rglob("*.md"))


def serious_violations(page) -> list[dict]:
    """axe's serious and critical violations on the current page, with their nodes."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a pinned devDependency)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }));
    }""", TAGS)
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, server, path, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, server, path)
    page.wait_for_function("document.querySelectorAll('.arithmatex:not([data-math-rendered])').length === 0",
                           timeout=FAST_MS * 3)
    page.wait_for_function("!!window.convdimsMath && !!window.convdimsProgress", timeout=FAST_MS)
    page.wait_for_timeout(300)  # the page scripts' set-up runs in a task after load
    found = serious_violations(page)
    assert not found, f"{path} ({scheme}):\n" + json.dumps(found, indent=1)[:6000]


def test_live_results_keep_the_page_accessible(page, server):
    # The calculator page after Python has replaced every prerendered result with a live one.
    from test_site import wait_ready

    page.set_viewport_size({"width": 360, "height": 800})
    goto(page, server, "calculator/")
    wait_ready(page)
    field = page.locator('[data-widget="conv2d"] input[name="filters"]').first
    field.fill("48")
    page.wait_for_function("""() => document.querySelector('[data-widget="conv2d"] [data-widget-output]')
        .textContent.includes('48)')""", timeout=FAST_MS * 3)
    page.wait_for_timeout(600)  # the debounced scroll-box marking
    found = serious_violations(page)
    assert not found, json.dumps(found, indent=1)[:6000]


@pytest.mark.parametrize("path", ["lessons/12-stride-and-padding/", "lessons/17-cnns-for-image-classification/",
                                  "lessons/22-groundbreaking-cnn-architectures/", "calculator/"])
def test_no_serious_violations_on_a_phone(page, server, path):
    # At 360 px wide formulas, tables and drawings scroll in their own boxes: each must be
    # reachable by keyboard (axe scrollable-region-focusable), and nothing else may regress.
    page.set_viewport_size({"width": 360, "height": 800})
    goto(page, server, path)
    page.wait_for_function("!!window.convdimsMath && !!window.convdimsProgress", timeout=FAST_MS)
    page.wait_for_timeout(600)
    found = serious_violations(page)
    assert not found, f"{path} (360 px):\n" + json.dumps(found, indent=1)[:6000]


CONTRAST_JS = """(el) => {
    // WCAG 2.x contrast of the element's text colour on its background colour (both opaque here)
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const st = getComputedStyle(el);
    const [a, b] = [lum(rgb(st.color)), lum(rgb(st.backgroundColor))];
    return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), color: st.color, background: st.backgroundColor };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, button", [
    ("lessons/13-convolutional-layers-in-keras/", ".cd-widget__run"),   # a playground's Run
    ("lessons/14-quiz-dimensionality/", ".cd-check"),                   # a quiz's Check answer
])
def test_buttons_keep_aa_contrast_when_hovered_or_focused(page, server, scheme, path, button):
    # axe checks the resting state only; Material fills a hovered button with its accent
    # (white on deep orange, 2.8:1), which the site's stylesheet replaces.
    page.emulate_media(color_scheme=scheme)
    goto(page, server, path)
    target = page.locator(button).first
    target.scroll_into_view_if_needed()
    target.hover()
    page.wait_for_timeout(400)  # Material's colour transition
    hovered = target.evaluate(CONTRAST_JS)
    assert hovered["ratio"] >= 4.5, hovered
    page.mouse.move(0, 0)
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # :focus-visible comes from the keyboard
    page.wait_for_timeout(400)
    focused = target.evaluate(CONTRAST_JS)
    assert focused["ratio"] >= 4.5, focused


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_toggle_shows_keyboard_focus_and_switches(page, server, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, server, "notation/")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-option')"):
            break
    shown = page.locator("label.md-header__button[for^='__palette']:visible")
    expect(shown).to_have_count(1)
    assert shown.evaluate("(el) => getComputedStyle(el).outlineStyle") != "none", f"no focus ring ({scheme})"
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.keyboard.press("Enter")
    page.wait_for_function("(before) => document.body.dataset.mdColorScheme !== before", arg=before, timeout=FAST_MS)
