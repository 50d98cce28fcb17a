"""Transfer learning: a pretrained base, frozen or not, with a new head.

The widget writes the Keras code for the chosen base, input shape, freezing and head, runs it
through the calculator exactly as a learner would run it, and shows the trainable and
non-trainable counts with the summary Keras prints. Freezing moves the whole base to
non-trainable; BatchNormalization's moving statistics are non-trainable either way.
"""

from __future__ import annotations

from . import Field, code_html, error_note, esc, fmt_int, result, MAX_CHANNELS, MAX_SIDE

LIVE = True
TITLE = "Transfer learning: freeze the base, train the head"

BASES = {"mobilenetv2": "MobileNetV2", "vgg16": "VGG16", "resnet50": "ResNet50",
         "mobilenet": "MobileNet", "inceptionv3": "InceptionV3", "xception": "Xception",
         "densenet121": "DenseNet121", "efficientnetb0": "EfficientNetB0", "vgg19": "VGG19"}
HEADS = {"global average pooling": "GlobalAveragePooling2D", "flatten": "Flatten"}

FIELDS = [
    Field("base", "base", "select", "mobilenetv2", options=list(BASES)),
    Field("input_shape", "input_shape", "text", "160, 160, 3", help="height, width, 3"),
    Field("trainable", "base.trainable", "select", "False", options=["False", "True"]),
    Field("head", "head", "select", "global average pooling", options=list(HEADS)),
    Field("units", "classes (Dense units)", "number", "5"),
]

LIMITS = {"input_shape": MAX_SIDE, "units": MAX_CHANNELS}


def keras_code(base: str, shape: tuple, trainable: bool, head: str, units: int) -> str:
    """The Keras script the widget runs: the code a learner would write."""
    return (
        "import keras\nfrom keras import layers\n\n"
        f"base = keras.applications.{BASES[base]}(include_top=False, weights='imagenet',\n"
        f"    input_shape={shape!r})\n"
        f"base.trainable = {trainable}\n\n"
        f"inputs = keras.Input(shape={shape!r})\n"
        "x = base(inputs, training=False)\n"
        f"x = layers.{HEADS[head]}()(x)\n"
        f"outputs = layers.Dense({units}, activation='softmax')(x)\n"
        "model = keras.Model(inputs, outputs)\n"
        "model.summary()\n")


def render(values: dict) -> dict:
    from .. import parse
    from ..runner import run_script

    errors = {}
    try:
        base = parse.parse_choice(values.get("base", "mobilenetv2"), "base", list(BASES))
    except ValueError as e:
        errors["base"] = str(e)
    try:
        shape = parse.parse_shape(values.get("input_shape", ""), "input_shape", rank=3)
    except ValueError as e:
        errors["input_shape"] = str(e)
    try:
        trainable = parse.parse_bool(values.get("trainable", "False"), "trainable")
    except ValueError as e:
        errors["trainable"] = str(e)
    try:
        head = parse.parse_choice(values.get("head", "global average pooling"), "head", list(HEADS))
    except ValueError as e:
        errors["head"] = str(e)
    try:
        units = parse.parse_int(values.get("units", "5"), "units")
    except ValueError as e:
        errors["units"] = str(e)
    if errors:
        f, m = next(iter(errors.items()))
        text = m if m.startswith(f) else f"{f}: {m}"
        return result(False, error_note(text, "Not a valid setting — fix the value marked above"), errors)
    code = keras_code(base, tuple(shape), trainable, head, units)
    try:
        run = run_script(code, filename="<transfer>")
    except Exception as e:  # noqa: BLE001 - e.g. an input too small for the base: Keras's words
        msg = f"{type(e).__name__}: {e}"
        # the note keeps Keras's exception type; the field says it in plain words
        return result(False, error_note(msg, "Keras would not build this model"),
                      {"input_shape": str(e) or msg})
    model = run.namespace["model"]
    base_model = run.namespace["base"]
    trainable_n = sum(w.size for w in model.trainable_weights)
    frozen_n = sum(w.size for w in model.non_trainable_weights)
    head_n = model.count_params() - base_model.count_params()
    html = (
        '<div class="cd-result"><ul class="cd-result__facts">'
        f'<li>Total params: <strong>{fmt_int(model.count_params())}</strong></li>'
        f'<li>Trainable: <strong data-result="trainable">{fmt_int(trainable_n)}</strong></li>'
        f'<li>Non-trainable: <strong data-result="non_trainable">{fmt_int(frozen_n)}</strong></li>'
        f'<li>The new head adds {fmt_int(head_n)}; the base holds {fmt_int(base_model.count_params())}.</li></ul>'
        f"<p>The code:</p>{code_html(code)}"
        f"<details open><summary>What model.summary() prints</summary>{code_html(run.stdout.rstrip(), 'text')}</details>"
        "</div>")
    return result(True, html)
