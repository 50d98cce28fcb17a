"""Quizzes, practice mode and the lesson widgets in Debian Chromium, used as a learner would.

Expected values are hand derivations written here: the dimensionality quiz's layer is
Conv2D(32, 3, strides 2, same) on 128×128×3: 32·3·3·3 + 32 = 896 parameters, depth 32,
width ceil(128 / 2) = 64.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from test_site import goto, wait_ready

pytestmark = pytest.mark.browser

QUIZ_PAGE = "lessons/14-quiz-dimensionality/"


def question(page, text):
    return page.locator("fieldset.cd-question", has_text=text).first


def answer(fieldset, option):
    fieldset.get_by_label(option, exact=True).check()
    fieldset.get_by_role("button", name="Check answer").click()
    return fieldset.locator("[data-feedback]")


def test_dimensionality_quiz_right_answers_say_correct(page, server):
    goto(page, server, QUIZ_PAGE)
    quiz = page.locator('[data-quiz="dimensionality"]')
    expect(quiz).to_be_visible()
    for text, right in [("How many parameters", "896"), ("What is the depth", "32"), ("What is the width", "64")]:
        feedback = answer(question(quiz, text), right)
        expect(feedback).to_contain_text(re.compile(r"^\s*Correct"))
    expect(quiz.locator("[data-quiz-status]")).to_contain_text("All 3 answers correct")
    # Passing the quiz marks the lesson complete in this browser.
    assert page.evaluate("window.convdimsProgress.isComplete()")


def test_dimensionality_quiz_wrong_answers_explain_the_mistake(page, server):
    goto(page, server, QUIZ_PAGE)
    quiz = page.locator('[data-quiz="dimensionality"]')
    wait_ready(page)
    depth = question(quiz, "What is the depth")
    expect(answer(depth, "3")).to_contain_text("input's depth")          # confused with input channels
    width = question(quiz, "What is the width")
    expect(answer(width, "32")).to_contain_text("number of filters")     # gave the filters
    params = question(quiz, "How many parameters")
    feedback = answer(params, "902")
    expect(feedback).to_contain_text("Not quite")
    expect(feedback).not_to_contain_text("Traceback")


def test_quiz_choices_work_with_the_keyboard(page, server):
    goto(page, server, QUIZ_PAGE)
    depth = question(page, "What is the depth")
    first = depth.locator('input[type="radio"]').first
    first.focus()
    page.keyboard.press("ArrowRight")       # radios move with arrow keys
    page.keyboard.press("ArrowRight")       # 3 -> 16 -> 32
    depth.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")
    expect(depth.locator("[data-feedback]")).to_contain_text(re.compile(r"^\s*Correct"))


def test_practice_question_from_the_url_seed_and_score(page, server):
    goto(page, server, "practice/?seed=7&level=medium&topic=params")
    panel = page.locator("[data-practice]")
    wait_ready(page)
    expect(panel.locator("#cd-practice-seed")).to_have_value("7")
    fieldset = panel.locator("fieldset.cd-question")
    expect(fieldset).to_have_attribute("id", "practice-7")
    spec = fieldset.get_attribute("data-question")
    assert '"kind": "params"' in spec
    # Answer with the key from a fresh, independent request to the package.
    right = page.evaluate("""async (q) => {
        const r = await window.convdims.call({op: 'quiz.practice', seed: '7', level: 'medium', topic: 'params'});
        return r.question;
    }""", None)
    assert right["id"] == "practice-7" and right["kind"] == "params"   # the same seed draws the same question
    radios = fieldset.locator('input[type="radio"]')
    if radios.count():
        values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
        results = []
        for v in values:
            r = page.evaluate("async ([q, a]) => (await window.convdims.call({op: 'quiz.grade', question: q, answer: a})).correct",
                              [right, v])
            results.append(r)
        assert results.count(True) == 1      # exactly one right option
        fieldset.locator(f'input[type="radio"][value="{values[results.index(True)]}"]').check()
    else:
        fieldset.locator(".cd-answer-input").fill("0")
    fieldset.get_by_role("button", name="Check answer").click()
    expect(panel.locator("[data-practice-score]")).to_contain_text("of 1")
    # A new question changes the seed in the address.
    panel.get_by_role("button", name="New question").click()
    expect(page).not_to_have_url(re.compile(r"seed=7&"))


def test_convolution_figure_steps_the_window(page, server):
    goto(page, server, "lessons/10-convolutional-layers-part-1/")
    widget = page.locator('[data-widget="conv-grid"]').first
    expect(widget.locator('[data-result="value"]')).to_have_text("4")    # prerendered: first value 4
    wait_ready(page)
    widget.locator('[name="position"]').fill("2")
    expect(widget.locator('[data-result="value"]')).to_have_text("3")    # 4 3 4 / 2 4 3 / 2 3 4
    widget.locator('[name="kernel"]').fill("1 1 1 1 1 1 / 1 1 1 1 1 1")
    expect(widget.locator('[data-error-for="kernel"]')).to_contain_text("6")
    widget.locator('[name="kernel"]').fill("1 0 1 / 0 1 0 / 1 0 1")
    expect(widget.locator('[data-result="value"]')).to_have_text("3")


def test_pooling_calculator_updates(page, server):
    goto(page, server, "lessons/15-pooling-layers/")
    widget = page.locator('[data-widget="pooling"]').first
    wait_ready(page)
    widget.locator('[name="input_shape"]').fill("(9, 9, 8)")
    widget.locator('[name="pool_size"]').fill("2")
    widget.locator('[name="strides"]').fill("2")
    widget.locator('[name="padding"]').select_option("valid")
    expect(widget.locator('[data-result="output_shape"]')).to_have_text("(None, 4, 4, 8)")  # floor((9-2)/2)+1


def test_architecture_explorer_switches_models(page, server):
    goto(page, server, "lessons/22-groundbreaking-cnn-architectures/")
    widget = page.locator('[data-widget="architectures"]').first
    expect(widget.locator('[data-result="params"]')).to_have_text("138,357,544")   # VGG16, prerendered
    wait_ready(page)
    widget.locator('[name="model"]').select_option("resnet50")
    expect(widget.locator('[data-result="params"]')).to_have_text("25,636,712", timeout=60_000)


# ---------------------------------------------------------------- every page, every widget

from pathlib import Path  # noqa: E402

from test_site import FAST_MS, visible_text_without_code  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _url(md: Path) -> str:
    rel = md.relative_to(DOCS).with_suffix("")
    return "" if rel.name == "index" else f"{rel.as_posix()}/"


PAGES = sorted(_url(p) for p in DOCS.rglob("*.md"))
WIDGET_PAGES = sorted(_url(p) for p in DOCS.rglob("*.md")
                      if "```widget" in p.read_text(encoding="utf-8") or "```keras-model" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_its_math(page, server, path, scheme):
    page.emulate_media(color_scheme=scheme)
    goto(page, server, path)
    if page.locator(".arithmatex").count():
        page.wait_for_function("document.querySelectorAll('.arithmatex:not([data-math-rendered])').length === 0",
                               timeout=FAST_MS * 3)
        assert page.locator(".katex-error").count() == 0, "KaTeX could not parse a formula"
    text = visible_text_without_code(page)
    for raw in ("$$", "\\(", "\\)", "\\[", "\\]", "\\frac", "{{calc"):
        assert raw not in text, f"{path}: raw {raw!r} left in the page text"


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_every_widget_on_the_page_recomputes_in_python(page, server, path):
    goto(page, server, path)
    wait_ready(page)
    results = page.evaluate("""async () => {
        const out = [];
        for (const w of document.querySelectorAll('[data-widget]')) {
            const name = w.getAttribute('data-widget');
            const form = w.querySelector('form');
            const control = form && Array.from(form.elements).find((e) => e.name);
            const button = w.querySelector('[data-widget-run]');
            if (!control && !button) {   // nothing to set: its build-time output stands
                out.push({name, ok: w.querySelector('[data-widget-output]').innerHTML.length > 0, how: 'static'});
                continue;
            }
            const done = new Promise((resolve) => {
                const t = setTimeout(() => resolve({ok: false, timeout: true}), 60000);
                w.addEventListener('convdims:widget-updated', (e) => { clearTimeout(t); resolve(e.detail); }, {once: true});
            });
            if (button) button.click();
            else control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
            const detail = await done;
            const errors = Array.from(w.querySelectorAll('[data-error-for]')).map((e) => e.textContent.trim()).filter(Boolean);
            out.push({name, ok: !!detail.ok, errors, how: button ? 'button' : 'input'});
        }
        return out;
    }""")
    assert results, f"{path} has no widget"
    bad = [r for r in results if not r["ok"] or r.get("errors")]
    assert not bad, f"{path}: widgets that did not recompute cleanly: {bad}"
