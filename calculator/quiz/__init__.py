"""Quizzes whose answers and feedback come from the calculator.

- :mod:`.facts`: what can be asked (kinds) and the right answer, read off the built model.
- :mod:`.mistakes`: known mistakes as wrong rules: distractors, and feedback naming the mistake.
- :mod:`.questions`: a question, its answer check (exactly one right option) and its grading.
- :mod:`.spec`: the Markdown authoring format (the body of a ```` ```quiz ```` block).
- :mod:`.practice`: seeded random questions for practice mode.
- :mod:`.render`: the HTML of quizzes and practice, used at build time and in the page.
- :mod:`.api`: the ``quiz.grade`` / ``quiz.practice`` ops.
"""

from .questions import Question, QuizError, grade
from .spec import parse

__all__ = ["Question", "QuizError", "grade", "parse", "fence_html", "render_fence"]


def fence_html(source: str, load_model=None, quiz_id: str = "quiz") -> str:
    """The HTML of a ```` ```quiz ```` block (``practice`` in its body gives the practice panel)."""
    from .render import practice_html, quiz_html

    if source.strip().startswith("practice"):
        from .practice import generate

        return practice_html(generate("1", "easy", "any"), "1", "easy", "any")
    return quiz_html(parse(source, load_model=load_model, quiz_id=quiz_id))


def render_fence(source: str, page: str = "", index: int = 1, options=None, load_model=None) -> str:
    """The site build's entry point for a ```` ```quiz ```` fence (``id="..."`` may name it)."""
    options = options or {}
    stem = page.rsplit("/", 1)[-1].rsplit(".", 1)[0] if page else "quiz"
    quiz_id = options.get("id") or f"{stem}-quiz{index}"
    return fence_html(source, load_model=load_model, quiz_id=quiz_id)
