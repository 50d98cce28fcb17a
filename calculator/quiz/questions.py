"""A quiz question: Keras code, what is asked, the options; its right answer and its grading.

The right answer is computed by building the question's model with the calculator, so a
question can never hold a wrong key. A question with options must contain the right answer
exactly once (``QuizError`` otherwise: the site build fails on it).
"""

from __future__ import annotations

import functools
from ..widgets import esc
import random
import re
from dataclasses import asdict, dataclass

from .facts import KINDS, MODEL_KINDS, TEXT_KINDS, LayerFacts, answer_for_layer, answer_for_model
from .mistakes import axis_symbols, kernel_symbol, mistakes_for


class QuizError(ValueError):
    """A quiz that cannot be asked as written (bad kind, missing answer among the options …)."""


@functools.lru_cache(maxsize=64)
def build_model(code: str):
    """The model the Keras ``code`` builds: its ``model`` variable, else the last model created."""
    from ..runner import run_script

    result = run_script(code, filename="<quiz>")
    model = result.namespace.get("model")
    if hasattr(model, "layers"):
        return model
    if not result.models:
        raise QuizError("the quiz's code creates no model")
    return result.models[-1]


_SHAPE = re.compile(r"\((?:(?:None|\d+),)*(?:None|\d+),?\)")


def normalize(value, text_kind: bool = False):
    """An answer as it is compared: ints for counts (``"1,034"`` -> 1034), compact text for
    shapes (``"(none, 5)"`` -> ``"(None,5)"``); ``None`` for text that is neither (``abc``,
    ``1e3``, a shape where a count is asked, a count where a shape is asked)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    s = str(value).strip()
    if text_kind:
        s = re.sub(r"\s+", "", s).replace("none", "None")
        return s if _SHAPE.fullmatch(s) else None
    s = re.sub(r"[\s,_]", "", s)
    if re.fullmatch(r"[+-]?\d{1,40}", s):  # longer is no answer here (and beyond int()'s limit)
        return int(s)
    return None


@dataclass
class Question:
    text: str
    kind: str
    code: str
    layer: object = 0
    options: list | None = None
    id: str = ""

    @classmethod
    def from_dict(cls, d: dict) -> "Question":
        q = cls(text=d.get("text", ""), kind=d.get("kind", ""), code=d.get("code", ""),
                layer=d.get("layer", 0), options=d.get("options"), id=d.get("id", ""))
        if q.kind not in KINDS:
            raise QuizError(f"unknown question kind {q.kind!r}; use one of {', '.join(KINDS)}")
        return q

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def text_kind(self) -> bool:
        return self.kind in TEXT_KINDS

    # the model behind it ---------------------------------------------------------------
    def model(self):
        return build_model(self.code)

    def facts(self) -> LayerFacts | None:
        if self.kind in MODEL_KINDS:
            return None
        model = self.model()
        layers = model.layers
        if isinstance(self.layer, str) and not self.layer.lstrip("-").isdigit():
            match = [lyr for lyr in layers if lyr.name == self.layer]
            if not match:
                raise QuizError(f"the model has no layer named {self.layer!r}")
            return LayerFacts.of(match[0])
        index = int(self.layer)
        if not -len(layers) <= index < len(layers):
            raise QuizError(f"layer {index} does not exist: the model has {len(layers)} layers")
        return LayerFacts.of(layers[index])

    def answer(self):
        """The right answer, computed by the calculator."""
        facts = self.facts()
        right = answer_for_model(self.model(), self.kind) if facts is None else answer_for_layer(facts, self.kind)
        if right is None:
            raise QuizError(f"{self.kind!r} does not apply to layer {facts.layer.name} "
                            f"(output {facts.out_shape})")
        return right

    def mistakes(self):
        facts = self.facts()
        return mistakes_for(self.kind, facts, self.answer(), model=self.model())

    def check_options(self) -> None:
        """Fail unless the options hold the computed answer exactly once."""
        if not self.options:
            return
        right = normalize(self.answer(), self.text_kind)
        hits = [o for o in self.options if normalize(o, self.text_kind) == right]
        if len(hits) != 1:
            where = "none of" if not hits else f"{len(hits)} of"
            raise QuizError(f"question {self.text!r}: the calculator's answer is {self.answer()}, "
                            f"and {where} the options {self.options} match it; exactly one must")

    def with_generated_options(self, rng: random.Random, count: int = 4) -> "Question":
        """A copy whose options are the answer plus up to ``count - 1`` distractors, each a
        known mistake (so choosing it gets feedback about that mistake); the question stays
        a typed answer when no mistake applies."""
        right = self.answer()
        values = [m.value for m in self.mistakes()]
        if not values:
            return self
        rng.shuffle(values)
        options = values[: count - 1] + [right]
        rng.shuffle(options)
        return Question(self.text, self.kind, self.code, self.layer,
                        [f"{o:,}" if isinstance(o, int) else str(o) for o in options], self.id)


def _chosen_steps(kind: str, steps: list) -> list:
    """The derivation steps that answer ``kind`` (the width step may lean on the height's)."""
    titles = [st["title"] for st in steps]
    if kind.endswith("params"):
        picked = [st for st in steps if st["title"] in ("Parameters", "Why", "Weights")]
    elif kind in ("height", "width", "length"):
        letter = {"height": "H", "width": "W", "length": "L"}[kind]
        picked = [st for st in steps if st["title"].startswith((f"{letter}_", f"{letter}:"))]
        if kind == "width" and any("H_{" in st["latex"] for st in picked):
            picked = [st for st in steps if st["title"].startswith(("H_", "H:", "W_", "W:"))]
    elif kind == "depth":
        picked = [st for st in steps if st["title"] == "Depth"]
    else:
        picked = [st for st, t in zip(steps, titles) if t not in ("What goes in", "Result")]
    return picked or steps


def _latex_steps(question: Question) -> str:
    """The derivation of the asked layer, as display math, for the 'Correct' feedback."""
    facts = question.facts()
    if facts is None:
        return ""
    from ..derive import derive_layer

    steps = _chosen_steps(question.kind, derive_layer(facts.layer)["steps"])
    return "".join(
        f'<p class="cd-step-title">{esc(s["title"])}</p>'
        f'<div class="arithmatex">\\[{esc(s["latex"])}\\]</div>' for s in steps)


def explain(question: Question) -> str:
    """One plain sentence giving the right answer and where it comes from."""
    right = question.answer()
    facts = question.facts()
    shown = f"{right:,}" if isinstance(right, int) else right
    if facts is None:
        return {"total_params": f"The model has {shown} parameters in all (Total params).",
                "trainable_total": f"The model has {shown} trainable parameters (Trainable params).",
                "non_trainable_total": f"The model has {shown} non-trainable parameters (Non-trainable params).",
                "model_output_shape": f"The model's output shape is {shown}."}[question.kind]
    name = f"{facts.layer.name} ({facts.class_name})"
    if question.kind.endswith("params"):
        what = {"params": "parameters", "trainable_params": "trainable parameters",
                "non_trainable_params": "non-trainable parameters"}[question.kind]
        return f"{name} has {shown} {what}."
    if question.kind == "output_shape":
        return f"{name} outputs {shown}."
    return f"The {question.kind} of {name}'s output is {shown}."


def grade(question: Question, answer) -> dict:
    """Grade one answer: ``{"correct", "mistake", "message", "html"}``.

    A right answer gets feedback beginning with "Correct" and the derivation; a wrong one that
    matches a known mistake gets that mistake named and the right rule; any other wrong one
    gets the rule to apply. Text that is not an answer at all (``abc``, ``1e3``, a shape where
    a count is asked) is not graded: ``counted`` is False and the message says what to type.
    """
    got = normalize(answer, question.text_kind)
    right = question.answer()
    if got is None or got == "":
        digits = re.sub(r"[\s,_+-]", "", str(answer))
        message = ("Type the output shape the way Keras prints it, like (None, 64, 64, 32)."
                   if question.text_kind else
                   f"That number has {len(digits):,} digits; answers here have at most 40."
                   if digits.isdecimal() and len(digits) > 40 else
                   "Type a whole number of digits, like 896 (commas are fine).")
        if str(answer).strip() and not (digits.isdecimal() and len(digits) > 40):
            message = f"“{str(answer).strip()[:40]}” is not an answer to check. {message}"
        return {"correct": False, "counted": False, "mistake": "not_an_answer",
                "message": message, "html": f'<p class="cd-feedback--retry">{esc(message)}</p>'}
    if got == normalize(right, question.text_kind):
        message = f"Correct — {explain(question)}"
        return {"correct": True, "counted": True, "mistake": None, "message": message,
                "html": f'<p class="cd-feedback--correct"><strong>Correct</strong> — '
                        f'{esc(explain(question))}</p>{_latex_steps(question)}'}
    for m in question.mistakes():
        if normalize(m.value, question.text_kind) == got:
            message = f"Not quite: {m.message}"
            return {"correct": False, "counted": True, "mistake": m.id, "message": message,
                    "html": f'<p class="cd-feedback--wrong"><strong>Not quite.</strong> '
                            f'{esc(m.message)}</p>'}
    hint = _hint(question, got)
    message = f"Not quite: {hint}"
    return {"correct": False, "counted": True, "mistake": None, "message": message,
            "html": f'<p class="cd-feedback--wrong"><strong>Not quite.</strong> {esc(hint)}</p>'}


def _hint(question: Question, got=None) -> str:
    """What the rule says about this particular wrong answer (no known mistake matched it)."""
    facts = question.facts()
    if facts is None:
        return "Add the Param # column of every layer; model.summary() prints the same total."
    fam, kind = facts.family, question.kind
    if kind in ("params", "trainable_params") and fam in ("conv", "transpose"):
        k = facts.config["filters"]
        per = facts.kernel_area * (facts.in_depth // (facts.config.get("groups", 1) or 1))
        bias = 1 if facts.config.get("use_bias", True) else 0
        ksym = kernel_symbol(facts)[0]
        rule = (f"every one of the K = {k} filters has the same {ksym}·D_in = {per} weights"
                + (" and 1 bias" if bias else "") + f", so the count is {k} × {per + bias}")
        if isinstance(got, int) and got % k == 0:
            return (f"{got:,} = {k} × {got // k} would give each filter {got // k - bias} weights, but "
                    f"{rule}.")
        if isinstance(got, int):
            return f"{got:,} is not a multiple of {k}: {rule}."
        return f"A convolution has K·{ksym}·D_in weights plus K biases: {rule}."
    if kind in ("params", "trainable_params") and fam == "dense":
        return (f"A Dense layer has one weight per (input, unit) pair plus one bias per unit: "
                f"({facts.in_shape[-1]} + 1) · {facts.config['units']}.")
    if kind in ("height", "width", "length") and fam in ("conv", "pool"):
        axis = facts.spatial_axis(kind)
        n = facts.in_shape[axis]
        _, s, _, padding = facts.window(axis - (0 if facts.channels_last else 1))
        if isinstance(got, int) and got > 0 and n % got == 0 and n // got != s:
            return (f"{got} = {n} / {n // got} would need a stride of {n // got}; this layer moves "
                    f"{s} pixel{'s' if s > 1 else ''} at a time with padding='{padding}'.")
        n_sym, f_sym = axis_symbols(facts, axis - (0 if facts.channels_last else 1))
        return (f"With padding='same' the size is ceil({n_sym} / S); with 'valid' it is "
                f"floor(({n_sym} − {f_sym}) / S) + 1. Check which padding and stride the layer uses.")
    if kind == "depth":
        if fam in ("conv", "transpose", "separable"):
            return (f"{got} is not one of this layer's numbers: a convolution's output depth is its "
                    f"number of filters, K = {facts.config['filters']}.")
        if fam == "pool":
            return "Pooling works on each channel separately, so the depth stays the input's."
        return "The depth is the size of the output's channel axis."
    return "Build the layer in the calculator above and compare its output with your reasoning."
