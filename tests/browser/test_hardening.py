"""Hardening in Debian Chromium (issue 10, points 2, 4, 5): a huge value in every widget field
gives a message next to that field quickly and the page stays responsive; corrupt stored
values for every storage key are handled (valid parts kept, the rest reset, a notice shown,
saving works again); URL parameters are matched the way a person types them.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from test_site import goto, wait_ready

pytestmark = pytest.mark.browser

# The answer must come within a second on an idle machine; the shared test machine is up to
# ~3x slower (common brief), so the assertion allows three.
ANSWER_BOUND_S = 3.0
HUGE = "1e200"
PROGRESS_KEY = "convdims:progress:v1"
SCORE_KEY = "convdims:practice:v1"


def frame_delay_ms(page) -> float:
    """How long the main thread takes to paint the next frame (a frozen page never does)."""
    return page.evaluate("""() => new Promise((resolve) => {
        const t0 = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t0));
    })""")


def test_huge_value_in_every_widget_field_gives_a_message_next_to_it(page, server):
    goto(page, server, "calculator/")
    wait_ready(page)
    # Live widgets (the number forms); code fields take programs, judged by the runner.
    live = '[data-widget][data-live="true"]'
    fields = page.evaluate("""(live) => Array.from(document.querySelectorAll(live)).flatMap((w, i) =>
        Array.from(w.querySelectorAll('input[type="text"], input[type="number"], input:not([type]), textarea'))
          .filter((el) => el.name && w.querySelector(`[data-error-for="${el.name}"]`))
          .map((el) => [i, w.getAttribute('data-widget'), el.name]))""", live)
    assert len(fields) >= 15, fields  # conv2d, padding, conv grid, pooling, solver, transfer
    slow = []
    for index, widget_name, name in fields:
        widget = page.locator(live).nth(index)
        control = widget.locator(f'[name="{name}"]').first
        slot = widget.locator(f'[data-error-for="{name}"]')
        before = control.input_value()
        t0 = time.monotonic()
        control.fill(HUGE)
        expect(slot, f"{widget_name}.{name}").to_have_text(re.compile(r"\S"),
                                                          timeout=ANSWER_BOUND_S * 1000)
        elapsed = time.monotonic() - t0
        if elapsed > ANSWER_BOUND_S:
            slow.append((widget_name, name, round(elapsed, 2)))
        assert "Overflow" not in slot.inner_text() and "Traceback" not in slot.inner_text()
        assert frame_delay_ms(page) < 500, f"{widget_name}.{name}: the page froze"
        control.fill(before)  # back to a valid value, so the next field is judged alone
        expect(slot).to_have_text("", timeout=ANSWER_BOUND_S * 1000)
    assert not slow, slow


def test_conv_grid_with_a_200_by_200_kernel_keeps_the_page_responsive(page, server):
    goto(page, server, "calculator/")
    wait_ready(page)
    widget = page.locator('[data-widget="conv-grid"]').first
    kernel = " / ".join([" ".join(["1"] * 200)] * 200)
    widget.locator('[name="kernel"]').fill(kernel)
    expect(widget.locator('[data-error-for="kernel"]')).to_contain_text(
        "at most", timeout=ANSWER_BOUND_S * 1000)
    assert frame_delay_ms(page) < 500
    assert len(widget.locator("[data-widget-output]").inner_html()) < 20_000


SCORES = ["5", '"str"', "true", "[]", "{}", "not json", "null",
          '{"answered": 4, "correct": "x", "streak": 2, "best": -1}']


@pytest.mark.parametrize("stored", SCORES)
def test_corrupt_practice_score(page, server, stored):
    goto(page, server, "practice/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [SCORE_KEY, stored])
    goto(page, server, "practice/?seed=7&level=easy&topic=any")
    panel = page.locator("[data-practice]")
    score = panel.locator("[data-practice-score]")
    expect(page.locator("#cd-storage-notice")).to_contain_text("practice score")
    expect(score).not_to_contain_text("undefined")
    expect(score).not_to_contain_text("NaN")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", SCORE_KEY))
    kept = {"answered": 4, "streak": 2} if stored.startswith('{"answered"') else {}
    assert saved == {"answered": 0, "correct": 0, "streak": 0, "best": 0, **kept}
    # An answer is counted and saved again.
    wait_ready(page)
    fieldset = panel.locator("fieldset.cd-question")
    expect(fieldset).to_have_attribute("id", "practice-7")  # the question the address asks for
    radios = fieldset.locator('input[type="radio"]')
    if radios.count():
        radios.first.check()
    else:
        fieldset.locator(".cd-answer-input").fill("1")
    fieldset.get_by_role("button", name="Check answer").click()
    expect(score).to_contain_text(f"of {kept.get('answered', 0) + 1}")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", SCORE_KEY))
    assert saved["answered"] == kept.get("answered", 0) + 1


GOOD = {"at": "2026-01-01T00:00:00.000Z", "how": "read"}
PROGRESS = ["[]", "5", '"str"', "not json", "null",
            json.dumps({"lessons/10-convolutional-layers-part-1/": GOOD, "x/": 5, "y/": []})]


@pytest.mark.parametrize("stored", PROGRESS)
def test_corrupt_progress(page, server, stored):
    goto(page, server, "notation/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PROGRESS_KEY, stored])
    goto(page, server, "notation/")
    expect(page.locator("#cd-storage-notice")).to_contain_text("lesson progress")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", PROGRESS_KEY))
    kept = {"lessons/10-convolutional-layers-part-1/": GOOD} if stored.startswith("{") else {}
    assert saved == kept
    # Completing a lesson is stored again (it was never written after `[]` before).
    page.evaluate("() => window.convdimsProgress.complete('manual')")
    goto(page, server, "lessons/12-stride-and-padding/")
    page.evaluate("() => window.convdimsProgress.complete('manual')")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", PROGRESS_KEY))
    assert saved.get("lessons/12-stride-and-padding/", {}).get("how") == "manual"
    assert all(k in saved for k in kept)


def test_valid_storage_shows_no_notice(page, server):
    goto(page, server, "practice/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [SCORE_KEY, json.dumps({"answered": 3, "correct": 2, "streak": 1, "best": 2})])
    goto(page, server, "practice/")
    expect(page.locator("[data-practice-score]")).to_contain_text("Score 2 of 3")
    assert page.locator("#cd-storage-notice").count() == 0


@pytest.mark.parametrize("typed", ["ResNet50", "RESNET-50"])
def test_model_url_param_is_case_insensitive(page, server, typed):
    goto(page, server, f"calculator/?model={typed}")
    wait_ready(page)
    widget = page.locator('[data-widget="architectures"]').first
    select = widget.locator('[name="model"]')
    expect(select).to_have_value("resnet50")
    expect(widget.locator('[data-error-for="model"]')).to_have_text("")
    expect(widget.locator("[data-widget-output]")).to_contain_text("25,636,712")
    expect(page).to_have_url(re.compile(r"model=resnet50"))


def test_practice_level_url_param_is_case_insensitive(page, server):
    goto(page, server, "practice/?seed=7&level=EASY&topic=Any")
    wait_ready(page)
    panel = page.locator("[data-practice]")
    expect(panel.locator("fieldset.cd-question")).to_have_attribute("id", "practice-7")
    expect(panel.locator('[name="level"]')).to_have_value("easy")
    expect(page).to_have_url(re.compile(r"level=easy"))
    assert "must be one of" not in panel.inner_text()
