"""The page's single JSON-in / JSON-out entry point (contract 2).

``handle(request: dict) -> dict`` and ``handle_json(text: str) -> str`` never raise: every
error comes back as data, ``{"ok": False, "error": {"type", "message", "field"}}`` (``run``
adds ``error.line``). Ops live in one table, :data:`OPS`, as ``"module:function"`` strings
imported on first use, so ``import calculator.api`` stays cheap.

==============  ============================================================================
``layer``       ``layer`` (Keras class name), ``args`` (Keras kwargs, form strings accepted),
                ``input_shape`` (``"128, 128, 3"`` / ``"(128, 128, 3)"`` / a list; batch
                excluded; a list of shapes for merge layers) -> ``output_shape``,
                ``output_shape_text``, ``params``, ``trainable``, ``non_trainable``,
                ``weights``, ``derivation``, ``stats``, ``keras_code``
``run``         ``code``, ``style`` (``keras3``/``keras2``), ``width`` (terminal columns;
                default: the page's 200 with ``page: true``, else this process's, as Keras
                reads them) -> ``stdout``, ``models`` (the Keras models the script built;
                PyTorch code answers in ``stdout``: ``print(model)``, torchinfo's table)
``model``       ``name`` (``"vgg16"``, ``"lenet5"`` ...), ``args``, ``style``, ``width`` -> one
                model entry
                (``name``, ``summary``, ``layers``, ``total``, ``trainable``,
                ``non_trainable``, ``stats``)
``solve``       ``input_size``, ``output_size``, optional ``kernel``/``stride``/``dilation``
                (``[lo, hi]``), ``padding`` (list), ``layer`` -> ``solutions`` or
                ``explanation``
``conv_grid``   slot for the stepping-convolution figure (``calculator.conv_grid``)
``widget``      ``widget``, ``values``, ``options`` -> ``{ok, html, errors}`` (contract 4)
``quiz.*``      forwarded to ``calculator.quiz.api.handle(op, request)``
``ops``         the list of ops
==============  ============================================================================

    >>> handle({"op": "layer", "layer": "Conv2D", "input_shape": "128, 128, 3",
    ...         "args": {"filters": "32", "kernel_size": "3", "strides": "2",
    ...                  "padding": "same"}})["output_shape_text"]
    '(None, 64, 64, 32)'
"""

from __future__ import annotations

import os

__all__ = ["handle", "handle_json", "OPS", "register", "error_data", "describe_model",
           "build_layer", "keras_code"]

OPS = {
    "layer": "calculator.api:op_layer",
    "run": "calculator.api:op_run",
    "model": "calculator.api:op_model",
    "solve": "calculator.api:op_solve",
    "conv_grid": "calculator.conv_grid:handle",
    "widget": "calculator.api:op_widget",
    "ops": "calculator.api:op_ops",
}


def register(op: str, target: str) -> None:
    """Add or replace an op: ``register("conv_grid", "calculator.widgets.conv_grid:handle")``."""
    OPS[op] = target


# Keras arguments a message may name, longest first (for field inference).
_FIELDS = ("input_shape", "kernel_size", "dilation_rate", "output_padding", "depth_multiplier",
           "data_format", "pool_size", "target_shape", "strides", "padding", "filters",
           "groups", "units", "cropping", "size", "axis", "use_bias", "keepdims", "rate",
           "activation")


def infer_field(message: str):
    """The Keras argument a message talks about, if one is named (``kernel_size`` ...)."""
    low = message.lower()
    for f in _FIELDS:
        if f"`{f}`" in low or f"{f}=" in low:
            return f
    for f in _FIELDS:
        if f in low:
            return f
    if "input" in low and ("shape" in low or "ndim" in low):
        return "input_shape"
    return None


_TORCH_MIRROR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch", "")


def _fixer_reading(exc: BaseException, message: str):
    """For an error the PyTorch mirror raised without a fix of its own: the shape-error
    fixer's fix for its message (what a learner pasting it would read), else None."""
    tb = exc.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith(_TORCH_MIRROR):
        tb = tb.tb_next
    if tb is None:
        return None
    from . import fixer

    reading = fixer.explain(message)
    if not reading or reading["framework"] != "pytorch":
        return None
    return f"{reading['rule']} {reading['fix']}"


def error_data(exc: BaseException, field=None) -> dict:
    """``{"type", "message", "field"}`` (and ``"line"`` when the exception carries one).

    An error of the PyTorch mirror that knows its fix (``exc.fix``, ``calculator.torch._fix``)
    reports it after the message: ``Fix: ...`` on its own line (after ``exc.cause_line``, the
    error underneath, when there is one)."""
    message = str(exc) if str(exc) else type(exc).__name__
    if isinstance(exc, KeyError) and exc.args:
        message = str(exc.args[0])
    fix, cause = getattr(exc, "fix", None), getattr(exc, "cause_line", None)
    if not fix:
        fix = _fixer_reading(exc, message)
        inner = exc.__cause__  # torchinfo's "Failed to run torchinfo" around the real error
        if not fix and inner is not None and str(inner):
            fix = _fixer_reading(inner, str(inner))
            cause = f"{type(inner).__name__}: {inner}" if fix else None
    if isinstance(fix, str) and fix:
        message += (f"\n{cause}" if cause else "") + f"\nFix: {fix}"
    f = field or getattr(exc, "field", None) or infer_field(message)
    etype = type(exc).__name__
    if etype in ("ParseError", "BoundError"):  # a form string Keras would reject: ValueError
        etype = "ValueError"
    data = {"type": etype, "message": message, "field": f}
    line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
    if isinstance(line, int):
        data["line"] = line
    return data


def _fail(exc, field=None, **extra) -> dict:
    return {"ok": False, "error": error_data(exc, field), **extra}


def _resolve(target: str):
    import importlib
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def handle(request) -> dict:
    """Dispatch one request; never raises, not even for a ``BaseException`` that a learner's
    script raises (``KeyboardInterrupt``, ``SystemExit``, ``GeneratorExit``): it is data."""
    try:
        if not isinstance(request, dict):
            raise TypeError("the request must be a JSON object with an 'op'")
        op = request.get("op")
        if not isinstance(op, str) or not op:
            raise ValueError(f"the request needs an 'op', one of: {', '.join(sorted(OPS))}")
        if op.startswith("quiz.") or op == "quiz":
            try:
                quiz_handle = _resolve("calculator.quiz.api:handle")
            except (ImportError, AttributeError):
                raise LookupError("the quiz is not available in this build") from None
            return _ensure(quiz_handle(op, request))
        target = OPS.get(op)
        if target is None:
            raise ValueError(f"unknown op {op!r}; known ops: {', '.join(sorted(OPS))}")
        try:
            fn = _resolve(target)
        except (ImportError, AttributeError):
            raise LookupError(f"the op {op!r} is not available in this build") from None
        return _ensure(fn(request))
    except BaseException as e:  # noqa: BLE001 - contract: errors are data
        return _fail(e)


def _ensure(resp) -> dict:
    if not isinstance(resp, dict):
        return {"ok": True, "result": resp}
    resp.setdefault("ok", "error" not in resp)
    return resp


def handle_json(text: str) -> str:
    """JSON text in, JSON text out; never raises (bad JSON is an error response). The answer
    is strict JSON (no ``NaN`` / ``Infinity``, which the page's ``JSON.parse`` refuses)."""
    import json
    try:
        request = json.loads(text)
    except Exception as e:  # noqa: BLE001
        return json.dumps(_fail(ValueError(f"the request is not valid JSON: {e}")))
    resp = handle(request)
    try:
        return json.dumps(resp, default=_json_default, allow_nan=False)
    except Exception as e:  # noqa: BLE001
        return json.dumps(_fail(ValueError(f"the answer could not be sent: {e}")))


def _json_default(o):
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    return str(o)


# ------------------------------------------------------------------ layer

def _keras_layers():
    from .keras import layers
    return layers


def layer_class(name: str):
    """The Keras mirror's class for ``name``; a ValueError with a suggestion if unknown."""
    layers = _keras_layers()
    cls = getattr(layers, name, None) if isinstance(name, str) and name[:1].isupper() else None
    if cls is None or not isinstance(cls, type):
        import difflib
        names = [n for n in dir(layers) if n[:1].isupper()]
        close = difflib.get_close_matches(str(name), names, n=1)
        if not close:
            close = [n for n in names if n.lower() == str(name).lower()]
        hint = f" Did you mean {close[0]}?" if close else ""
        e = ValueError(f"Unknown layer {name!r}.{hint}")
        e.field = "layer"
        raise e
    return cls


def build_layer(name: str, args=None, input_shape=None):
    """Parse form strings, build the layer on ``keras.Input(input_shape)``.

    Returns ``(layer, parsed_args, input_shape_tuple_or_list)``. Raises the layer's own
    exception (with ``.field``) when Keras would.
    """
    from . import parse
    cls = layer_class(name)
    kwargs = parse.parse_args(args or {}, name)
    shape = kwargs.pop("input_shape", None)
    if input_shape not in (None, ""):
        shape = _parse_input_shape(input_shape, name)
    if shape is None:
        e = ValueError(f"input_shape is needed to build {name}, like "
                       f"{parse._shape_example(parse.expected_rank(name))}")
        e.field = "input_shape"
        raise e
    from . import keras as K
    try:
        K.backend.clear_session()
    except Exception:  # noqa: BLE001
        pass
    lyr = cls(**kwargs)
    inputs = [K.Input(shape=s) for s in shape] if isinstance(shape, list) else K.Input(shape=shape)
    if name == "MultiHeadAttention":  # query, value (, key); one shape: self-attention
        lyr(*inputs) if isinstance(inputs, list) else lyr(inputs, inputs)
    else:
        lyr(inputs)
    return lyr, kwargs, shape


def _parse_input_shape(value, name):
    from . import parse
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (list, tuple))
                                                          for v in value):
        return [parse.parse_shape(tuple(v), "input_shape") for v in value]
    if isinstance(value, str):
        v = parse.parse_value(value)
        if isinstance(v, tuple) and v and all(isinstance(x, tuple) for x in v):
            return [parse.parse_shape(x, "input_shape") for x in v]
    return parse.parse_shape(value, "input_shape", layer=name)


_ALWAYS = ("filters", "kernel_size", "strides", "padding", "pool_size", "units",
           "target_shape", "size", "cropping", "rate")


def _py(v) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, tuple):
        return "(" + ", ".join(_py(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)


def _same_value(a, b) -> bool:
    if a == b:
        return True
    if isinstance(a, int) and isinstance(b, tuple) and b and all(x == a for x in b):
        return True
    if isinstance(b, int) and isinstance(a, tuple) and a and all(x == b for x in a):
        return True
    return False


def keras_code(name: str, kwargs: dict, input_shape=None) -> str:
    """The Keras line to copy: required and lesson-relevant arguments, others only when
    they differ from Keras's default, then ``input_shape``.

    ``Conv2D(filters=32, kernel_size=3, strides=2, padding='same', input_shape=(128, 128, 3))``
    """
    try:
        spec = list(getattr(layer_class(name), "_ARGS", ()))
    except Exception:  # noqa: BLE001
        spec = []
    order = [n for n, _ in spec]
    defaults = {n: d for n, d in spec}
    parts = []
    keys = [k for k in order if k in kwargs] + [k for k in kwargs if k not in order]
    for k in keys:
        v = kwargs[k]
        if k not in _ALWAYS and k in defaults:
            d = defaults[k]
            if _same_value(v, d) or (k == "data_format" and v == "channels_last" and d is None):
                continue
        parts.append(f"{k}={_py(v)}")
    if input_shape is not None and not isinstance(input_shape, list):
        parts.append(f"input_shape={_py(tuple(input_shape))}")
    return f"{name}({', '.join(parts)})"


def describe_layer(lyr, kwargs=None, input_shape=None) -> dict:
    from . import derive, stats
    out = tuple(lyr.output.shape) if not isinstance(lyr.output, list) else None
    deriv = derive.derive_layer(lyr)
    st = stats.layer_stats(lyr)
    weights = [{"name": w.name if "/" in w.name else f"{lyr.name}/{w.name}",
                "shape": list(w.shape), "size": w.size, "trainable": bool(w.trainable)}
               for w in lyr.weights]
    params = lyr.count_params()
    trainable = sum(w["size"] for w in weights if w["trainable"])
    return {
        "ok": True,
        "layer": type(lyr).__name__,
        "name": lyr.name,
        "output_shape": list(out) if out is not None else None,
        "output_shape_text": derive.shape_text(out if out is not None else deriv["output_shape"]),
        "params": params,
        "trainable": trainable,
        "non_trainable": params - trainable,
        "weights": weights,
        "derivation": {"steps": deriv["steps"], "result": deriv["result"]},
        "stats": {"macs": st["macs"], "activation_bytes": st["activation_bytes"],
                  "param_bytes": st["param_bytes"]},
        "keras_code": keras_code(type(lyr).__name__, kwargs or {}, input_shape),
    }


def op_layer(request: dict) -> dict:
    name = request.get("layer") or request.get("class_name")
    if not name:
        e = ValueError("the request needs 'layer', a Keras layer class name like Conv2D")
        e.field = "layer"
        raise e
    lyr, kwargs, shape = build_layer(name, request.get("args") or {},
                                     request.get("input_shape"))
    return describe_layer(lyr, kwargs, shape)


# ------------------------------------------------------------------ models

def _summary_text(model, style="keras3") -> str:
    lines = []
    kw = {"print_fn": lambda s, *a, **k: lines.append(s)}
    if style and style != "keras3":
        kw["style"] = style
    model.summary(**kw)
    return "\n".join(lines)


def describe_model(model, style: str = "keras3", summary: bool = True) -> dict:
    """One entry of ``run``'s ``models``: summary text, per-layer rows with stats, totals."""
    from . import derive, stats
    ms = stats.model_stats(model)
    rows = []
    for row in ms["layers"]:
        shape = row["output_shape"]
        rows.append({
            "name": row["name"], "class_name": row["class_name"],
            "output_shape": shape,
            "output_shape_text": derive.shape_text(tuple(shape)) if shape is not None else "?",
            "params": row["params"], "macs": row["macs"],
            "activation_bytes": row["activation_bytes"], "param_bytes": row["param_bytes"],
            "receptive_field": row["receptive_field"],
        })
    for row, lyr in zip(rows, [x for x in model.layers if type(x).__name__ != "InputLayer"]):
        tw = getattr(lyr, "trainable_weights", None)
        row["trainable"] = bool(getattr(lyr, "trainable", True))
        row["trainable_params"] = sum(w.size for w in tw) if tw is not None else row["params"]
    try:
        total = model.count_params()
    except ValueError:  # an unbuilt model (no input yet): Keras's summary says "0 (unbuilt)"
        total = sum(w.size for w in model.weights)
    trainable = sum(w.size for w in model.trainable_weights)
    entry = {
        "name": model.name,
        "class_name": type(model).__name__,
        "layers": rows,
        "total": total,
        "trainable": trainable,
        "non_trainable": total - trainable,
        "stats": ms["totals"],
    }
    try:
        out = model.output_shape
        entry["output_shape_text"] = derive.shape_text(out)
    except Exception:  # noqa: BLE001
        pass
    if summary:
        entry["summary"] = _summary_text(model, style)
    return entry


def op_model(request: dict) -> dict:
    from . import applications, parse
    name = request.get("name")
    if not name:
        e = ValueError("the request needs 'name', an application like vgg16 or lenet5")
        e.field = "name"
        raise e
    args = parse.parse_args(request.get("args") or {})
    try:
        from .keras import backend
        backend.clear_session()
    except Exception:  # noqa: BLE001
        pass
    model = applications.get(name, **args)
    with _width(request):
        return {"ok": True, **describe_model(model, request.get("style") or "keras3")}


def _width(request: dict):
    """The summary width a request asks for (``width``: terminal columns); else, for a request
    from the page (``"page": true``), ``summary_width.PAGE_COLUMNS``; else the native one."""
    from . import summary_width
    width = request.get("width")
    if width in (None, "") and request.get("page"):
        width = summary_width.PAGE_COLUMNS
    if width is not None:
        try:
            summary_width.parse_columns(width)
        except ValueError as e:
            e.field = "width"
            raise
    return summary_width.columns(width)


def op_run(request: dict) -> dict:
    """Run a Keras script; summaries print in ``style``. A failing script still returns what
    it printed and the models it built, with the error (type, message, line) as data."""
    from . import runner, summary
    code = request.get("code")
    if not isinstance(code, str):
        e = ValueError("the request needs 'code', a Keras script")
        e.field = "code"
        raise e
    style = request.get("style") or "keras3"
    with _width(request):
        try:
            with summary.summary_style(style):
                result = runner.run_script(code)
        except BaseException as exc:  # noqa: BLE001 - the script's error is data
            if isinstance(exc, SystemExit) and not exc.code:
                result = {"stdout": getattr(exc, "stdout", ""),
                          "models": getattr(exc, "models", [])}
            else:
                result = {"stdout": getattr(exc, "stdout", "") or "",
                          "models": getattr(exc, "models", []) or [], "error": exc}
        return _run_response(result, style)


def _accepts(fn, name) -> bool:
    import inspect
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


def _get(obj, key, default=None):
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _run_response(result, style) -> dict:
    stdout = _get(result, "stdout", "") or ""
    err = _get(result, "error")
    models = []
    for m in _get(result, "models", []) or []:
        try:
            models.append(describe_model(m, style))
        except Exception:  # noqa: BLE001 - a model left half-built by the script's error
            continue
    resp = {"ok": err is None, "stdout": stdout, "models": models}
    if err is not None:
        if isinstance(err, BaseException):
            data = error_data(err)
            if isinstance(err, SyntaxError) and isinstance(err.lineno, int):
                data["line"] = err.lineno
                data["message"] = err.msg
            line = getattr(err, "line", None)
            if isinstance(line, int):
                data["line"] = line
        else:
            data = {"type": _get(err, "type", "Error"), "message": _get(err, "message", ""),
                    "field": _get(err, "field")}
            line = _get(err, "line")
            if line is not None:
                data["line"] = line
            if data["field"] is None:
                data["field"] = infer_field(str(data["message"]))
        if "line" not in data:
            line = _get(result, "line")
            if isinstance(line, int):
                data["line"] = line
        resp["error"] = data
    return resp


# ------------------------------------------------------------------ solve, widgets

def op_solve(request: dict) -> dict:
    from . import parse, solver
    kw = {}
    for key in ("kernel", "stride", "dilation"):
        if request.get(key) not in (None, ""):
            v = request[key]
            if isinstance(v, str):
                v = parse.parse_value(v.replace("..", ","))
            kw[key] = tuple(v) if isinstance(v, (list, tuple)) else v
    if request.get("padding"):
        kw["padding"] = request["padding"]
    res = solver.solve(request.get("input_size"), request.get("output_size"),
                       layer=request.get("layer") or "Conv2D", **kw)
    return {"ok": True, **res}


def op_widget(request: dict) -> dict:
    from . import widgets
    name = request.get("widget")
    resp = widgets.render(name, request.get("values") or {}, request.get("options") or {})
    if not resp.get("ok") and "error" not in resp:
        errs = resp.get("errors") or {}
        if errs:
            field, msg = next(iter(errs.items()))
            resp["error"] = {"type": "ValueError", "message": msg, "field": field}
        else:
            resp["error"] = {"type": "ValueError", "message": "the widget could not render",
                             "field": None}
    return resp


def op_ops(request: dict) -> dict:
    return {"ok": True, "ops": sorted(OPS) + ["quiz.*"]}
