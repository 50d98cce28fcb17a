"""The mini-project self-check: does the learner's model meet every target the task states?

The page states the targets as options; each becomes one checked line, "Target n" (numbered
in the order below, which the lessons' task lists follow), that passes or says which part failed and why, with the numbers
the calculator computes from the model. The verdict is "All targets met" only when every line
passes. Targets (option: value):

- ``model_class``: ``Sequential`` — the model is that class (a functional model fails).
- ``input_shape``: ``64, 64, 3`` — what the model accepts, batch excluded.
- ``augmentation``: ``RandomFlip(mode=horizontal|horizontal_and_vertical), RandomRotation``
  — each listed layer is in the model (searched through nested models), with the argument
  taking one of the listed values when one is given.
- ``inference_shapes``: ``true`` — ``predict`` sees the shapes training sees. In inference
  Keras 3's ``RandomCrop`` returns the image uncropped, so every later layer is rebuilt on the
  inference shape: a layer whose weights then get another shape, or that refuses the shape,
  breaks ``predict``.
- ``target_output``: ``None, 5`` — the model's output shape.
- ``output_activation``: ``softmax`` — the last layer's activation (an ``activation=``
  argument, an ``Activation`` layer, or a ``Softmax`` layer).
- ``max_params``: ``100000`` — the parameter budget.
- ``min_conv_layers``: ``2`` — at least that many ``Conv2D`` layers.
"""

from __future__ import annotations

from . import Field, code_html, error_note, esc, fmt_int, result

LIVE = False
BUTTON = "Check my model"
TITLE = "Mini-project self-check"

FIELDS = [Field("code", "your model (Keras code)", "code", "",
                help="edit the model, then check it (Ctrl+Enter)")]

# Layers whose output shape in inference differs from the one the summary shows (training):
# Keras 3's RandomCrop crops only while training and passes the image through otherwise.
_UNCROPPED_IN_INFERENCE = ("RandomCrop",)


def _shape(text, field):
    from .. import parse

    parts = [p.strip() for p in str(text).strip("()[] ").split(",") if p.strip()]
    return tuple(None if p.lower() == "none" else parse.parse_int(p, field, minimum=1)
                 for p in parts)


def _fmt(shape) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ("," if len(shape) == 1 else "") + ")"


def _line(n: int, ok: bool, title: str, text: str) -> str:
    mark = "✓" if ok else "✗"
    cls = "cd-check--pass" if ok else "cd-check--fail"
    state = "met" if ok else "not met"
    return (f'<li class="{cls}" data-target="{n}"><span aria-hidden="true">{mark}</span> '
            f'<strong>Target {n}, {esc(title)}</strong> '
            f'<span class="cd-visually-hidden">({state})</span>: {esc(text)}</li>')


def _all_layers(model):
    """Every layer, nested models' layers included, in order."""
    for lyr in getattr(model, "layers", []):
        if hasattr(lyr, "layers"):
            yield from _all_layers(lyr)
        else:
            yield lyr


def _class(lyr) -> str:
    return type(lyr).__name__


def check_model_class(model, want):
    got = _class(model)
    if got == want:
        return True, f"the model is a {got}"
    return False, f"the model is a {got}; the task asks for a {want} model"


def check_input_shape(model, want_text):
    want = _shape(want_text, "input_shape")
    got = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    if got is None:
        return False, "the model has no input yet: give it keras.Input(shape=...)"
    ok = got == want
    return ok, (f"input shape {_fmt((None,) + got)}"
                + ("" if ok else f"; the task asks for {_fmt((None,) + want)}"))


def _requirements(text):
    """``"RandomFlip(mode=a|b), RandomZoom"`` -> ``[("RandomFlip", "mode", ["a", "b"]),
    ("RandomZoom", None, None)]``."""
    out, depth, item = [], 0, ""
    for ch in str(text) + ",":
        if ch == "," and depth == 0:
            item = item.strip()
            if item:
                name, _, arg = item.partition("(")
                key, _, vals = arg.rstrip(")").partition("=")
                out.append((name.strip(), key.strip() or None,
                            [v.strip() for v in vals.split("|")] if vals else None))
            item = ""
            continue
        depth += (ch == "(") - (ch == ")")
        item += ch
    return out


def check_augmentation(model, want_text):
    present = list(_all_layers(model))
    missing, found = [], []
    for name, key, allowed in _requirements(want_text):
        match = [lyr for lyr in present if _class(lyr) == name]
        if not match:
            missing.append(f"no {name} layer")
            continue
        if key:
            values = [str(lyr.get_config().get(key)) for lyr in match]
            if not any(v in allowed for v in values):
                missing.append(f"{name} has {key}={values[0]!r}, the task needs "
                               + " or ".join(repr(v) for v in allowed))
                continue
            found.append(f"{name}({key}={values[0]!r})")
        else:
            found.append(name)
    if missing:
        return False, "; ".join(missing) + (f" (found: {', '.join(found)})" if found else "")
    return True, "the model has " + ", ".join(found)


def check_inference_shapes(model, _want):
    if _class(model) != "Sequential":
        return False, ("checked for Sequential models only, so this model cannot pass: "
                       "rebuild it as a Sequential")
    inputs = getattr(model, "inputs", None)
    if not inputs:
        return False, "the model has no input yet: give it keras.Input(shape=...)"
    shape, problem, note = _inference_walk(model, tuple(inputs[0].shape))
    if problem:
        return False, problem
    trained = tuple(model.output_shape)
    if shape != trained:
        return False, (f"in inference the model outputs {_fmt(shape)}, not the {_fmt(trained)} "
                       "of training")
    if note:
        return True, f"{note}, but no later layer depends on the size: predict works"
    return True, "predict sees the same shapes as training (no layer changes size in inference)"


def _inference_walk(model, shape):
    """Follow ``shape`` through the layers as ``predict`` does: ``(output shape, problem,
    note)``, ``problem`` naming the layer that breaks, ``note`` the layer that changed size."""
    from ..keras import Input

    note = ""
    for lyr in model.layers:
        if _class(lyr) == "InputLayer":
            continue
        if hasattr(lyr, "layers"):
            shape, problem, inner = _inference_walk(lyr, shape)
            note = note or inner
            if problem:
                return shape, problem, note
            continue
        trained_in, trained_out = tuple(lyr.input.shape), tuple(lyr.output.shape)
        if _class(lyr) in _UNCROPPED_IN_INFERENCE:
            if trained_out != shape:
                note = (f"{lyr.name} ({_class(lyr)}) crops only while training: in inference "
                        f"it passes {_fmt(shape)} through uncropped")
            continue
        if shape == trained_in:
            shape = trained_out
            continue
        lead = f"{note}, so " if note else "in inference "
        clone = type(lyr).from_config(lyr.get_config())
        try:
            shape = tuple(clone(Input(shape=shape[1:])).shape)
        except (ValueError, TypeError) as e:
            return shape, (f"{lead}{lyr.name} ({_class(lyr)}) receives {_fmt(shape)} and "
                           f"refuses it, so predict fails: {e}"), note
        for w_train, w_infer in zip(lyr.weights, clone.weights):
            if tuple(w_train.shape) != tuple(w_infer.shape):
                return shape, (f"{lead}{lyr.name} ({_class(lyr)}) receives "
                               f"{_fmt(tuple(clone.input.shape))} instead of {_fmt(trained_in)}: "
                               f"its trained weight {w_train.name.split('/')[-1]} has shape "
                               f"{_fmt(tuple(w_train.shape))} and would need "
                               f"{_fmt(tuple(w_infer.shape))}, so predict fails"), note
    return shape, "", note


def check_target_output(model, want_text):
    want = _shape(want_text, "target_output")
    got = tuple(model.output_shape)
    ok = got == want
    return ok, f"output shape {_fmt(got)}" + ("" if ok else f"; the target is {_fmt(want)}")


def _activation(lyr):
    if _class(lyr) == "Softmax":
        return "softmax"
    act = lyr.get_config().get("activation")
    return getattr(act, "__name__", act)


def check_output_activation(model, want):
    layers = list(_all_layers(model))
    if not layers:
        return False, "the model has no layers"
    last = layers[-1]
    got = _activation(last)
    if got == want:
        return True, f"the last layer, {last.name}, applies {want}"
    return False, (f"the last layer, {last.name} ({_class(last)}), applies "
                   f"{got or 'no activation'}; the task asks for {want} "
                   f"(add activation='{want}' to it)")


def check_max_params(model, want_text):
    budget = int(str(want_text).replace(",", "").replace("_", ""))
    total = model.count_params()
    ok = total <= budget
    verdict = (f"{fmt_int(budget - total)} under the budget" if ok
               else f"{fmt_int(total - budget)} over the budget")
    return ok, f"{fmt_int(total)} parameters, {verdict} of {fmt_int(budget)}"


def check_min_conv_layers(model, want_text):
    need = int(want_text)
    convs = sum(1 for lyr in _all_layers(model) if _class(lyr) == "Conv2D")
    return convs >= need, (f"{convs} Conv2D layer{'s' if convs != 1 else ''}; "
                           f"the task asks for at least {need}")


# option -> (title of its line, check(model, option value) -> (passed, why))
TARGETS = {
    "model_class": ("model type", check_model_class),
    "input_shape": ("input shape", check_input_shape),
    "augmentation": ("augmentation", check_augmentation),
    "inference_shapes": ("predict works", check_inference_shapes),
    "target_output": ("output shape", check_target_output),
    "output_activation": ("output activation", check_output_activation),
    "max_params": ("parameter budget", check_max_params),
    "min_conv_layers": ("convolutions", check_min_conv_layers),
}


def check(model, values: dict) -> list[tuple[str, bool, str]]:
    """``[(title, passed, why)]`` for every target ``values`` states, in ``TARGETS``'s order
    (the order of the lessons' task lists; the page's options carry no order)."""
    out = []
    for key, (title, fn) in TARGETS.items():
        want = str(values.get(key) or "").strip()
        if want:
            ok, why = fn(model, want)
            out.append((title, ok, why))
    return out


def render(values: dict) -> dict:
    from ..runner import run_script

    # The page fills the code field with the starter model; an emptied field is the
    # learner's, so say so rather than silently checking the starter again.
    code = (values.get("code") or "").strip()
    if not code:
        msg = "the code is empty: write or paste a Keras model here (assign it to model)"
        return result(False, error_note("Write a model first, then check it.", "Nothing to check yet"),
                      {"code": msg})
    try:
        run = run_script(code + "\n", filename="<your model>")
        model = run.namespace.get("model")
        if not hasattr(model, "layers"):
            model = run.models[-1] if run.models else None
        if model is None:
            raise ValueError("the code builds no model: assign it to a variable called model")
    except Exception as e:  # noqa: BLE001 - the learner's error, as Keras would raise it
        line = getattr(e, "lineno", None) or getattr(e, "line", None)
        where = f" (line {line})" if line else ""
        msg = f"{type(e).__name__}{where}: {e}"
        return result(False, error_note(msg, "Keras would not build this model"), {"code": msg})
    results = check(model, values)
    lines = [_line(n, ok, title, why) for n, (title, ok, why) in enumerate(results, 1)]
    failed = [str(n) for n, (_, ok, _) in enumerate(results, 1) if not ok]
    verdict = ("All targets met — well done." if not failed else
               f"Not there yet: target{'s' if len(failed) > 1 else ''} {', '.join(failed)} "
               "not met. Adjust the model and check again.")
    summary = run.stdout.strip()
    html = (f'<div class="cd-result"><p class="cd-result__shape" data-result="verdict">'
            f'<strong>{esc(verdict)}</strong></p><ul class="cd-checks">{"".join(lines)}</ul>'
            + (f"<details><summary>What model.summary() prints</summary>{code_html(summary, 'text')}</details>"
               if summary else "") + "</div>")
    return result(True, html)
