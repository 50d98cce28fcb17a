"""Practice mode: unlimited questions from seeded random, valid Keras configurations.

``generate(seed, level, topic)`` is deterministic: the same seed, level and topic give the
same question, so a question can be shared by its URL. ``LEVEL_TEXT`` says what each level
draws (the practice page shows it; the tests check it against what ``generate`` draws).
Topics: ``size``, ``depth``, ``params``, ``pooling``, ``model``, or ``any``.
"""

from __future__ import annotations

import random

from .questions import Question, QuizError

LEVELS = ("easy", "medium", "hard")

LEVEL_TEXT = {
    "easy": ("square inputs (5 to 32 pixels for a convolution, up to 64 for pooling and "
             "models); convolutions with stride 1 and kernels of 2, 3 or 5; pooling with its "
             "default stride (the pool size) and 'valid' padding; models of one Conv2D + "
             "MaxPooling2D block. Choices to pick from."),
    "medium": ("inputs up to 128 pixels, often not square; strides 1 to 3; 'same' and 'valid' "
               "padding for convolutions and pooling; output shapes; models of two or three "
               "blocks. About half the questions ask you to type the number."),
    "hard": ("inputs up to 224 pixels; non-square kernels (3×5, 1×7), dilation 2 or 3, "
             "strides up to 4, some layers without a bias; models that may include "
             "BatchNormalization. Most questions ask you to type the number."),
}
TOPICS = ("any", "size", "depth", "params", "pooling", "model")

_CLASS_TEXT = {"params": "How many parameters does the {cls} layer have?",
               "height": "What is the height of the {cls} layer's output?",
               "width": "What is the width of the {cls} layer's output?",
               "depth": "What is the depth (number of channels) of the {cls} layer's output?",
               "output_shape": "What output shape does model.summary() print for the {cls} layer?",
               "total_params": "How many parameters does the whole model have (Total params)?"}


def _fmt_args(args: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in args.items())


def _code(input_shape, layer_lines) -> str:
    body = "".join(f"    layers.{line},\n" for line in layer_lines)
    return ("from keras import layers, models\n\n"
            "model = models.Sequential([\n"
            f"    layers.Input(shape={tuple(input_shape)!r}),\n"
            f"{body}])\n"
            "model.summary()\n")


def _conv(rng: random.Random, level: str):
    if level == "easy":
        n = rng.randint(5, 32)
        shape = (n, n, rng.choice([1, 3]))
        args = {"filters": rng.choice([4, 8, 16, 32]), "kernel_size": rng.choice([2, 3, 5]),
                "strides": 1, "padding": rng.choice(["valid", "same"])}
    elif level == "medium":
        h = rng.randint(12, 128)
        w = h if rng.random() < 0.6 else rng.randint(12, 128)
        shape = (h, w, rng.choice([1, 3, 8, 16]))
        args = {"filters": rng.choice([8, 16, 32, 64]), "kernel_size": rng.choice([1, 3, 5, 7]),
                "strides": rng.choice([1, 2, 2, 3]), "padding": rng.choice(["valid", "same"])}
    else:
        h, w = rng.randint(15, 224), rng.randint(15, 224)
        shape = (h, w, rng.choice([3, 16, 32, 64]))
        k = rng.choice([3, 5, 7, (3, 5), (1, 7)])
        dilation = rng.choice([1, 1, 2, 3])
        args = {"filters": rng.choice([16, 24, 48, 96, 128]), "kernel_size": k,
                "strides": 1 if dilation > 1 else rng.choice([1, 2, 3, 4]),
                "padding": rng.choice(["valid", "same"])}
        if dilation > 1:
            args["dilation_rate"] = dilation
        if rng.random() < 0.25:
            args["use_bias"] = False
    return shape, [f"Conv2D({_fmt_args(args)})"], "Conv2D"


def _pool(rng: random.Random, level: str):
    cls = rng.choice(["MaxPooling2D", "AveragePooling2D"])
    n = rng.randint(4, 64) if level != "hard" else rng.randint(7, 150)
    shape = (n, n if level == "easy" else rng.randint(4, 64), rng.choice([3, 16, 32, 64]))
    args = {"pool_size": rng.choice([2, 2, 3])}
    if level != "easy":
        if rng.random() < 0.5:
            args["strides"] = rng.choice([1, 2, 3])
        args["padding"] = rng.choice(["valid", "same"])
    return shape, [f"{cls}({_fmt_args(args)})"], cls


def _model(rng: random.Random, level: str):
    n = rng.choice([28, 32, 48, 64])
    shape = (n, n, rng.choice([1, 3]))
    lines = []
    for _ in range(1 if level == "easy" else rng.randint(2, 3)):
        lines.append(f"Conv2D(filters={rng.choice([8, 16, 32])}, kernel_size={rng.choice([3, 5])}, "
                     f"padding={rng.choice(['valid', 'same'])!r}, activation='relu')")
        lines.append("MaxPooling2D(pool_size=2)")
    if level == "hard" and rng.random() < 0.5:
        lines.append("BatchNormalization()")
    lines += ["Flatten()", f"Dense(units={rng.choice([10, 32, 64, 128])}, activation='softmax')"]
    return shape, lines, "model"


def generate(seed, level: str = "easy", topic: str = "any") -> Question:
    """The practice question for (seed, level, topic), with options or a numeric answer."""
    if level not in LEVELS:
        raise QuizError(f"level must be one of {', '.join(LEVELS)}")
    if topic not in TOPICS:
        raise QuizError(f"topic must be one of {', '.join(TOPICS)}")
    rng = random.Random(f"{seed}|{level}|{topic}")
    for _ in range(50):
        pick = topic if topic != "any" else rng.choice(["size", "depth", "params", "pooling", "model"])
        if pick == "model":
            shape, lines, cls = _model(rng, level)
            kind = "total_params"
        elif pick == "pooling":
            shape, lines, cls = _pool(rng, level)
            kind = rng.choice(["height", "width", "depth", "output_shape"] if level != "easy" else ["height", "depth"])
        else:
            shape, lines, cls = _conv(rng, level)
            kind = {"size": rng.choice(["height", "width", "output_shape"] if level != "easy" else ["height", "width"]),
                    "depth": "depth", "params": "params"}[pick]
        q = Question(text=_CLASS_TEXT[kind].format(cls=cls), kind=kind, code=_code(shape, lines),
                     layer=0, id=f"practice-{seed}")
        try:
            q.answer()
        except Exception:  # an invalid draw (e.g. a kernel larger than the input): draw again
            continue
        numeric = {"easy": 0.0, "medium": 0.5, "hard": 0.8}[level]
        if kind == "output_shape" or rng.random() >= numeric:
            q = q.with_generated_options(rng)
        return q
    raise QuizError("could not draw a valid question; try another seed")
