"""Architecture diagrams (calculator/diagram.py): the drawn graph is the model's graph, and
the layout keeps boxes apart and arrows pointing down. Expected values are derived here from
the models themselves (layers, their calls, their tensors), not from the drawing code."""

import re

import pytest

from calculator import applications, diagram
from calculator.keras import Input, Model, Sequential, layers
from calculator.widgets import render


def residual_block():
    x = Input(shape=(16, 16, 8))
    y = layers.Conv2D(16, 3, strides=2, padding="same")(x)
    y = layers.BatchNormalization()(y)
    s = layers.Conv2D(16, 1, strides=2)(x)
    return Model(x, layers.Add()([y, s]))


def test_residual_block_nodes_edges_and_shapes():
    g = diagram.graph(residual_block())
    assert [n["class_name"] for n in g["nodes"]] == [
        "InputLayer", "Conv2D", "BatchNormalization", "Conv2D", "Add"]
    # 3 x 3 x 8 x 16 + 16 and 4 x 16, 1 x 1 x 8 x 16 + 16
    assert [n["params"] for n in g["nodes"]] == [0, 1168, 64, 144, 0]
    edges = {(g["nodes"][e["source"]]["class_name"], g["nodes"][e["target"]]["class_name"], e["shape"])
             for e in g["edges"]}
    assert edges == {("InputLayer", "Conv2D", "(None, 16, 16, 8)"),
                     ("Conv2D", "BatchNormalization", "(None, 8, 8, 16)"),
                     ("BatchNormalization", "Add", "(None, 8, 8, 16)"),
                     ("Conv2D", "Add", "(None, 8, 8, 16)")}
    assert len(g["edges"]) == 5


def test_a_shared_layer_is_one_box_per_call():
    a, b = Input(shape=(4,)), Input(shape=(4,))
    dense = layers.Dense(3, name="shared")
    model = Model([a, b], layers.Concatenate()([dense(a), dense(b)]))
    labels = [n["label"] for n in diagram.graph(model)["nodes"]]
    assert labels.count("shared (call 1)") == 1 and labels.count("shared (call 2)") == 1


def test_a_nested_model_is_one_box():
    base = Sequential([Input(shape=(8, 8, 3)), layers.Conv2D(4, 3), layers.Flatten()], name="base")
    outer = Sequential([Input(shape=(8, 8, 3)), base, layers.Dense(2)])
    g = diagram.graph(outer)
    assert [n["class_name"] for n in g["nodes"]][1:] == ["Sequential", "Dense"]
    assert g["nodes"][1]["label"] == "base"
    assert g["nodes"][1]["params"] == base.count_params()


def _overlaps(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@pytest.mark.parametrize("name", ["vgg16", "resnet50", "inceptionv3", "densenet121"])
def test_applications_every_call_drawn_boxes_apart_arrows_down(name):
    model = applications.get(name)
    g = diagram.graph(model)
    # every layer of these applications is called once: one box each
    assert len(g["nodes"]) == len(model.layers)
    assert len(g["edges"]) == sum(len(l._inbound_nodes[0].input_tensors) for l in model.layers)
    lay = diagram.layout(g)
    boxes = list(lay["boxes"].values())
    by_row = {}
    for b in boxes:
        by_row.setdefault(b[1], []).append(b)
    for row in by_row.values():
        row.sort()
        for left, right in zip(row, row[1:]):
            assert not _overlaps(left, right)
    for p in lay["paths"]:
        ys = [y for _, y in p["points"]]
        assert ys == sorted(ys)
        src, dst = lay["boxes"][p["edge"]["source"]], lay["boxes"][p["edge"]["target"]]
        assert ys[0] == src[1] + src[3] and ys[-1] == dst[1]


def test_svg_labels_stay_readable_and_text_outline_lists_every_layer():
    model = residual_block()
    svg = diagram.svg(model, "Block")
    assert 'font-size="12"' in svg and "<title>Block: 5 layers, 5 connections" in svg
    # one label per tensor that feeds another layer: input, conv2d, batch_normalization, conv2d_1
    assert len(re.findall(r'class="cd-diagram__shape"', svg)) == 4
    lines = diagram.text_outline(model)
    assert len(lines) == 5 and lines[-1].startswith("add (Add, 0 parameters): reads ")


def test_diagram_widgets_render_and_refuse_what_they_cannot_draw():
    code = ("import keras\nfrom keras import layers\nx = keras.Input(shape=(8, 8, 3))\n"
            "model = keras.Model(x, layers.Conv2D(2, 3)(x))\n")
    out = render("diagram", {}, {"model_code": code})
    assert out["ok"] and 'tabindex="0" role="region"' in out["html"] and "<svg" in out["html"]
    bad = render("diagram", {}, {"model_code": "import keras\nmodel = keras.layers.Dense(2)(3)\n"})
    assert not bad["ok"] and "model_code" in bad["errors"]
    app = render("architecture-diagram", {"model": "vgg16"})
    assert app["ok"] and app["html"].count('class="cd-diagram__node') == len(applications.get("vgg16").layers)
    assert not render("architecture-diagram", {"model": "nope"})["ok"]
