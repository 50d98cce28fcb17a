"""Issue 11 as a learner meets it, in Debian Chromium: math without JavaScript, phones
(360/390 px), the practice link, malformed answers, focus rings, the self-check.

Hand derivations are written next to the numbers they check.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from test_site import FAST_MS, goto, visible_text_without_code, wait_ready

pytestmark = pytest.mark.browser

MATH_LESSON = "lessons/12-stride-and-padding/"
PHONE_PAGES = ["lessons/12-stride-and-padding/", "lessons/13-convolutional-layers-in-keras/",
               "lessons/17-cnns-for-image-classification/", "lessons/18-cnns-in-keras-practical-example/",
               "calculator/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_math_reads_without_javascript(browser, server, scheme):
    ctx = browser.new_context(java_script_enabled=False, color_scheme=scheme,
                              viewport={"width": 390, "height": 800})
    try:
        page = ctx.new_page()
        goto(page, server, MATH_LESSON)
        rendered = page.locator(".arithmatex[data-math-rendered] .katex")
        assert rendered.count() > 10
        expect(rendered.first).to_be_visible()
        box = rendered.first.bounding_box()
        assert box and box["height"] > 8 and box["width"] > 4, "a formula renders with a size"
        text = visible_text_without_code(page)
        for raw in ("\\(", "\\[", "\\frac", "\\lfloor", "$$"):
            assert raw not in text, f"raw TeX {raw!r} shown with JavaScript off"
    finally:
        ctx.close()


OVERFLOW = """() => {
  const W = document.documentElement.clientWidth;
  const scroller = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return p; } return null; };
  const cut = [];
  document.querySelectorAll('.md-content *').forEach((el) => {
    if (el.closest('.katex-mathml') || getComputedStyle(el).position === 'fixed') return;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1 && !scroller(el)) cut.push(el.tagName + '.' + el.className);
  });
  return { cut: cut.slice(0, 10), pageScroll: document.documentElement.scrollWidth - W };
}"""

LABELS = """() => Array.from(document.querySelectorAll('.md-content svg text')).map((t) => {
  const ctm = t.getScreenCTM(); return ctm ? parseFloat(getComputedStyle(t).fontSize) * Math.abs(ctm.a) : 99; })"""


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_nothing_is_cut_and_labels_are_readable(page, server, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, server, path)
    page.wait_for_timeout(300)
    found = page.evaluate(OVERFLOW)
    assert found["cut"] == [] and found["pageScroll"] <= 0, f"{path} at {width}px: {found}"
    sizes = page.evaluate(LABELS)
    assert all(s >= 11.9 for s in sizes), f"figure labels under 12 px: {sorted(sizes)[:5]}"


def test_wide_boxes_scroll_with_a_cue_and_take_keyboard_focus(page, server):
    page.set_viewport_size({"width": 360, "height": 800})
    goto(page, server, "lessons/13-convolutional-layers-in-keras/")
    page.wait_for_timeout(300)
    wide = page.locator(".katex-display[data-cd-scroll-focus], div.arithmatex[data-cd-scroll-focus]")
    assert wide.count() > 0, "a derivation wider than a phone scrolls in its own box"
    first = wide.first
    assert first.get_attribute("tabindex") == "0"
    background = first.evaluate("(el) => getComputedStyle(el).backgroundImage")
    assert background.count("gradient") == 4, "the edge shadows that cue the scroll"
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium animates a keyboard scroll: wait for it to move rather than read it at once.
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=first.element_handle(), timeout=3000)


@pytest.mark.parametrize("width", [360, 390])
def test_loading_pill_never_squeezes_the_title(page, server, width):
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, server, "lessons/13-convolutional-layers-in-keras/", wait_until="domcontentloaded")
    page.evaluate("""() => { const s = document.querySelector('.cd-runtime-status');
        s.hidden = false; s.dataset.state = 'loading'; s.classList.remove('is-faded'); }""")
    title = page.locator(".md-header__title").first
    assert title.bounding_box()["width"] >= 85, "the title keeps room for 'ConvDims'"


def test_copy_button_does_not_cover_the_keras_line(page, server):
    page.set_viewport_size({"width": 360, "height": 800})
    goto(page, server, "lessons/13-convolutional-layers-in-keras/")
    pre = page.locator(".cd-widget__output pre.cd-code").first
    pre.scroll_into_view_if_needed()
    button = pre.locator(".md-code__button").first
    code = pre.locator("code").first
    b, c = button.bounding_box(), code.bounding_box()
    padding_top = code.evaluate("(el) => parseFloat(getComputedStyle(el).paddingTop)")
    assert b["y"] + b["height"] <= c["y"] + padding_top + 1, "the button sits above the first line"


def test_quiz_radios_show_a_focus_ring(page, server):
    goto(page, server, "lessons/14-quiz-dimensionality/")
    radio = page.locator("fieldset.cd-question input[type=radio]").first
    radio.focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth]; }""")
    assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style
    del focused


FOCUS_RING = """() => { const s = getComputedStyle(document.activeElement);
    return [document.activeElement.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


@pytest.mark.parametrize("path, field", [("practice/", "#cd-practice-seed"), ("practice/", "#cd-practice-level"),
                                         ("lessons/15-pooling-layers/", "input.cd-answer-input")])
def test_typed_answers_and_practice_controls_show_a_focus_ring(page, server, path, field):
    # Material resets text fields' outline; these fields sit outside .cd-widget's ring.
    goto(page, server, path)
    target = page.locator(field).first
    target.evaluate("(el) => { const all = [...document.querySelectorAll('input, select, button, a[href], summary')];"
                    " all[all.indexOf(el) - 1].focus(); }")
    page.keyboard.press("Tab")  # :focus-visible comes from the keyboard
    focused_id, style, width = page.evaluate(FOCUS_RING)
    assert focused_id == target.get_attribute("id")
    assert style != "none" and width >= 2, (style, width)


DEAD_WITHOUT_JS = [".cd-check", ".cd-practice__new", "#cd-practice-seed", "[data-practice-score]",
                   '[data-watch="play"]', '[data-watch="scrub"]']


@pytest.mark.parametrize("path", ["lessons/14-quiz-dimensionality/", "practice/",
                                  "lessons/10-convolutional-layers-part-1/"])
def test_no_dead_controls_without_javascript(browser, server, path):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = ctx.new_page()
        goto(page, server, path)
        for selector in DEAD_WITHOUT_JS:
            for el in page.locator(selector).all():
                expect(el).to_be_hidden()
        note = page.locator(".cd-noscript")
        expect(note).to_be_visible()
        answers = page.locator("details.cd-answer")
        if answers.count():
            expect(note).to_contain_text("Show the answer")
            answers.first.locator("summary").click()   # works without JavaScript
            expect(answers.first.locator("p").first).to_be_visible()
        else:   # the convolution figure still says which window it shows
            expect(page.locator('[data-watch="where"]').first).to_have_text("window 1 of 16")
    finally:
        ctx.close()


FOCUSED = """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
    return { text: e.textContent.trim(), inDrawer: !!e.closest('.md-sidebar--primary'),
             onScreen: r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.bottom > 0 && r.top < innerHeight,
             open: document.getElementById('__drawer').checked }; }"""


def test_phone_navigation_drawer_follows_keyboard_focus(page, server):
    # Under 1220 px Material's drawer is off-screen but its links stay in the tab order.
    page.set_viewport_size({"width": 360, "height": 800})
    goto(page, server, "lessons/12-stride-and-padding/")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)  # the drawer slides in over 0.25 s
        now = page.evaluate(FOCUSED)
        if seen and seen[-1]["inDrawer"] and not now["inDrawer"]:
            break
        seen.append(now)
    drawer = [f for f in seen if f["inDrawer"]]
    assert any(f["text"] == "Calculator" for f in drawer), [f["text"] for f in seen]
    hidden = [f["text"] for f in drawer if not (f["open"] and f["onScreen"])]
    assert not hidden, f"focused while the drawer hid them: {hidden}"
    assert not now["inDrawer"] and not now["open"], "tabbing out of the drawer closes it"


def test_shared_practice_link_never_shows_another_question(page, server):
    # The prerendered question is seed 1 / easy / any; the link asks for seed 99 / hard.
    page.goto(server.url("practice/?seed=99&level=hard&topic=params"), wait_until="domcontentloaded")
    page.wait_for_function("!!window.convdimsQuiz", timeout=FAST_MS)
    slot = page.locator("[data-practice-question]")
    # At once (long before Python is ready) the slot says the link's question is coming (or
    # already shows it), and the prerendered seed-1 question is gone.
    page.wait_for_function("""() => {
        const slot = document.querySelector('[data-practice-question]');
        return /seed 99/.test(slot.textContent) || !!slot.querySelector('fieldset#practice-99');
    }""", timeout=FAST_MS)
    assert page.locator("fieldset#practice-1").count() == 0
    wait_ready(page)
    expect(slot.locator("fieldset.cd-question")).to_have_attribute("id", "practice-99")


def test_malformed_answer_is_not_counted(page, server):
    page.goto(server.url("practice/?seed=5&level=hard&topic=params"))
    wait_ready(page)
    panel = page.locator("[data-practice]")
    fieldset = panel.locator("fieldset#practice-5")
    expect(fieldset).to_be_visible()
    typed = fieldset.locator(".cd-answer-input")
    if not typed.count():
        pytest.fail("seed 5 / hard / params is expected to ask for a typed number")
    before = panel.locator("[data-practice-score]").inner_text()
    for bad in ("abc", "1e3", "(None, 5)"):
        typed.fill(bad)
        fieldset.get_by_role("button", name="Check answer").click()
        expect(fieldset.locator("[data-feedback]")).to_contain_text("is not an answer to check")
    assert panel.locator("[data-practice-score]").inner_text() == before
    assert fieldset.get_attribute("data-result") is None


def test_self_check_names_the_failed_target(page, server):
    goto(page, server, "lessons/21-mini-project-image-augmentation/")
    wait_ready(page)
    widget = page.locator('[data-widget="project-check"]')
    code = widget.locator("textarea")
    # The starter with RandomCrop in front: training shapes fit, predict does not.
    code.fill(code.input_value().replace("model.add(RandomFlip", "model.add(keras.layers.RandomCrop(64, 64))\nmodel.add(RandomFlip", 1))
    widget.get_by_role("button", name="Check my model").click()
    out = widget.locator("[data-widget-output]")
    expect(out.locator('[data-target="4"]')).to_contain_text("predict fails", timeout=FAST_MS * 3)
    expect(out).not_to_contain_text("All targets met")
