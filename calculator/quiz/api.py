"""The quiz ops of the page's JSON entry point (``calculator.api`` dispatches ``quiz.*`` here).

- ``quiz.grade``: ``{"question": {...}, "answer": "896"}`` ->
  ``{"ok": true, "correct", "counted", "mistake", "message", "html"}`` (``counted`` is false
  for text that is not an answer, which the page neither scores nor marks wrong).
- ``quiz.practice``: ``{"seed", "level", "topic"}`` ->
  ``{"ok": true, "seed", "question": {...}, "html"}`` (the code and the question's markup).
"""

from __future__ import annotations

from ..widgets import esc

from ..parse import match_option
from .practice import LEVELS, TOPICS, generate
from .questions import Question, grade
from .render import question_html


def handle(op: str, request: dict) -> dict:
    if op == "quiz.grade":
        question = Question.from_dict(request["question"])
        return {"ok": True, **grade(question, request.get("answer", ""))}
    if op == "quiz.practice":
        seed = str(request.get("seed") or "1").strip()[:40]
        level, topic = request.get("level", "easy"), request.get("topic", "any")
        # what a person types in the address (?level=EASY) means the option it names
        level = match_option(level, LEVELS) or level
        topic = match_option(topic, TOPICS) or topic
        q = generate(seed, level, topic)
        code = (f'<div class="highlight"><pre><code class="language-python">'
                f"{esc(q.code)}</code></pre></div>")
        return {"ok": True, "seed": seed, "level": level, "topic": topic,
                "question": q.to_dict(),
                "html": code + question_html(q, reveal=True)}
    return {"ok": False, "error": {"type": "ValueError", "message": f"unknown quiz op {op!r}", "field": None}}
