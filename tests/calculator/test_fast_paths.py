"""The fast paths of the object model and of the summary table give what the general
paths give (they exist for speed only; see bench/bench_calculator.py)."""

import random

import pytest

from calculator import _texttable, core, models
from calculator.keras import Input, layers
from calculator.keras.models import Sequential


def _stack(depth, memo=True):
    core.clear_session()
    old = core.Layer._MEMO_CALLS
    core.Layer._MEMO_CALLS = memo
    try:
        model = Sequential()
        model.add(Input(shape=(12, 12, 3)))
        for i in range(depth):
            model.add(layers.Conv2D(4, 3, padding="same") if i % 2 else layers.BatchNormalization())
        return model
    finally:
        core.Layer._MEMO_CALLS = old


def _fingerprint(model):
    return ([(l.name, len(l._inbound_nodes), len(l._outbound_nodes),
              [n.output_tensors[0].shape for n in l._inbound_nodes],
              [n.output_tensors[0].name for n in l._inbound_nodes]) for l in model.layers],
            model._functional.name, model.output_shape, model.count_params())


def test_repeated_calls_give_what_fresh_calls_give():
    assert _fingerprint(_stack(7, memo=True)) == _fingerprint(_stack(7, memo=False))


def test_a_rebound_attribute_is_seen_by_the_next_call():
    core.clear_session()
    conv = layers.Conv2D(4, 3, padding="same")
    model = Sequential([Input(shape=(8, 8, 2)), conv])
    model.add(layers.ReLU())
    model.add(layers.ReLU())  # conv has been called three times: its result is noted
    conv.filters = 6
    model.add(layers.ReLU())
    assert conv._inbound_nodes[-1].output_tensors[0].shape == (None, 8, 8, 6)
    assert model.output_shape == (None, 8, 8, 6)


def test_a_rebound_attribute_that_breaks_the_call_still_raises():
    core.clear_session()
    conv = layers.Conv2D(4, 3)
    model = Sequential([Input(shape=(8, 8, 2)), conv, layers.ReLU()])
    model.add(layers.ReLU())
    conv.kernel_size = (9, 9)
    with pytest.raises(ValueError):
        model.add(layers.ReLU())


@pytest.mark.parametrize("depth", [1, 2, 5, 12])
def test_sequential_graph_map_equals_the_general_walk(depth):
    f = _stack(depth)._functional
    general = models._map_graph(f._inputs, f._outputs)
    assert f._network_nodes_keyed == general[0]
    assert list(f._nodes_by_depth.items()) == list(general[1].items())
    assert f._operations == general[2]
    assert list(f._operations_by_depth.items()) == list(general[3].items())
    assert f._nodes == models._network_node_keys(general[0])


def _reference_wrap_cell(text, width, justify):
    return [_texttable.set_cell_size(line, width)
            for line in _texttable._wrap_general(text, width, justify, "ellipsis")]


WORDS = ["a", "bb", " ", "  ", "conv2d_1", "(Conv2D)", "[0][0],", "x" * 30, "_", "é", "卷", "…"]


def test_ascii_table_paths_equal_the_general_ones():
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice(WORDS) for _ in range(rng.randint(0, 10)))
        width = rng.randint(1, 40)
        for justify in ("left", "right", "center"):
            assert _texttable.wrap_cell(text, width, justify) == _reference_wrap_cell(text, width, justify)
        assert _texttable.wrap_console(text, width) == _texttable._wrap_general(text, width, "default", "fold")
        if text.isascii():
            assert _texttable._divide_line_ascii(text, width) == _texttable.divide_line(text, width, fold=False)
