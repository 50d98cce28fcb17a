"""calculator.parse: lenient form strings -> Keras arguments, plain messages naming the field."""

import pytest
from hypothesis import given, strategies as st

from calculator import parse
from calculator.parse import ParseError


@pytest.mark.parametrize("text", ["128, 128, 3", "(128, 128, 3)", "[128,128,3]", " 128,128,3 ",
                                  "128 128 3", "(128, 128, 3,)"])
def test_shape_forms(text):
    assert parse.parse_shape(text, layer="Conv2D") == (128, 128, 3)


@pytest.mark.parametrize("text,expected", [
    ("3", 3), ("3, 3", (3, 3)), ("(2, 2)", (2, 2)), ("[5,1]", (5, 1)), ("(3,)", 3),
])
def test_size_forms(text, expected):
    assert parse.parse_size(text, "kernel_size", n=2) == expected


@pytest.mark.parametrize("text,expected", [
    ("same", "same"), ("Same", "same"), ("VALID", "valid"), (" 'same' ", "same"),
])
def test_choice(text, expected):
    assert parse.parse_choice(text, "padding", ("valid", "same")) == expected


@pytest.mark.parametrize("text,expected", [
    ("none", None), ("None", None), ("true", True), ("False", False), ("((1, 2), (3, 4))",
                                                                       ((1, 2), (3, 4))),
    ("0.5", 0.5), ("-1", -1), ("relu", "relu"), ("'relu'", "relu"), ("", None),
])
def test_value(text, expected):
    assert parse.parse_value(text) == expected


@pytest.mark.parametrize("text,expected", [("true", True), ("False", False), ("on", True),
                                           ("0", False), (True, True)])
def test_bool(text, expected):
    assert parse.parse_bool(text, "use_bias") is expected


def test_shape_message_names_field_layer_and_example():
    with pytest.raises(ParseError) as e:
        parse.parse_shape("128, 128", layer="Conv2D")
    assert e.value.field == "input_shape"
    assert str(e.value).startswith(
        "input_shape must be 3 positive integers for Conv2D, like 128, 128, 3")
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize("bad", ["abc", "128, x, 3", "0, 1, 2", "", "1.5, 2, 3", "True,1,1"])
def test_bad_shapes(bad):
    with pytest.raises(ParseError) as e:
        parse.parse_shape(bad, layer="Conv2D")
    assert e.value.field == "input_shape"
    assert "input_shape" in str(e.value)


@pytest.mark.parametrize("bad,field", [("x", "kernel_size"), ("0", "strides"),
                                       ("3, 3, 3", "kernel_size"), ("2.5", "dilation_rate")])
def test_bad_sizes(bad, field):
    with pytest.raises(ParseError) as e:
        parse.parse_size(bad, field, n=2)
    assert e.value.field == field and str(e.value).startswith(field)


def test_bad_choice_lists_options():
    with pytest.raises(ParseError) as e:
        parse.parse_choice("full", "padding", ("valid", "same"))
    assert "'valid' or 'same'" in str(e.value) and e.value.field == "padding"


def test_expected_rank():
    assert parse.expected_rank("Conv1D") == 2
    assert parse.expected_rank("MaxPooling2D") == 3
    assert parse.expected_rank("Conv3DTranspose") is None or parse.expected_rank(
        "Conv3DTranspose") == 4
    assert parse.expected_rank("Dense") is None


def test_parse_args_known_and_unknown():
    got = parse.parse_args({"filters": "32", "kernel-size": "3, 3", "strides": "(2, 2)",
                            "padding": "Same", "use_bias": "false", "activation": "relu",
                            "dilation_rate": "", "input_shape": "(28, 28, 1)"}, "Conv2D")
    assert got == {"filters": 32, "kernel_size": (3, 3), "strides": (2, 2), "padding": "same",
                   "use_bias": False, "activation": "relu", "input_shape": (28, 28, 1)}


def test_parse_args_zero_padding_tuple_and_target_shape():
    got = parse.parse_args({"padding": "((1, 2), (3, 4))", "target_shape": "7, 7, -1"},
                           "ZeroPadding2D")
    assert got == {"padding": ((1, 2), (3, 4)), "target_shape": (7, 7, -1)}


def test_parse_args_error_names_field():
    with pytest.raises(ParseError) as e:
        parse.parse_args({"filters": "many"}, "Conv2D")
    assert e.value.field == "filters"


def test_arg_name():
    assert parse.arg_name("kernel-size") == "kernel_size"
    assert parse.arg_name("kernelSize") == "kernel_size"
    assert parse.arg_name("input_shape") == "input_shape"


@given(st.lists(st.integers(1, 4096), min_size=1, max_size=4),
       st.sampled_from(["{}", "({})", "[{}]", " {} "]), st.sampled_from([", ", ",", " ,  "]))
def test_shape_roundtrip(dims, wrap, sep):
    text = wrap.format(sep.join(map(str, dims)))
    assert parse.parse_shape(text) == tuple(dims)


@given(st.text(max_size=30))
def test_never_anything_but_parse_error(text):
    try:
        parse.parse_shape(text, layer="Conv2D")
    except ParseError as e:
        assert e.field == "input_shape"
    try:
        parse.parse_size(text, "kernel_size", n=2)
    except ParseError as e:
        assert e.field == "kernel_size"


@pytest.mark.parametrize("text", ["(a,b", "((1,2)", "1,2)", "(1,(2,3)", "[1,2)", ")(", ",",
                                  "(((((((((((((((((((((((,"])
def test_unbalanced_brackets_do_not_recurse(text):
    parse.parse_value(text)  # a plain value, never a RecursionError
    with pytest.raises(ParseError):
        parse.parse_shape(text, layer="Conv2D")


@given(st.text(alphabet="()[],0123 ab", max_size=40))
def test_bracket_soup(text):
    try:
        parse.parse_shape(text)
    except ParseError:
        pass
    parse.parse_value(text)
