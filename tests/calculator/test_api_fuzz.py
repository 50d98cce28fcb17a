"""Fuzz of the page's entry point: ``calculator.api.handle`` over every op and every widget.

What a careless user or an attacker sends — huge and exotic numbers, malformed shapes and
ranges, unbalanced brackets, long strings, wrong JSON types, scripts that raise
``KeyboardInterrupt`` / ``SystemExit`` — must come back as data: a JSON-serialisable dict
with a boolean ``"ok"``, strict JSON through ``handle_json`` (no ``NaN``), never an
exception, and never a slow answer. The one-second limit is a bound that catches
pathological inputs (a request that makes a figure or a loop grow with a number), not a
benchmark. Seeded (``derandomize=True``): the same examples on every run.
"""

from __future__ import annotations

import json
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import api, widgets

# One second of CPU natively; Pyodide (WebAssembly, `make test-pyodide`) runs the same Python
# about three times slower, so the bound scales with it.
BOUND_SECONDS = 3.0 if sys.platform == "emscripten" else 1.0

FUZZ = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

# Values a person (or a script) types that broke or could break a field.
NASTY = ["", " ", "0", "-1", "1", "3", "3, 3", "(2, 2)", "[128,128,3]", "128 128 3",
         "1e30", "1e200", "1e-5", "1e999999999", "-1e30", "1.5e3", "9" * 25, "9" * 5000,
         "nan", "inf", "-inf", "None", "true", "same", "VALID", "1-2-3", "1..11", "1-",
         "((((((((((((((((((((((1))))))))))))))))))))))", "(" * 200, ")" * 50, "(1, (2, 3))",
         "20000000", "2" * 19, str(2**63), "a" * 3000, "١٢٣", "²", "3\x00", "<b>x</b>",
         "' or 1=1 --", "1_000", "0x10", "3.0", "3.5", "-0", "+5", "\n\t", "1 / 2 / 3",
         "200", "1000", "100000", "1-1000", "1-100000000", "999999999999", "3, 20000000",
         "1e6, 1e6, 3", "200 " * 200, "1 " * 500 + "/ 1", "nan 1 / 1 1", "1e308 1e308"]

text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                 st.from_regex(r"[-+0-9eE.,() \[\]]{1,30}", fullmatch=True))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                        st.floats(allow_nan=True, allow_infinity=True), text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)

LAYERS = ["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D",
          "DepthwiseConv2D", "MaxPooling2D", "AveragePooling1D", "GlobalAveragePooling2D",
          "Dense", "Flatten", "Reshape", "Dropout", "BatchNormalization", "Concatenate",
          "Add", "ZeroPadding2D", "Cropping2D", "UpSampling2D", "Embedding", "conv2d", "Nope"]
ARG_NAMES = ["filters", "kernel_size", "strides", "padding", "dilation_rate", "units",
             "pool_size", "target_shape", "size", "cropping", "rate", "groups", "axis",
             "use_bias", "data_format", "activation", "output_padding", "depth_multiplier",
             "input_shape", "input_dim", "output_dim"]
SCRIPTS = [
    "raise KeyboardInterrupt", "raise SystemExit(3)", "import sys; sys.exit()",
    "raise GeneratorExit", "def f(): f()\nf()", "print('x' * 100000)",
    "from keras.layers import Conv2D\nfrom keras.models import Sequential\n"
    "m = Sequential([Conv2D(8, 3, input_shape=(10**30, 4, 3))])\nm.summary()",
    "from keras.layers import Dense\nfrom keras.models import Sequential\n"
    "m = Sequential([Dense(10**18, input_shape=(10**18,))])\nm.summary()",
    "import keras\nx = keras.Input((32, 32, 3))\ny = keras.layers.Conv2D(4, 3)(x)\n"
    "keras.Model(x, y).summary()",
    "class E(BaseException): pass\nraise E('mine')", "x = (", "\x00", "ü = 1\nprint(ü)",
]


def check(request):
    """One request: a dict with a boolean "ok", strict JSON, within the bound."""
    t0 = time.process_time()  # CPU time: other processes on a shared machine do not count
    response = api.handle(request)
    elapsed = time.process_time() - t0
    assert isinstance(response, dict) and isinstance(response.get("ok"), bool), response
    json.dumps(response)
    if not response["ok"]:
        err = response.get("error")
        if err is not None:
            assert isinstance(err.get("type"), str) and isinstance(err.get("message"), str)
    assert elapsed < BOUND_SECONDS, (f"{elapsed:.2f} s for {json.dumps(request, default=str)[:300]}")
    try:
        as_text = json.dumps(request, allow_nan=False, default=str)
    except ValueError:
        return response  # NaN in the request: not something JSON.stringify sends
    answer = json.loads(api.handle_json(as_text))
    assert isinstance(answer.get("ok"), bool)
    return response


def _fields(name):
    return [f.name for f in widgets.get(name).FIELDS] or ["model", "code"]


@pytest.mark.parametrize("name", sorted(widgets.REGISTRY))
def test_widget_every_field_every_nasty_value(name):
    # the defaults are valid, so each nasty value reaches as deep as it can go
    for field in _fields(name):
        for value in NASTY:
            check({"op": "widget", "widget": name, "values": {field: value}})


@pytest.mark.parametrize("name", sorted(widgets.REGISTRY))
@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_widget_fuzz(name, data):
    fields = _fields(name)
    values = data.draw(st.dictionaries(st.sampled_from(fields), text, max_size=len(fields)))
    if data.draw(st.booleans()):
        values.update(data.draw(st.dictionaries(st.text(max_size=10), json_value, max_size=2)))
    check({"op": "widget", "widget": name, "values": values})


VALID = {
    "layer": {"op": "layer", "layer": "Conv2D", "input_shape": "32, 32, 3",
              "args": {"filters": "8", "kernel_size": "3", "strides": "1", "padding": "same",
                       "dilation_rate": "1"}},
    "solve": {"op": "solve", "input_size": 128, "output_size": 64},
    "conv_grid": {"op": "conv_grid", "image": "1 2 3 / 4 5 6 / 7 8 9", "kernel": "1 0 / 0 1",
                  "strides": 1, "padding": "valid"},
    "model": {"op": "model", "name": "lenet5", "args": {}},
    "quiz.practice": {"op": "quiz.practice", "seed": "1", "level": "easy", "topic": "any"},
}
PERTURB = {"layer": ["input_shape", "args.filters", "args.kernel_size", "args.strides",
                     "args.dilation_rate", "args.padding", "layer"],
           "solve": ["input_size", "output_size", "kernel", "stride", "dilation", "padding",
                     "layer"],
           "conv_grid": ["image", "kernel", "strides", "padding"],
           "model": ["name", "args.input_shape", "args.classes", "args.include_top"],
           "quiz.practice": ["seed", "level", "topic"]}


@pytest.mark.parametrize("op", sorted(VALID))
def test_op_every_argument_every_nasty_value(op):
    for path in PERTURB[op]:
        for value in NASTY:
            request = json.loads(json.dumps(VALID[op]))
            where, _, key = path.rpartition(".")
            (request[where] if where else request)[key] = value
            check(request)


@settings(FUZZ, max_examples=300)
@given(layer=st.sampled_from(LAYERS),
       args=st.dictionaries(st.sampled_from(ARG_NAMES), st.one_of(text, json_value),
                            max_size=5),
       shape=st.one_of(text, json_value))
def test_layer_fuzz(layer, args, shape):
    check({"op": "layer", "layer": layer, "args": args, "input_shape": shape})


@settings(FUZZ, max_examples=300)
@given(size_in=st.one_of(text, json_scalar), size_out=st.one_of(text, json_scalar),
       kernel=st.one_of(st.none(), text, st.lists(st.integers(-5, 10**12), max_size=3)),
       stride=st.one_of(st.none(), text, st.lists(st.integers(-5, 10**9), max_size=3)),
       dilation=st.one_of(st.none(), text, st.integers(0, 10**9)),
       padding=st.one_of(st.none(), text, st.lists(text, max_size=3)),
       layer=st.one_of(st.none(), st.sampled_from(["Conv2D", "MaxPooling1D",
                                                   "Conv2DTranspose", "Dense"]), text))
def test_solve_fuzz(size_in, size_out, kernel, stride, dilation, padding, layer):
    check({"op": "solve", "input_size": size_in, "output_size": size_out, "kernel": kernel,
           "stride": stride, "dilation": dilation, "padding": padding, "layer": layer})


@settings(FUZZ, max_examples=200)
@given(image=st.one_of(text, json_value,
                       st.lists(st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=30),
                                min_size=1, max_size=30)),
       kernel=st.one_of(text, json_value,
                        st.lists(st.lists(st.floats(), min_size=1, max_size=15),
                                 min_size=1, max_size=15)),
       strides=st.one_of(text, json_scalar), padding=st.one_of(text, json_scalar))
def test_conv_grid_fuzz(image, kernel, strides, padding):
    check({"op": "conv_grid", "image": image, "kernel": kernel, "strides": strides,
           "padding": padding})


@settings(FUZZ, max_examples=150)
@given(name=st.one_of(st.sampled_from(["lenet5", "alexnet", "mobilenetv2", "vgg16",
                                       "resnet50"]), text),
       args=st.dictionaries(st.sampled_from(["input_shape", "include_top", "classes",
                                             "weights", "alpha", "pooling"]),
                            st.one_of(text, json_scalar), max_size=3),
       style=st.one_of(st.none(), st.sampled_from(["keras3", "keras2"]), text))
def test_model_fuzz(name, args, style):
    check({"op": "model", "name": name, "args": args, "style": style})


@settings(FUZZ, max_examples=150)
@given(code=st.one_of(st.sampled_from(SCRIPTS), text, json_scalar),
       style=st.one_of(st.none(), st.sampled_from(["keras3", "keras2"]), text))
def test_run_fuzz(code, style):
    check({"op": "run", "code": code, "style": style})


@settings(FUZZ, max_examples=300)
@given(op=st.sampled_from(["quiz.grade", "quiz.practice", "quiz", "quiz.nope"]),
       seed=st.one_of(text, json_scalar), level=st.one_of(text, json_scalar),
       topic=st.one_of(text, json_scalar), answer=st.one_of(text, json_scalar),
       question=st.one_of(json_value, st.fixed_dictionaries(
           {"text": text, "kind": st.sampled_from(["params", "output_shape", "height", "x"]),
            "code": st.sampled_from(SCRIPTS[6:9] + ["x = 1"])})))
def test_quiz_fuzz(op, seed, level, topic, answer, question):
    check({"op": op, "seed": seed, "level": level, "topic": topic, "answer": answer,
           "question": question})


@settings(FUZZ, max_examples=300)
@given(request=st.one_of(json_value, st.dictionaries(
    st.sampled_from(["op", "widget", "values", "options", "layer", "args", "name", "code"]),
    json_value, max_size=5)))
def test_any_request_fuzz(request):
    check(request)


@pytest.mark.parametrize("exc", ["KeyboardInterrupt", "SystemExit(2)", "GeneratorExit",
                                 "BaseException('x')"])
def test_base_exceptions_from_scripts_are_data(exc):
    # handle() raised these before (issue 10, point 3): they must come back as errors
    for request in ({"op": "run", "code": f"raise {exc}"},
                    {"op": "widget", "widget": "playground", "values": {"code": f"raise {exc}"}}):
        response = check(request)
        assert response["ok"] is False


def test_handle_json_is_strict_json():
    # a NaN cell in the grid would have been sent as NaN, which JSON.parse refuses
    for kernel in ("nan 1 / 1 1", "1e308 1e308 / 1e308 1e308", [[1e308, 1e308]]):
        text = api.handle_json(json.dumps({"op": "conv_grid", "image": "1e308 1e308 / 1 1",
                                           "kernel": kernel}))
        json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the answer"))
