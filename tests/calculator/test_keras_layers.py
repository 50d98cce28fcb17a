"""Every layer, held to real Keras 3.

The golden data in ``tests/fixtures/layers/*.json`` was recorded from real Keras
3 (torch backend) by ``tests/fixtures/generate_layer_fixtures.py``: each case is
``x = keras.Input(shape=S); layer = keras.layers.X(**kwargs); y = layer(x)``.
Here the same case is built with ``calculator.keras`` and compared: output
shape, parameter count, trainable / non-trainable split and weight shapes; for
the cases where Keras raises, the same exception type at the same stage
(``input``, ``init`` or ``call``), with a plain message that names at least one
of the offending values.

Pure stdlib + pytest (this suite also runs inside Pyodide). Keras is never
imported.
"""

from __future__ import annotations

import json
import os
import re

import pytest

FIXTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures", "layers")
MERGE_LAYERS = {"Add", "Multiply", "Concatenate", "Subtract", "Average", "Maximum", "Minimum", "Dot"}


def load_cases():
    cases = []
    for fname in sorted(os.listdir(FIXTURE_DIR)):
        if not fname.endswith(".json"):
            continue
        with open(os.path.join(FIXTURE_DIR, fname), encoding="utf-8") as f:
            cases.extend(json.load(f).get("cases", []))  # stacks.json / graphs.json: other tests
    return cases


CASES = load_cases()


def tuplify(v):
    """JSON lists back to the tuples the generator passed to Keras."""
    if isinstance(v, list):
        return tuple(tuplify(x) for x in v)
    if isinstance(v, dict):
        return {k: tuplify(x) for k, x in v.items()}
    return v


def size_of(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


def build(case):
    """Build ``case`` with the calculator.

    Returns ``("ok", layer, output_tensor)`` or ``("error", stage, exception)``.
    """
    from calculator.keras import Input, layers

    name = case["layer"]
    kwargs = tuplify(case["kwargs"])
    stage = "input"
    try:
        if name == "Input":
            y = Input(**kwargs)
            return "ok", None, y
        if name == "InputLayer":
            stage = "init"
            layer = layers.InputLayer(**kwargs)
            return "ok", layer, layer.output
        if name in MERGE_LAYERS:
            x = [Input(shape=tuplify(s)) for s in case["input_shape"]]
        else:
            x = Input(shape=tuplify(case["input_shape"]))
        stage = "init"
        layer = getattr(layers, name)(**kwargs)
        stage = "call"
        y = layer(x)
    except Exception as e:  # noqa: BLE001 - compared with what Keras raised
        return "error", stage, e
    return "ok", layer, y


def describe(case):
    shapes = case["input_shape"]
    return f"keras.layers.{case['layer']}(**{case['kwargs']}) on input shape {shapes}"


# --------------------------------------------------------------------------- offending values


def _collect(v, nums, strs):
    if v is None:  # an undefined dimension: "None" names it
        strs.add("None")
        return
    if isinstance(v, bool):
        return
    if isinstance(v, int):
        nums.add(str(v))
        nums.add(str(abs(v)))
    elif isinstance(v, float):
        nums.add(repr(v))
        nums.add(f"{v:g}")
        if v == int(v):
            nums.add(str(int(v)))
    elif isinstance(v, str):
        strs.add(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            _collect(x, nums, strs)
    elif isinstance(v, dict):
        for x in v.values():
            _collect(x, nums, strs)


NUM_RE = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def offending_tokens(case):
    """Values a helpful message could name: the numbers and strings of the
    arguments and input shape, the numbers and quoted names in Keras's message."""
    nums, strs = set(), set()
    _collect(case["kwargs"], nums, strs)
    _collect(case["input_shape"], nums, strs)
    keras_msg = case.get("error_message", "")
    nums.update(m.lstrip("-") for m in NUM_RE.findall(keras_msg))
    strs.update(re.findall(r"'([A-Za-z_][A-Za-z0-9_]*)'", keras_msg))
    return nums, strs


def message_names_offender(message, case):
    nums, strs = offending_tokens(case)
    found = {m.lstrip("-") for m in NUM_RE.findall(message)} | set(NUM_RE.findall(message))
    if found & nums:
        return True
    return any(s and s in message for s in strs)


# --------------------------------------------------------------------------- tests


def accepted_types(case):
    """Exception type names that match Keras for this case.

    Where Keras crashes internally (an ``IndexError`` from a tuple lookup, a
    ``ZeroDivisionError`` from a zero stride, a ``TypeError`` from arithmetic on
    ``None``) the calculator may instead raise the learner-readable ``ValueError``."""
    t = case["error_type"]
    if t in ("IndexError", "ZeroDivisionError") or (t == "TypeError" and "unsupported operand" in case["error_message"]):
        return {t, "ValueError"}
    return {t}


def expected_result(case):
    return {
        "output_shape": case["output_shape"],
        "params": case["params"],
        "trainable": case["trainable"],
        "non_trainable": case["non_trainable"],
        "weights": case["weights"],
    }


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_layer_matches_keras(case):
    kind, a, b = build(case)
    if "error_type" in case:
        if kind == "ok":
            pytest.fail(
                f"{describe(case)}: Keras raises {case['error_type']} at {case['error_stage']} "
                f"({case['error_message']!r}); the calculator returned shape {tuple(b.shape)}"
            )
        stage, exc = a, b
        raised = {k.__name__ for k in type(exc).__mro__}  # a subclass of Keras's type is fine
        assert accepted_types(case) & raised and stage == case["error_stage"], (
                f"{describe(case)}: Keras raises {case['error_type']} at {case['error_stage']} "
                f"({case['error_message']!r}); the calculator raised {type(exc).__name__} at {stage}: {exc}"
            )
        message = str(exc).strip()
        assert message, f"{describe(case)}: empty error message"
        assert "Traceback" not in message and len(message) < 2000, message
        assert message_names_offender(message, case), (
            f"{describe(case)}: the message names none of the offending values: {message!r} "
            f"(Keras says: {case['error_message']!r})"
        )
        return

    if kind == "error":
        stage, exc = a, b
        pytest.fail(
            f"{describe(case)}: Keras gives {tuple(case['output_shape'])}; the calculator raised "
            f"{type(exc).__name__} at {stage}: {exc}"
        )
    layer, y = a, b
    if layer is None:  # keras.Input: only the shape
        assert list(y.shape) == case["output_shape"]
        return
    got = {
        "output_shape": list(y.shape),
        "params": layer.count_params(),
        "trainable": sum(size_of(w.shape) for w in layer.trainable_weights),
        "non_trainable": sum(size_of(w.shape) for w in layer.non_trainable_weights),
        "weights": [[w.name, [int(d) for d in w.shape], bool(w.trainable)] for w in layer.weights],
    }
    assert got == expected_result(case), describe(case)


def test_fixtures_present():
    """The fixture files exist and cover every layer the calculator must implement."""
    names = {c["layer"] for c in CASES}
    wanted = {
        "Input", "InputLayer", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
        "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D",
        "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
        "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "Flatten", "Dense",
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "Activation", "ReLU",
        "LeakyReLU", "PReLU", "Softmax", "BatchNormalization", "LayerNormalization", "ZeroPadding1D",
        "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D",
        "UpSampling2D", "UpSampling3D", "Reshape", "Permute", "Add", "Multiply", "Concatenate", "Rescaling",
        "Normalization", "RandomFlip", "RandomRotation", "RandomZoom", "RandomCrop", "Resizing", "CenterCrop",
    }
    assert wanted <= names, sorted(wanted - names)
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_activations_get_returns_the_function_keras_returns():
    """Geron's ResidualUnit stores ``keras.activations.get("relu")`` and calls it on a tensor:
    a name gives the function, None gives linear, an unknown name raises Keras's ValueError."""
    from calculator.keras import activations
    assert activations.get("relu") is activations.relu
    assert activations.get(None) is activations.linear
    assert activations.get(activations.tanh) is activations.tanh
    with pytest.raises(ValueError, match="Could not interpret activation function identifier: nope"):
        activations.get("nope")
    from calculator.runner import run_script
    out = run_script("import keras\nf = keras.activations.get('relu')\n"
                     "print(f.__name__, f(keras.Input((3,))).shape)\n").stdout
    assert out == "relu (None, 3)\n"
