"""calculator.api: contract 2 — one JSON entry point that never raises."""

import json
import sys

import pytest
from hypothesis import given, settings, strategies as st

from calculator import api

CONV = {"op": "layer", "layer": "Conv2D", "input_shape": "128, 128, 3",
        "args": {"filters": "32", "kernel_size": "3", "strides": "2", "padding": "same"}}


def test_layer_op_lesson_example():
    r = api.handle(CONV)
    assert r["ok"] is True
    assert r["output_shape"] == [None, 64, 64, 32]
    assert r["output_shape_text"] == "(None, 64, 64, 32)"
    # 3*3*3*32 + 32
    assert (r["params"], r["trainable"], r["non_trainable"]) == (896, 896, 0)
    assert [(w["shape"], w["size"], w["trainable"]) for w in r["weights"]] == [
        ([3, 3, 3, 32], 864, True), ([32], 32, True)]
    assert r["keras_code"] == ("Conv2D(filters=32, kernel_size=3, strides=2, padding='same', "
                               "input_shape=(128, 128, 3))")
    assert r["derivation"]["result"] == "(None, 64, 64, 32), 896 parameters"
    assert all(set(s) == {"title", "latex", "text"} for s in r["derivation"]["steps"])
    # 64*64*3*3*3*32 MACs; 64*64*32*4 bytes; 896*4 bytes
    assert r["stats"] == {"macs": 3538944, "activation_bytes": 524288, "param_bytes": 3584}


@pytest.mark.parametrize("shape", ["(128, 128, 3)", [128, 128, 3], "[128,128,3]"])
def test_layer_input_shape_forms(shape):
    assert api.handle({**CONV, "input_shape": shape})["output_shape_text"] == "(None, 64, 64, 32)"


def test_layer_args_as_python_values():
    r = api.handle({"op": "layer", "layer": "Conv2D", "input_shape": [28, 28, 1],
                    "args": {"filters": 6, "kernel_size": [5, 5], "use_bias": False}})
    assert r["output_shape_text"] == "(None, 24, 24, 6)" and r["params"] == 150
    assert "use_bias=False" in r["keras_code"]


def test_batchnorm_split():
    r = api.handle({"op": "layer", "layer": "BatchNormalization", "input_shape": "8, 8, 64"})
    assert (r["params"], r["trainable"], r["non_trainable"]) == (256, 128, 128)


def test_merge_layer_with_two_shapes():
    r = api.handle({"op": "layer", "layer": "Concatenate",
                    "input_shape": [[8, 8, 16], [8, 8, 32]]})
    assert r["ok"] and r["output_shape_text"] == "(None, 8, 8, 48)"


@pytest.mark.parametrize("req,field", [
    ({**CONV, "args": {**CONV["args"], "kernel_size": "7", "padding": "valid"},
      "input_shape": "5, 5, 3"}, "kernel_size"),
    ({**CONV, "input_shape": "128, 128"}, "input_shape"),
    ({**CONV, "args": {**CONV["args"], "filters": "lots"}}, "filters"),
    ({**CONV, "args": {**CONV["args"], "padding": "full"}}, "padding"),
    ({**CONV, "args": {**CONV["args"], "dilation_rate": "2"}}, "strides"),
    ({**CONV, "layer": "Conv2d"}, "layer"),
    ({**CONV, "input_shape": None}, "input_shape"),
])
def test_layer_errors_are_data_with_field(req, field):
    r = api.handle(req)
    assert r["ok"] is False
    assert r["error"]["field"] == field
    assert r["error"]["type"] == "ValueError"
    assert r["error"]["message"]


def test_unknown_layer_suggests():
    r = api.handle({**CONV, "layer": "Conv2d"})
    assert "Did you mean Conv2D?" in r["error"]["message"]


def test_run_op():
    code = ("from keras.models import Sequential\nfrom keras.layers import Conv2D\n"
            "model = Sequential()\n"
            "model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid',\n"
            "                 activation='relu', input_shape=(200, 200, 1)))\n"
            "model.summary()\n")
    r = api.handle({"op": "run", "code": code})
    assert r["ok"] and "conv2d (Conv2D)" in r["stdout"] and "(None, 100, 100, 16)" in r["stdout"]
    (m,) = r["models"]
    # 2*2*1*16 + 16 = 80
    assert m["total"] == 80 and m["layers"][0]["output_shape_text"] == "(None, 100, 100, 16)"
    assert "Total params: 80" in m["summary"]
    r2 = api.handle({"op": "run", "code": code, "style": "keras2"})
    assert "=====" in r2["stdout"]


def test_run_error_has_line_and_keeps_output():
    code = "print('hello')\nimport keras\nkeras.layers.Dense(units=-1)\n"
    r = api.handle({"op": "run", "code": code})
    assert r["ok"] is False and r["stdout"] == "hello\n"
    assert r["error"]["type"] == "ValueError" and r["error"]["line"] == 3
    assert "Traceback" not in r["error"]["message"]


def test_run_syntax_error():
    r = api.handle({"op": "run", "code": "x = (\n"})
    assert r["error"]["type"] == "SyntaxError" and r["error"]["line"] == 1


def test_model_op():
    r = api.handle({"op": "model", "name": "vgg16"})
    assert r["ok"] and r["total"] == 138357544 and r["name"] == "vgg16"
    assert r["layers"][-1]["output_shape_text"] == "(None, 1000)"
    assert "Total params: 138,357,544" in r["summary"]
    assert r["stats"]["macs"] == 15470264320


def test_model_op_args_and_errors():
    r = api.handle({"op": "model", "name": "resnet50",
                    "args": {"include_top": "false", "input_shape": "96, 96, 3"}})
    assert r["ok"] and r["output_shape_text"] == "(None, 3, 3, 2048)"
    r = api.handle({"op": "model", "name": "nosuchnet"})
    assert r["ok"] is False and r["error"]["message"]


def test_solve_op():
    r = api.handle({"op": "solve", "input_size": 128, "output_size": 64})
    assert r["ok"] and r["count"] == 13
    assert all(set(s) >= {"kernel_size", "strides", "padding", "dilation_rate", "derivation"}
               for s in r["solutions"])
    r = api.handle({"op": "solve", "input_size": "128", "output_size": "50"})
    assert r["ok"] and r["solutions"] == [] and "ceil(128 / S)" in r["explanation"]
    r = api.handle({"op": "solve", "input_size": "x", "output_size": 4})
    assert r["ok"] is False and r["error"]["field"] == "input_size"


def test_widget_op():
    r = api.handle({"op": "widget", "widget": "conv2d", "values": {}, "options": {}})
    assert r["ok"] and "(None, 64, 64, 32)" in r["html"] and r["errors"] == {}
    r = api.handle({"op": "widget", "widget": "conv2d", "values": {"input_shape": "5, 5"}})
    assert r["ok"] is False and "input_shape" in r["errors"]
    assert r["error"]["field"] == "input_shape"
    r = api.handle({"op": "widget", "widget": "nope"})
    assert r["ok"] is False


def test_conv_grid_slot_and_quiz_dispatch():
    assert "conv_grid" in api.OPS
    r = api.handle({"op": "quiz.nonexistent"})
    assert "ok" in r  # answered (by calculator.quiz, or "not available"), never raised


def test_unknown_op_and_bad_requests():
    for req in [{}, {"op": "fly"}, None, [], "layer", {"op": 3}, {"op": "layer"}]:
        r = api.handle(req)
        assert r["ok"] is False and r["error"]["message"]


def test_handle_json_roundtrip():
    out = json.loads(api.handle_json(json.dumps(CONV)))
    assert out["ok"] and out["params"] == 896
    bad = json.loads(api.handle_json("{not json"))
    assert bad["ok"] is False and "JSON" in bad["error"]["message"]


def test_ops_listing_and_register():
    r = api.handle({"op": "ops"})
    assert {"layer", "run", "model", "solve", "conv_grid", "widget"} <= set(r["ops"])
    api.register("echo_test", "calculator.api:op_ops")
    try:
        assert api.handle({"op": "echo_test"})["ok"]
    finally:
        api.OPS.pop("echo_test")


def test_infer_field():
    assert api.infer_field("The `kernel_size` argument must be a tuple") == "kernel_size"
    assert api.infer_field("Received: strides=(2, 2)") == "strides"
    assert api.infer_field("nothing here") is None


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(["op", "layer", "args", "input_shape", "code",
                                        "input_size", "output_size", "name", "widget",
                                        "values"]),
                       st.one_of(st.none(), st.integers(-5, 300), st.text(max_size=12),
                                 st.lists(st.integers(-2, 40), max_size=4),
                                 st.sampled_from(["layer", "solve", "widget", "Conv2D",
                                                  "Dense", "conv2d", "padding", "3, 3"])),
                       max_size=6))
def test_never_raises(req):
    r = api.handle(req)
    assert isinstance(r, dict) and isinstance(r["ok"], bool)
    if not r["ok"]:
        assert set(r["error"]) >= {"type", "message", "field"}
    json.dumps(r, default=str)


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocess in Pyodide")
def test_import_is_cheap():
    import subprocess
    code = ("import time; t = time.perf_counter(); import calculator, calculator.api; "
            "print(time.perf_counter() - t)")
    best = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, check=True).stdout) for _ in range(3))
    assert best < 0.05


def test_run_with_unbuilt_model_still_described():
    # Keras prints "0 (unbuilt)" for a Sequential without an input; the run op keeps the model
    r = api.handle({"op": "run", "code": "import keras\nm = keras.Sequential()\n"
                                         "m.add(keras.layers.Dense(3))\nm.summary()\n"})
    assert r["ok"] and r["models"][0]["total"] == 0
    assert r["models"][0]["layers"][0]["output_shape_text"] == "?"
