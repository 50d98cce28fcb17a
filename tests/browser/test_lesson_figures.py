"""The lesson figures of issue 11 (points 9–11) in Debian Chromium, as a learner uses them:
the watchable convolution (Play, the step slider, hover and keyboard), photos computed by
the calculator (with JavaScript off too), and architecture diagrams.

Expected values are derived here: the RGB example of lesson 11 is a 4 × 4 × 3 image and a
2 × 2 × 3 kernel, valid, stride 1: (4 − 2 + 1)² = 9 windows; its first window sums
R 1·1 + 0·0 + 0·0 + 1·3 = 4, G 0·0 + 1·1 + 1·1 + 0·2 = 2, B 1·2 + 1·0 + 0·0 + 0·1 = 2, so 8.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from test_site import goto, set_field, wait_ready

pytestmark = pytest.mark.browser

WATCH_PAGE = "lessons/11-convolutional-layers-part-2/"


def test_convolution_plays_scrubs_and_follows_hover_and_focus(page, server):
    goto(page, server, WATCH_PAGE)
    watch = page.locator(".cd-watch").first
    text = watch.locator('[data-watch="text"]')
    expect(text).to_contain_text("summed over the channels: 4 + 2 + 2 = 8")
    watch.locator('[data-watch="play"]').click()
    expect(watch.locator('[data-watch="where"]')).to_have_text("window 3 of 9", timeout=5000)
    watch.locator('[data-watch="play"]').click()  # pause
    watch.locator('[data-watch="scrub"]').fill("5")
    expect(watch.locator('[data-watch="where"]')).to_have_text("window 5 of 9")
    expect(watch.locator(".cd-grid--output td.cd-grid__current")).to_have_text("6")
    # 12 input cells (4 per channel) light up for one window
    expect(watch.locator(".cd-grid--input td.cd-grid__on")).to_have_count(12)
    watch.locator('.cd-grid--output td[data-step="8"]').hover()
    expect(watch.locator('[data-watch="where"]')).to_have_text("window 9 of 9")
    watch.locator('.cd-grid--output td[data-step="1"]').focus()
    expect(text).to_contain_text("y[0, 1]")


def test_convolution_settings_recompute_in_python(page, server):
    goto(page, server, "lessons/10-convolutional-layers-part-1/")
    wait_ready(page)
    widget = page.locator('[data-widget="conv-watch"]').first
    set_field(widget, "padding", "same")
    expect(widget.locator('[data-watch="where"]')).to_have_text("window 1 of 36")
    set_field(widget, "strides", "2")
    set_field(widget, "dilation_rate", "2")
    expect(widget.locator('[data-error-for="strides"]')).to_contain_text("dilation_rate")


def test_photo_widgets_show_pictures_without_javascript(browser, server):
    ctx = browser.new_context(base_url=server.base_url, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(server.url("lessons/23-visualizing-cnns-part-1/"))
        filt = page.locator('[data-widget="image-filter"]')
        expect(filt.locator("img")).to_have_count(2)
        expect(filt).to_contain_text("(None, 94, 94, 1)")
        expect(page.locator('[data-widget="feature-maps"] img')).to_have_count(13)
        page.goto(server.url("lessons/20-image-augmentation-in-keras/"))
        expect(page.locator('[data-widget="augment"] img')).to_have_count(5)
    finally:
        ctx.close()


def test_photo_filter_recomputes_in_the_page(page, server):
    goto(page, server, "lessons/23-visualizing-cnns-part-1/")
    wait_ready(page)
    widget = page.locator('[data-widget="image-filter"]')
    set_field(widget, "strides", "2")
    set_field(widget, "padding", "same")
    expect(widget).to_contain_text("(None, 48, 48, 1)")
    set_field(widget, "strides", "9")
    expect(widget.locator('[data-error-for="strides"]')).to_contain_text("1 to 4")


def test_architecture_diagram_draws_the_chosen_network(page, server):
    goto(page, server, "lessons/22-groundbreaking-cnn-architectures/")
    wait_ready(page)
    widget = page.locator('[data-widget="architecture-diagram"]')
    expect(widget.locator("svg.cd-diagram")).to_have_count(1)
    set_field(widget, "model", "vgg16")
    expect(widget.locator("svg.cd-diagram title")).to_contain_text("23 layers, 22 connections")
    region = widget.locator(".cd-diagram__scroll")
    region.focus()
    expect(region).to_be_focused()


def test_predict_then_reveal_grades_each_guess_before_showing_the_answer(page, server):
    goto(page, server, "calculator/")
    wait_ready(page)
    widget = page.locator('[data-widget="predict"]')
    expect(widget.locator('[data-result="params"]')).to_have_count(0)  # nothing given away
    # Conv2D(16, 5, strides 2, same) on 64 x 64 x 3: ceil(64 / 2) = 32; 5·5·3·16 + 16 = 1,216
    set_field(widget, "guess_shape", "(None, 30, 30, 16)")
    set_field(widget, "guess_params", "abc")
    widget.get_by_role("button", name="Reveal").click()
    expect(widget.locator('[data-error-for="guess_params"]')).to_contain_text("whole number")
    expect(widget.locator('[data-result="params"]')).to_have_count(0)
    set_field(widget, "guess_params", "1,200")
    widget.get_by_role("button", name="Reveal").click()
    verdicts = widget.locator('[data-result="verdicts"] li')
    expect(verdicts.nth(0)).to_contain_text("valid formula")
    expect(verdicts.nth(1)).to_contain_text("biases")
    expect(widget.locator('[data-result="params"]')).to_have_text("1,216")
    set_field(widget, "guess_shape", "32, 32, 16")
    set_field(widget, "guess_params", "1216")
    widget.get_by_role("button", name="Reveal").click()
    expect(verdicts.nth(0)).to_contain_text("Correct")
    expect(verdicts.nth(1)).to_contain_text("Correct")


def test_home_page_shows_course_progress(page, server):
    goto(page, server, "lessons/12-stride-and-padding/")
    page.evaluate("window.convdimsProgress.complete('manual')")
    goto(page, server, "")
    summary = page.locator(".cd-course__summary")
    lessons = page.locator(".cd-course tbody tr").count()  # one row per lesson in the table
    expect(summary).to_contain_text(f"1 of {lessons} lessons completed")
    row = page.locator(".cd-course tr", has_text="Stride and Padding")
    expect(row.locator("td.cd-course__done")).to_have_text("✓")
    page.once("dialog", lambda d: d.accept())
    summary.get_by_role("button", name="Start again").click()
    expect(summary).to_contain_text(f"0 of {lessons} lessons completed")
