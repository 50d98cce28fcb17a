"""The quiz authoring format (the body of a ```` ```quiz ```` block in a lesson).

Sections are separated by lines holding ``---``. The first section describes the model: either
``model: FILE.py`` (a file in ``docs/models/``, read by the site build) or ``code:`` followed by
indented lines of Keras code. Every later section is one question::

    model: quiz_conv.py
    ---
    question: How many parameters does the convolutional layer have?
    ask: params
    layer: 0
    options: 902 | 306 | 896 | 1034
    ---
    question: What is the width of the convolutional layer?
    ask: width
    answer: number

``ask`` is a kind from :mod:`calculator.quiz.facts`; ``layer`` indexes ``model.layers`` (or
names a layer; default 0); ``options`` are separated by ``|`` (or by commas when no option
holds one); ``options: generate`` draws distractors from known mistakes; ``answer: number``
asks for a typed number instead of choices. A question may also set its own ``code:``.
"""

from __future__ import annotations

import random

from .questions import Question, QuizError


def _sections(source: str):
    section, out = [], []
    for line in source.splitlines():
        if line.strip() == "---":
            out.append(section)
            section = []
        else:
            section.append(line)
    out.append(section)
    return out


def _fields(lines) -> dict:
    """``key: value`` lines; ``code:`` takes the indented block under it."""
    fields, i = {}, 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        if ":" not in line:
            raise QuizError(f"quiz line {line.strip()!r} is not 'key: value'")
        key, value = line.split(":", 1)
        key, value = key.strip(), value.strip()
        if key == "code" and value in ("", "|"):
            block = []
            i += 1
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                block.append(lines[i])
                i += 1
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            fields["code"] = "\n".join(b[indent:] for b in block).strip("\n") + "\n"
            continue
        fields[key] = value
        i += 1
    return fields


def _options(value: str):
    parts = value.split("|") if "|" in value else value.split(",")
    return [p.strip() for p in parts if p.strip()]


def parse(source: str, load_model=None, quiz_id: str = "quiz") -> dict:
    """Parse and check a quiz block: ``{"id", "code", "questions": [Question...]}``.

    ``load_model(name)`` returns the code of a model file. Raises ``QuizError`` when a question
    cannot be answered or its options do not hold the computed answer exactly once.
    """
    sections = _sections(source)
    head = _fields(sections[0])
    code = head.get("code")
    if "model" in head:
        if load_model is None:
            raise QuizError("this quiz names a model file, but no loader was given")
        code = load_model(head["model"])
    questions = []
    for n, lines in enumerate(sections[1:], start=1):
        f = _fields(lines)
        if not f:
            continue
        if "question" not in f or "ask" not in f:
            raise QuizError(f"question {n} needs 'question:' and 'ask:' lines")
        q_code = f.get("code") or code
        if not q_code:
            raise QuizError(f"question {n} has no model: give 'model:' or 'code:'")
        q = Question.from_dict({"text": f["question"], "kind": f["ask"], "code": q_code,
                                "layer": f.get("layer", 0), "id": f"{quiz_id}-{n}"})
        q.answer()  # fails the build when the question does not apply to the model
        if f.get("options") == "generate":
            q = q.with_generated_options(random.Random(f"{quiz_id}|{n}"))
        elif "options" in f:
            q.options = _options(f["options"])
            q.check_options()
        elif f.get("answer", "number") != "number":
            raise QuizError(f"question {n}: 'answer:' may only be 'number'")
        questions.append(q)
    if not questions:
        raise QuizError("the quiz has no questions")
    return {"id": quiz_id, "code": code, "questions": questions}
