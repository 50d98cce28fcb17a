"""HTML for quizzes: the same markup at build time and in the page.

Choices are real radio inputs labelled by their text; a typed answer is a labelled text input.
Each question carries its JSON (``data-question``) so the page can send it back to
``quiz.grade``; the right answer and its explanation sit in a collapsed ``<details>`` so the
page reads correctly with JavaScript off.
"""

from __future__ import annotations

from ..widgets import esc
import json

from .practice import LEVEL_TEXT, LEVELS, TOPICS
from .questions import Question, explain


def _attr(value) -> str:
    return esc(value if isinstance(value, str) else json.dumps(value))


def question_html(q: Question, number: int | None = None, reveal: bool = True) -> str:
    """One question: legend, choices or a number field, a Check button, a feedback slot."""
    qid = esc(q.id)
    legend = f"{number}. " if number else ""
    if q.options:
        inputs = "".join(
            f'<label class="cd-choice"><input type="radio" name="{qid}" value="{_attr(o)}"> '
            f"<span>{esc(o)}</span></label>" for o in q.options)
        answer = f'<div class="cd-choices" role="radiogroup" aria-labelledby="{qid}-legend">{inputs}</div>'
    else:
        answer = (f'<label class="cd-answer-label" for="{qid}-answer">Your answer</label> '
                  f'<input class="cd-answer-input" id="{qid}-answer" name="{qid}" type="text" '
                  f'inputmode="text" autocomplete="off" spellcheck="false">')
    details = ""
    if reveal:
        details = (f'<details class="cd-answer"><summary>Show the answer</summary>'
                   f"<p>{esc(explain(q))}</p></details>")
    return (f'<fieldset class="cd-question" id="{qid}" data-question="{_attr(q.to_dict())}">'
            f'<legend id="{qid}-legend">{legend}{esc(q.text)}</legend>{answer}'
            f'<div class="cd-question__actions"><button type="button" class="md-button cd-check">'
            f"Check answer</button></div>"
            f'<div class="cd-feedback" data-feedback aria-live="polite"></div>{details}</fieldset>')


def quiz_html(quiz: dict) -> str:
    """A whole authored quiz: its model code, then its questions."""
    code = esc(quiz["code"] or "")
    questions = "".join(question_html(q, i) for i, q in enumerate(quiz["questions"], start=1))
    return (f'<div class="cd-quiz" data-quiz="{esc(quiz["id"])}">'
            f'<p class="cd-quiz__intro">The questions are about this model:</p>'
            f'<div class="highlight"><pre><code class="language-python">{code}</code></pre></div>'
            f'{questions}<p class="cd-quiz__status" data-quiz-status aria-live="polite"></p></div>')


def practice_html(question: Question, seed, level: str, topic: str) -> str:
    """The practice panel: seed, level and topic controls, the question, score and streak."""
    def select(name, label, values, current):
        opts = "".join(f'<option value="{v}"{" selected" if v == current else ""}>{v}</option>'
                       for v in values)
        return (f'<label for="cd-practice-{name}">{label}</label>'
                f'<select id="cd-practice-{name}" name="{name}">{opts}</select>')

    return (f'<div class="cd-practice" data-practice data-seed="{_attr(str(seed))}" '
            f'data-level="{_attr(level)}" data-topic="{_attr(topic)}">'
            f'<form class="cd-practice__controls">'
            f'<label for="cd-practice-seed">seed</label>'
            f'<input id="cd-practice-seed" name="seed" type="text" value="{_attr(str(seed))}" '
            f'inputmode="numeric" autocomplete="off">'
            f'{select("level", "level", LEVELS, level)}{select("topic", "topic", TOPICS, topic)}'
            f'<button type="button" class="md-button cd-practice__new">New question</button></form>'
            f'<dl class="cd-practice__levels">'
            + "".join(f"<dt>{esc(name)}</dt><dd>{esc(text)}</dd>" for name, text in LEVEL_TEXT.items())
            + "</dl>"
            f'<p class="cd-practice__score" data-practice-score aria-live="polite">'
            f"Score 0 of 0 · streak 0</p>"
            f'<div class="cd-practice__question" data-practice-question>'
            f'<div class="highlight"><pre><code class="language-python">{esc(question.code)}</code></pre></div>'
            f"{question_html(question, reveal=True)}</div></div>")
