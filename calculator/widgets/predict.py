"""Predict, then reveal: the Conv2D calculator with the answer held back until the learner
commits to a guess of the output shape and the parameter count.

Each guess is graded on its own: "Correct", or the known mistake it matches
(:mod:`calculator.quiz.mistakes`: forgot the bias, used ``valid`` for ``same``, ...), or the
right value with the rule. A guess that cannot be read (``abc``, ``1e3``) is not graded: its
field says what to type. Only then does the full result with its derivation appear.
"""

from __future__ import annotations

import re

from . import Field, error_note, esc, fmt_int, result
from .conv2d import FIELDS as _CONV_FIELDS, _calm, layer_html, parse_values

LIVE = False
BUTTON = "Reveal"
TITLE = "Predict, then reveal"

_SETUP = [f for f in _CONV_FIELDS if f.name in ("filters", "kernel_size", "strides", "padding",
                                                  "input_shape")]
FIELDS = _SETUP + [
    Field("guess_shape", "your output shape", "text", "",
          help="like (None, 64, 64, 32), or 64, 64, 32 without the batch axis"),
    Field("guess_params", "your parameter count", "text", "", help="a whole number, like 896"),
]

_SHAPE = re.compile(r"^\(?\s*((?:none|\d+)\s*(?:,\s*(?:none|\d+)\s*)*),?\s*\)?$", re.I)


def _read_shape(text: str):
    m = _SHAPE.match(text.strip())
    if not m:
        raise ValueError("write the shape as numbers separated by commas, like (None, 64, 64, 32)")
    dims = tuple(None if d.strip().lower() == "none" else int(d) for d in m.group(1).split(","))
    return dims if dims and dims[0] is None else (None,) + dims


def _read_count(text: str) -> int:
    t = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not t.isdigit() or len(t) > 30:
        raise ValueError("write the count as a whole number of digits, like 896 or 1,792")
    return int(t)


def _verdict(kind, guess, right, facts, shown) -> str:
    from ..quiz.mistakes import mistakes_for

    if guess == right:
        return f'<li class="cd-verdict cd-verdict--right"><strong>Correct:</strong> {esc(shown(right))}.</li>'
    for m in mistakes_for(kind, facts, shown(right) if kind == "output_shape" else right):
        if m.value == (shown(guess) if kind == "output_shape" else guess):
            return (f'<li class="cd-verdict cd-verdict--wrong"><strong>Not quite:</strong> you wrote '
                    f"{esc(shown(guess))}. {esc(m.message)}</li>")
    return (f'<li class="cd-verdict cd-verdict--wrong"><strong>Not quite:</strong> you wrote '
            f"{esc(shown(guess))}; the layer gives {esc(shown(right))}. The derivation below shows "
            "each step.</li>")


def render(values: dict) -> dict:
    from .. import api
    from ..quiz.facts import LayerFacts, shape_text

    kwargs, shape, errors = parse_values({k: v for k, v in values.items()
                                          if k in {f.name for f in _SETUP}})
    if errors:
        return result(False, _calm(errors), errors)
    raw_shape, raw_params = values.get("guess_shape", "").strip(), values.get("guess_params", "").strip()
    if not raw_shape and not raw_params:
        return result(True, '<div class="cd-result cd-predict"><p>Commit to a guess first: type the '
                            "output shape and the parameter count, then press <strong>Reveal</strong>. "
                            "The answer and its derivation stay hidden until then.</p></div>")
    guesses = {}
    for field, raw, read in (("guess_shape", raw_shape, _read_shape), ("guess_params", raw_params, _read_count)):
        if not raw:
            errors[field] = "type your guess here too before revealing"
            continue
        try:
            guesses[field] = read(raw)
        except ValueError as e:
            errors[field] = str(e)
    if errors:
        return result(False, error_note(next(iter(errors.values())), "Not graded yet"), errors)
    try:
        lyr, kwargs, shape = api.build_layer("Conv2D", kwargs, shape)
        info = api.describe_layer(lyr, kwargs, shape)
    except Exception as e:  # noqa: BLE001 - the layer itself is invalid: say so at the field
        from . import field_errors
        errs = field_errors(e, "input_shape")
        return result(False, _calm(errs), errs)
    facts = LayerFacts.of(lyr)
    right_shape = tuple(lyr.output.shape)
    verdicts = (_verdict("output_shape", guesses["guess_shape"], right_shape, facts, shape_text)
                + _verdict("params", guesses["guess_params"], info["params"], facts, fmt_int))
    return result(True, f'<div class="cd-predict"><ul class="cd-verdicts" data-result="verdicts">'
                        f"{verdicts}</ul>{layer_html(info)}</div>")


__all__ = ["FIELDS", "LIVE", "BUTTON", "render"]
