"""Whole models (Sequential and functional), held to real Keras 3.

``tests/fixtures/layers/stacks.json`` holds small CNNs (conv / pool / batch-norm /
dropout / flatten / dense) recorded from real Keras 3 by
``tests/fixtures/generate_layer_fixtures.py``, built in three learner styles:

- ``input``: ``model = Sequential(); model.add(Input(shape=S)); model.add(...)``
- ``input_shape``: ``model = Sequential(); model.add(Conv2D(..., input_shape=S)); ...``
- ``list``: ``Sequential([Input(shape=S), Conv2D(...), ...])``

Some models then freeze layers (``model.layers[i].trainable = False``).
For each valid model: per-layer output shapes and parameter counts, the model's
output shape and totals, layer names (after ``clear_session()``) and the
``model.summary()`` text.  For each invalid one: the failing layer's index, the
stage (``init``: constructing the layer, ``add``: adding it) and the exception type.

``graphs.json`` holds functional models (see the section at the end of this file).

Pure stdlib + pytest (this suite also runs inside Pyodide).  Keras is never imported.
"""

from __future__ import annotations

import json
import os

import pytest

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures", "layers",
                       "stacks.json")

with open(FIXTURE, encoding="utf-8") as _f:
    STACKS = json.load(_f)["stacks"]
VALID = [s for s in STACKS if "error" not in s]
INVALID = [s for s in STACKS if "error" in s]


def tuplify(v):
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


def summary_text(model, **kwargs):
    """What ``model.summary(print_fn=...)`` prints, as one string."""
    lines = []
    model.summary(print_fn=lambda s, *a, **k: lines.append(s), **kwargs)
    return "\n".join(lines)


def totals(model, output_shape):
    """The model-level figures the fixtures record."""
    return {
        "output_shape": output_shape,
        "total": model.count_params(),
        "trainable": sum(size_of(w.shape) for w in model.trainable_weights),
        "non_trainable": sum(size_of(w.shape) for w in model.non_trainable_weights),
    }


WANT_TOTALS = ("output_shape", "total", "trainable", "non_trainable")


def clear_session():
    try:
        from calculator.keras import backend
        backend.clear_session()
    except (ImportError, AttributeError):
        from calculator.core import clear_session as cs
        cs()


def freeze(model, spec):
    """``model.layers[i].trainable = False`` for the layers the fixture froze."""
    for i in spec.get("freeze", []):
        model.layers[i].trainable = False


def build(spec):
    """Build ``spec`` with the calculator: ``(model, None)`` or ``(None, failure)``."""
    from calculator.keras import Input, layers
    from calculator.keras.models import Sequential

    clear_session()
    shape = tuplify(spec["input_shape"])
    built = []
    for i, lay in enumerate(spec["layers"]):
        kw = tuplify(lay["kwargs"])
        if spec["style"] == "input_shape" and i == 0:
            kw["input_shape"] = shape
        try:
            built.append(getattr(layers, lay["class"])(**kw))
        except Exception as e:  # noqa: BLE001
            return None, {"index": i, "stage": "init", "exc": e}
    if spec["style"] == "list":
        try:
            model = Sequential([Input(shape=shape)] + built)
        except Exception as e:  # noqa: BLE001
            return None, {"index": None, "stage": "add", "exc": e}
        freeze(model, spec)
        return model, None
    model = Sequential()
    if spec["style"] == "input":
        model.add(Input(shape=shape))
    for i, layer in enumerate(built):
        try:
            model.add(layer)
        except Exception as e:  # noqa: BLE001
            return None, {"index": i, "stage": "add", "exc": e}
    freeze(model, spec)
    return model, None


def describe(spec):
    lines = [f"style={spec['style']} input_shape={tuple(spec['input_shape'])} frozen={spec.get('freeze', [])}"]
    lines += [f"  {i}: {l['class']}({l['kwargs']})" for i, l in enumerate(spec["layers"])]
    return "\n".join(lines)


def built_or_fail(spec):
    model, failure = build(spec)
    if failure is not None:
        e = failure["exc"]
        pytest.fail(f"Keras builds this model; the calculator raised {type(e).__name__} at layer "
                    f"{failure['index']} ({failure['stage']}): {e}\n{describe(spec)}")
    return model


@pytest.mark.parametrize("spec", VALID, ids=[s["id"] for s in VALID])
def test_stack_shapes_and_params(spec):
    model = built_or_fail(spec)
    got_layers = [
        {
            "class": type(layer).__name__,
            "output_shape": list(layer.output.shape),
            "params": layer.count_params(),
            "trainable": sum(size_of(w.shape) for w in layer.trainable_weights),
            "non_trainable": sum(size_of(w.shape) for w in layer.non_trainable_weights),
        }
        for layer in model.layers
    ]
    want_layers = [{k: v for k, v in p.items() if k != "name"} for p in spec["per_layer"]]
    assert got_layers == want_layers, describe(spec)
    got = totals(model, list(model.output_shape))
    want = {k: spec[k] for k in WANT_TOTALS}
    assert got == want, describe(spec)


@pytest.mark.parametrize("spec", VALID, ids=[s["id"] for s in VALID])
def test_stack_layer_names(spec):
    model = built_or_fail(spec)
    assert [layer.name for layer in model.layers] == [p["name"] for p in spec["per_layer"]]


@pytest.mark.parametrize("spec", VALID, ids=[s["id"] for s in VALID])
def test_stack_summary_text(spec):
    model = built_or_fail(spec)
    got = summary_text(model)
    assert got == spec["summary"], f"\n--- calculator\n{got}\n--- keras\n{spec['summary']}"


@pytest.mark.parametrize("spec", INVALID, ids=[s["id"] for s in INVALID])
def test_invalid_stack_fails_like_keras(spec):
    want = spec["error"]
    model, failure = build(spec)
    if failure is None:
        pytest.fail(f"Keras raises {want['error_type']} at layer {want['index']} ({want['error_stage']}): "
                    f"{want['error_message']!r}; the calculator built the model "
                    f"(output shape {model.output_shape})\n{describe(spec)}")
    e = failure["exc"]
    raised = [k.__name__ for k in type(e).__mro__]
    assert (failure["index"], failure["stage"], want["error_type"] in raised) == \
        (want["index"], want["error_stage"], True), (
            f"Keras raises {want['error_type']} at layer {want['index']} ({want['error_stage']}): "
            f"{want['error_message']!r}; the calculator raised {type(e).__name__} at layer {failure['index']} "
            f"({failure['stage']}): {e}\n{describe(spec)}")
    assert str(e).strip(), "empty error message"


FROZEN = [s for s in VALID if s.get("freeze")]


@pytest.mark.parametrize("spec", FROZEN, ids=[s["id"] for s in FROZEN])
def test_stack_summary_show_trainable(spec):
    model = built_or_fail(spec)
    got = summary_text(model, show_trainable=True)
    want = spec["summary_show_trainable"]
    assert got == want, f"\n--- calculator\n{got}\n--- keras\n{want}"


def test_fixture_counts():
    assert len(VALID) >= 50 and len(INVALID) >= 5


# --------------------------------------------------------------------------- functional graphs
#
# ``graphs.json``: functional models (residual and projection shortcuts, inception branches,
# two inputs / two outputs, a shared layer called twice, a nested Sequential, an augmentation
# front-end, a U-Net skip) and random DAGs of Conv2D / BatchNormalization / ReLU / pooling with
# Add and Concatenate merges.  Tensors are numbered inputs first, then one per node.

GRAPH_FIXTURE = os.path.join(os.path.dirname(FIXTURE), "graphs.json")
with open(GRAPH_FIXTURE, encoding="utf-8") as _f:
    GRAPHS = json.load(_f)["graphs"]
VALID_GRAPHS = [g for g in GRAPHS if "error" not in g]
INVALID_GRAPHS = [g for g in GRAPHS if "error" in g]
NESTED_GRAPHS = [g for g in VALID_GRAPHS if "summary_expand_nested" in g]


def build_graph(spec):
    """Build the functional model of ``spec`` with the calculator."""
    from calculator.keras import Input, Model, layers
    from calculator.keras.models import Sequential

    clear_session()
    tensors = [Input(shape=tuplify(sh)) for sh in spec["inputs"]]
    node_layers = []
    for node in spec["nodes"]:
        if "reuse" in node:
            layer = node_layers[node["reuse"]]
        elif node["class"] == "Sequential":
            layer = Sequential([getattr(layers, l["class"])(**tuplify(l["kwargs"])) for l in node["layers"]])
        else:
            layer = getattr(layers, node["class"])(**tuplify(node["kwargs"]))
        node_layers.append(layer)
        args = [tensors[i] for i in node["inputs"]]
        tensors.append(layer(args if len(args) > 1 else args[0]))
    ins = tensors[:len(spec["inputs"])]
    outs = [tensors[i] for i in spec["outputs"]]
    return Model(inputs=ins if len(ins) > 1 else ins[0], outputs=outs if len(outs) > 1 else outs[0])


def describe_graph(spec):
    lines = [f"inputs={spec['inputs']} outputs={spec['outputs']}"]
    for i, n in enumerate(spec["nodes"]):
        t = len(spec["inputs"]) + i
        lines.append(f"  t{t} = {n['class']}({n['kwargs']})(t{n['inputs']})"
                     + (f" [reuses node {n['reuse']}]" if "reuse" in n else ""))
    return "\n".join(lines)


def graph_or_fail(spec):
    try:
        return build_graph(spec)
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"Keras builds this model; the calculator raised {type(e).__name__}: {e}\n"
                    f"{describe_graph(spec)}")


def as_lists(shape):
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return [list(s) for s in shape]
    return list(shape)


@pytest.mark.parametrize("spec", VALID_GRAPHS, ids=[g["id"] for g in VALID_GRAPHS])
def test_graph_shapes_and_params(spec):
    model = graph_or_fail(spec)
    got_layers = [
        {
            "class": type(layer).__name__,
            "params": layer.count_params(),
            "output_shapes": [list(n.output_tensors[0].shape) for n in layer._inbound_nodes],
        }
        for layer in model.layers
    ]
    want_layers = [{k: v for k, v in p.items() if k != "name"} for p in spec["per_layer"]]
    assert got_layers == want_layers, describe_graph(spec)
    got = totals(model, as_lists(model.output_shape))
    want = {k: spec[k] for k in WANT_TOTALS}
    assert got == want, describe_graph(spec)


@pytest.mark.parametrize("spec", VALID_GRAPHS, ids=[g["id"] for g in VALID_GRAPHS])
def test_graph_layer_names(spec):
    model = graph_or_fail(spec)
    assert [layer.name for layer in model.layers] == [p["name"] for p in spec["per_layer"]]


@pytest.mark.parametrize("spec", VALID_GRAPHS, ids=[g["id"] for g in VALID_GRAPHS])
def test_graph_summary_text(spec):
    model = graph_or_fail(spec)
    got = summary_text(model)
    assert got == spec["summary"], f"\n--- calculator\n{got}\n--- keras\n{spec['summary']}"


@pytest.mark.parametrize("spec", NESTED_GRAPHS, ids=[g["id"] for g in NESTED_GRAPHS])
def test_graph_summary_expand_nested(spec):
    model = graph_or_fail(spec)
    got = summary_text(model, expand_nested=True)
    want = spec["summary_expand_nested"]
    assert got == want, f"\n--- calculator\n{got}\n--- keras\n{want}"


@pytest.mark.parametrize("spec", INVALID_GRAPHS, ids=[g["id"] for g in INVALID_GRAPHS])
def test_invalid_graph_fails_like_keras(spec):
    want = spec["error"]
    try:
        model = build_graph(spec)
    except Exception as e:  # noqa: BLE001
        raised = [k.__name__ for k in type(e).__mro__]
        assert want["error_type"] in raised, (
            f"Keras raises {want['error_type']} ({want['error_message']!r}); the calculator raised "
            f"{type(e).__name__}: {e}\n{describe_graph(spec)}")
        assert str(e).strip()
        return
    pytest.fail(f"Keras raises {want['error_type']} ({want['error_message']!r}); the calculator built "
                f"the model (output shape {model.output_shape})\n{describe_graph(spec)}")
