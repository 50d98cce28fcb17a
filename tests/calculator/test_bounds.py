"""Stated bounds (issue 10, point 2): every field refuses what would freeze the page, with a
message next to the field naming the rule and the numbers; big integers stay exact."""

from __future__ import annotations

import pytest

from calculator import api, parse, widgets
from calculator.quiz import Question, grade


def _field_error(widget, values, field):
    r = widgets.render(widget, values)
    assert r["ok"] is False and field in r["errors"], r["errors"]
    return r["errors"][field]


def test_padding_explorer_kernel_of_twenty_million_is_refused_at_the_field():
    # took 26 s and 400 MB of HTML before
    msg = _field_error("padding", {"kernel_size": "20000000"}, "kernel_size")
    assert msg == "kernel_size must be at most 1,000 here; got 20,000,000"


@pytest.mark.parametrize("field,limit", [("strides", widgets.MAX_WINDOW),
                                         ("dilation_rate", widgets.MAX_WINDOW),
                                         ("input_size", widgets.MAX_SIDE)])
def test_padding_explorer_bounds(field, limit):
    base = {"strides": "1"} if field == "dilation_rate" else {}  # Keras: not both above 1
    assert widgets.render("padding", {**base, field: str(limit)})["ok"]
    msg = _field_error("padding", {**base, field: str(limit + 1)}, field)
    assert f"at most {limit:,}" in msg and f"{limit + 1:,}" in msg


def test_conv_grid_kernel_200_by_200_is_refused():
    # sent 27 MB and blocked the page 10 s before
    kernel = " / ".join([" ".join(["1"] * 200)] * 200)
    assert "at most 2,000" in _field_error("conv-grid", {"kernel": kernel}, "kernel")
    r = api.handle({"op": "conv_grid", "image": [[1] * 20] * 20, "kernel": [[1] * 200] * 200})
    assert r["ok"] is False and r["error"]["field"] == "kernel"
    assert "at most 400 values" in r["error"]["message"]


def test_conv_grid_kernel_side_and_values_are_bounded():
    kernel = " / ".join([" ".join(["1"] * 12)] * 12)
    assert "at most 11 × 11" in _field_error("conv-grid", {"image": "1 " * 20, "kernel": kernel},
                                            "kernel")
    assert "between -1,000,000 and 1,000,000" in _field_error(
        "conv-grid", {"kernel": "nan 1 / 1 1"}, "kernel")


def test_1e200_in_input_shape_is_a_message_not_overflow():
    msg = _field_error("conv2d", {"input_shape": "1e200, 3, 3"}, "input_shape")
    assert "201 digits" in msg and "Overflow" not in msg


def test_1e30_never_goes_through_a_float():
    # 1e30 became 500000000000000009942312419328 through a float before
    assert parse.parse_int("1e30", "n", maximum=10**31) == 10**30
    assert parse.parse_shape("2.5e1, 1e2", maximum=10**31) == (25, 100)
    msg = _field_error("conv2d", {"input_shape": "1e30, 3, 3"}, "input_shape")
    assert msg == ("input_shape must be at most 1,000,000,000 here; "
                   "got 1,000,000,000,000,000,000,000,000,000,000")


def test_large_shapes_stay_exact_through_the_api():
    # Keras accepts large dims; the shape rule stays exact: valid, kernel 3 -> n - 2
    n = 10**18
    r = api.handle({"op": "layer", "layer": "Conv2D", "input_shape": f"{n}, 5, 1",
                    "args": {"filters": "1", "kernel_size": "3"}})
    assert r["ok"] and r["output_shape"] == [None, n - 2, 3, 1]
    r = api.handle({"op": "layer", "layer": "Conv2D", "input_shape": "1e30, 5, 1",
                    "args": {"filters": "1", "kernel_size": "3"}})
    assert not r["ok"] and r["error"]["field"] == "input_shape"
    assert f"at most {parse.MAX_INT:,}" in r["error"]["message"]


def test_floats_beyond_2_53_are_refused_not_rounded():
    with pytest.raises(ValueError, match="too large to be exact"):
        parse.parse_int(1e20, "filters")


def test_4300_digit_numbers_are_refused_before_int():
    r = api.handle({"op": "layer", "layer": "Conv2D", "input_shape": "8, 8, 3",
                    "args": {"filters": "9" * 4300, "kernel_size": "3"}})
    assert not r["ok"] and r["error"]["field"] == "filters"
    assert "4,300 digits" in r["error"]["message"] and "limit" not in r["error"]["message"]


def test_4300_digit_practice_answer_gets_a_plain_message():
    q = Question(text="How many parameters?", kind="params",
                 code="from keras.models import Sequential\nfrom keras.layers import Dense\n"
                      "model = Sequential([Dense(2, input_shape=(3,))])")
    r = grade(q, "9" * 4300)
    assert r["correct"] is False
    assert r["message"] == "That number has 4,300 digits; answers here have at most 40."


def test_every_field_value_has_a_length_bound():
    assert "at most 2,000" in _field_error("conv2d", {"kernel_size": "3" * 2001}, "kernel_size")
    code = "#" * (widgets.MAX_CODE + 1)
    assert "at most 100,000" in _field_error("playground", {"code": code}, "code")


@pytest.mark.parametrize("kw,field,words", [
    ({"kernel": [1, 100_000_000]}, "kernel", "at most 1,000"),
    ({"kernel": [1, 1000], "stride": [1, 1000]}, "kernel", "at most 100,000 are searched"),
    ({"kernel": [1, 2, 3]}, "kernel", "two numbers"),
])
def test_solver_ranges_have_upper_bounds(kw, field, words):
    r = api.handle({"op": "solve", "input_size": 128, "output_size": 64, **kw})
    assert r["ok"] is False and r["error"]["field"] == field and words in r["error"]["message"]


def test_solver_widest_allowed_search_answers():
    r = api.handle({"op": "solve", "input_size": 10**9, "output_size": 10**9 - 5,
                    "kernel": [1, 1000], "stride": [1, 50], "dilation": [1, 1]})
    assert r["ok"] and [s["kernel_size"] for s in r["solutions"] if s["padding"] == "valid"] == [6]


@pytest.mark.parametrize("values", [
    {"kernel_size": "1000", "input_size": "1063", "strides": "1", "padding": "valid"},
    {"kernel_size": "1000", "input_size": "1000000000", "strides": "1", "padding": "same"},
    {"kernel_size": "1000", "dilation_rate": "1000", "input_size": "1000000000",
     "strides": "1", "padding": "same"},
])
def test_padding_explorer_figure_stays_small_at_the_bounds(values):
    # 64 windows of 1,000 pixels each were listed in full; long windows are listed by their ends
    r = widgets.render("padding", values)
    assert r["ok"] and len(r["html"]) < 50_000
