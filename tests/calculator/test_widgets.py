"""calculator.widgets: contract 4 — fields, render(values) -> {ok, html, errors}, never raises."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from calculator import widgets
from calculator.widgets import Field, conv2d, padding, playground, solver

MINE = ("conv2d", "padding", "solver", "playground")


def test_registry_and_specs():
    for name in MINE:
        sp = widgets.spec(name)
        assert sp["fields"] and sp["name"] == name
        for f in sp["fields"]:
            assert f["kind"] in widgets.KINDS
    assert widgets.spec("playground")["live"] is False
    assert widgets.spec("playground")["button"] == "Run"
    assert widgets.spec("conv2d")["live"] is True


def test_conv2d_fields_are_labelled_with_keras_arguments():
    fields = widgets.fields("conv2d")
    for name in ("filters", "kernel_size", "strides", "padding", "dilation_rate",
                 "input_shape", "data_format"):
        assert fields[name].label == name
    assert fields["padding"].kind == "select" and fields["padding"].options == ["valid", "same"]
    assert fields["data_format"].kind == "select"
    defaults = {k: f.default for k, f in fields.items()}
    assert defaults["filters"] == "32" and defaults["kernel_size"] == "3"
    assert defaults["strides"] == "2" and defaults["padding"] == "same"
    assert defaults["input_shape"] == "128, 128, 3"


def test_conv2d_defaults_render():
    r = widgets.render("conv2d", {})
    assert r["ok"] is True and r["errors"] == {}
    h = r["html"]
    assert "(None, 64, 64, 32)" in h
    assert ">896<" in h
    # the Keras line to copy, escaped, in <pre><code>
    assert re.search(r"<pre[^>]*><code[^>]*>Conv2D\(filters=32, kernel_size=3, strides=2, "
                     r"padding=&#x27;same&#x27;, input_shape=\(128, 128, 3\)\)</code></pre>", h)
    # math as pymdownx.arithmatex (generic) writes it
    assert '<div class="arithmatex">\\[' in h and '\\]</div>' in h
    assert "\\left\\lceil \\frac{128}{2} \\right\\rceil = 64" in h


def test_conv2d_accepts_tuple_input_shape():
    r = widgets.render("conv2d", {"input_shape": "(128, 128, 3)"})
    assert r["ok"] and "(None, 64, 64, 32)" in r["html"]


def test_conv2d_unknown_size_says_unknown():
    # (None, None, 3): the weights are known (3*3*3*32 + 32 = 896), the MACs and output bytes
    # are not (864 MACs / 128 B came from counting each None as 1)
    r = widgets.render("conv2d", {"input_shape": "None, None, 3"})
    assert r["ok"] and "(None, None, None, 32)" in r["html"]
    facts = re.search(r'<ul class="cd-result__facts">(.*?)</ul>', r["html"]).group(1)
    assert "per image: unknown" in facts and "(float32): unknown" in facts
    assert "864" not in facts and "128.00 B" not in facts
    assert "Weight memory (float32): 3.50 KB" in facts


def test_conv2d_other_values():
    # valid, stride 1: 28 - 5 + 1 = 24; params 5*5*1*6 + 6 = 156
    r = widgets.render("conv2d", {"filters": "6", "kernel_size": "5", "strides": "1",
                                  "padding": "valid", "input_shape": "28, 28, 1"})
    assert r["ok"] and "(None, 24, 24, 6)" in r["html"] and ">156<" in r["html"]


@pytest.mark.parametrize("values,field", [
    ({"kernel_size": "7", "padding": "valid", "input_shape": "5, 5, 3"}, "kernel_size"),
    ({"input_shape": "128, 128"}, "input_shape"),
    ({"filters": "0"}, "filters"),
    ({"strides": "two"}, "strides"),
    ({"dilation_rate": "2"}, "strides"),      # Keras: strides > 1 with dilation > 1
    ({"padding": "full"}, "padding"),
    ({"data_format": "channels_middle"}, "data_format"),
])
def test_conv2d_invalid_values(values, field):
    r = widgets.render("conv2d", values)
    assert r["ok"] is False and field in r["errors"] and r["errors"][field]
    assert "cd-note" in r["html"]
    assert "Traceback" not in r["html"]


def test_conv2d_kernel_too_large_message():
    r = widgets.render("conv2d", {"kernel_size": "7", "padding": "valid", "strides": "1",
                                  "input_shape": "5, 5, 3"})
    assert "kernel_size 7" in r["errors"]["kernel_size"]
    assert "only 5" in r["errors"]["kernel_size"]


def test_conv2d_several_bad_fields_at_once():
    r = widgets.render("conv2d", {"filters": "x", "kernel_size": "y", "input_shape": "z"})
    assert set(r["errors"]) == {"filters", "kernel_size", "input_shape"}


def test_html_is_escaped():
    r = widgets.render("conv2d", {"padding": "<script>alert(1)</script>"})
    assert r["ok"] is False and "<script>" not in r["html"] and "&lt;script&gt;" in r["html"]
    r = widgets.render("playground", {"code": "print('<b>&</b>')"})
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in r["html"] and "<b>" not in r["html"]


def test_padding_widget_same_split():
    # n=6, F=4, S=1: P = (6-1) + 4 - 6 = 3 -> 1 left, 2 right
    r = widgets.render("padding", {"input_size": "6", "kernel_size": "4", "strides": "1",
                                   "padding": "same"})
    assert r["ok"]
    assert "1 left and 2 right" in r["html"] and "extra pixel goes to the right" in r["html"]
    assert "<svg" in r["html"] and r["html"].count('class="cd-svg__window"') == 6
    assert r["html"].count('class="cd-svg__pad"') == 3


def test_padding_widget_one_pixel_window_reads_in_the_singular():
    r = widgets.render("padding", {"input_size": "5", "kernel_size": "1", "strides": "2",
                                   "padding": "valid"})
    assert r["ok"] and "The window spans 1 pixel and" in r["html"]
    assert "1 pixels" not in r["html"]


def test_padding_widget_valid_drop():
    # floor((8 - 3) / 2) + 1 = 3; windows at 0, 2, 4 cover 0..6; pixel 7 dropped
    r = widgets.render("padding", {"input_size": "8", "kernel_size": "3", "strides": "2",
                                   "padding": "valid"})
    assert r["ok"] and 'data-result="output_length">3<' in r["html"]
    assert r["html"].count('class="cd-svg__dropped"') == 1


def test_padding_widget_errors():
    r = widgets.render("padding", {"input_size": "5", "kernel_size": "7", "padding": "valid"})
    assert r["ok"] is False and "kernel_size" in r["errors"]
    r = widgets.render("padding", {"strides": "2", "dilation_rate": "2"})
    assert r["ok"] is False and "strides" in r["errors"]
    r = widgets.render("padding", {"input_size": "abc"})
    assert "input_size" in r["errors"]


def test_padding_widget_large_input_no_svg():
    r = widgets.render("padding", {"input_size": "224", "kernel_size": "3", "strides": "2"})
    assert r["ok"] and "<svg" not in r["html"] and 'output_length">112<' in r["html"]


def test_solver_widget():
    r = widgets.render("solver", {})
    assert r["ok"] and "13 settings turn 128 into 64" in r["html"]
    assert "Conv2D(filters=..., kernel_size=3, strides=2, padding=&#x27;same&#x27;)" in r["html"]
    r = widgets.render("solver", {"output_size": "50"})
    assert r["ok"] and "ceil(128 / S)" in r["html"]
    r = widgets.render("solver", {"kernel_size": "11-1"})
    assert r["ok"] is False and "kernel_size" in r["errors"]
    assert solver.parse_range("1..5", "x", 11) == (1, 5)
    assert solver.parse_range("3", "x", 11) == (3, 3)


def test_playground_runs_and_reports_errors():
    ok = widgets.render("playground", {"code": "import keras\nm = keras.Sequential([keras.Input("
                                               "(4,)), keras.layers.Dense(2)])\nm.summary()\n"})
    assert ok["ok"] and "dense (Dense)" in ok["html"] and "<pre" in ok["html"]
    bad = widgets.render("playground", {"code": "import keras\n\nkeras.layers.Conv2D(8, 3, "
                                                "padding='full')\n"})
    assert bad["ok"] is False
    assert "ValueError on line 3" in bad["html"] and "Traceback" not in bad["html"]
    assert bad["errors"]["code"].startswith("line 3: ValueError")
    assert widgets.render("playground", {"code": "  "})["ok"] is False


def test_unknown_and_missing_widgets_are_calm():
    r = widgets.render("no-such-widget", {})
    assert r["ok"] is False and "cd-note" in r["html"]


def test_field_validation():
    with pytest.raises(ValueError):
        Field("x", "x", "slider")
    with pytest.raises(ValueError):
        Field("x", "x", "select")
    assert Field("a", "a", "text", "1").to_dict()["default"] == "1"


def test_math_helpers_escape():
    assert widgets.math_inline("a<b") == '<span class="arithmatex">\\(a&lt;b\\)</span>'
    assert widgets.math_block("x") == '<div class="arithmatex">\\[x\\]</div>'


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(["conv2d", "padding", "solver"]),
       values=st.dictionaries(
           st.sampled_from(["filters", "kernel_size", "strides", "padding", "dilation_rate",
                            "input_shape", "data_format", "use_bias", "input_size",
                            "output_size", "layer"]),
           st.one_of(st.text(max_size=10), st.sampled_from(["3", "2, 2", "same", "valid",
                                                            "0", "-1", "(1,1,1)", "99999"])),
           max_size=5))
def test_render_never_raises(name, values):
    r = widgets.render(name, values)
    assert set(r) >= {"ok", "html", "errors"} and isinstance(r["html"], str)
    assert r["ok"] == (not r["errors"])
    assert "<script" not in r["html"].lower()


def test_modules_expose_contract():
    for mod in (conv2d, padding, solver, playground):
        assert isinstance(mod.FIELDS, list) and callable(mod.render)
        assert isinstance(mod.LIVE, bool)


def test_padding_widget_huge_input_is_cheap():
    # ceil(10**9 / 2) = 500,000,000 windows: computed, never listed
    r = widgets.render("padding", {"input_size": str(10 ** 9), "kernel_size": "3",
                                   "strides": "2", "padding": "same"})
    assert r["ok"] and 'output_length">500000000<' in r["html"]


def test_padding_windows_match_shapes_rule():
    from calculator import shapes
    for n, k, s, p, d in [(7, 3, 2, "same", 1), (8, 3, 2, "valid", 1), (10, 3, 1, "same", 2),
                          (6, 4, 1, "same", 1), (5, 2, 3, "valid", 1)]:
        r = widgets.render("padding", {"input_size": str(n), "kernel_size": str(k),
                                       "strides": str(s), "padding": p,
                                       "dilation_rate": str(d)})
        assert r["html"].count('class="cd-svg__window"') == len(
            shapes.window_starts(n, k, s, p, d))


def test_playground_table_option():
    code = ("import keras\nm = keras.Sequential([keras.Input((28, 28, 1)), "
            "keras.layers.Conv2D(6, 5)])\nm.summary()\n")
    # conv 24*24*25*1*6 = 86,400 MACs; 5*5*1*6 + 6 = 156 params
    r = widgets.render("playground", {"code": code}, {"table": True, "style": "keras3"})
    assert r["ok"] and 'class="cd-layer-table"' in r["html"]
    assert "<td>156</td><td>86,400</td>" in r["html"]
    r = widgets.render("playground", {"code": code, "style": "keras2"})
    assert "=====" in r["html"] and "cd-layer-table" not in r["html"]
