"""Index values a script states are checked as PyTorch checks them (``calculator.torch._values``).

The outputs are compared with real torch in ``tests/fixtures/torch_api/known_index_values.py``;
these tests pin what a fixture cannot: the probability in the fix for drawn values (PyTorch's
own outcome depends on the draw), and that values stop being known once anything may have
changed them.
"""

import pytest

from calculator import runner


def _error(code):
    with pytest.raises(Exception) as info:
        runner.run_script("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n" + code)
    return info.value


def _runs(code):
    return runner.run_script("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
                             + code).stdout


def test_labels_numbered_from_one_fail_with_the_chance_of_a_draw_holding_the_last():
    e = _error("F.cross_entropy(torch.randn(4, 10), torch.randint(1, 11, (4,)))\n")
    assert type(e) is IndexError and str(e) == "Target 10 is out of bounds."
    # four draws from 1..10, each 10 with probability 1/10: 1 - 0.9**4 = 0.3439
    assert "10 lies outside 0 to 9" in e.fix and "probability 34%" in e.fix
    assert "`target - 1`" in e.fix


def test_several_possible_culprits_are_not_named_as_one():
    e = _error("F.cross_entropy(torch.randn(8, 10), torch.randint(0, 20, (8,)))\n")
    assert type(e) is IndexError and str(e).startswith("Target out of bounds")
    # 10 of the 20 values are outside: 1 - 0.5**8 = 0.99609...
    assert "probability 99.6%" in e.fix and "10, 11, 12, 13, …" in e.fix


def test_a_literal_out_of_range_is_certain_and_named():
    e = _error("nn.Embedding(1000, 8)(torch.tensor([[5, 1000, 3]]))\n")
    assert type(e) is IndexError and str(e) == "index out of range in self"
    assert "num_embeddings=1000" in e.fix and "include 1000" in e.fix and "probability" not in e.fix


@pytest.mark.parametrize("change", [
    "y -= 1", "y[y == 10] = 0", "y.view(2, 2).clamp_(max=9)", "y.sub_(1)", "y.copy_(torch.zeros(4))",
    "y.fill_(0)", "y.zero_()", "y.random_(10)", "y.data = torch.zeros(4, dtype=torch.long)",
])
def test_values_changed_in_place_are_no_longer_known(change):
    out = _runs(f"y = torch.tensor([1, 5, 10, 2])\n{change}\n"
                "print(F.cross_entropy(torch.randn(4, 10), y).shape)\n")
    assert out == "torch.Size([])\n"


@pytest.mark.parametrize("expr", ["y.abs()", "torch.where(y > 0, y, y)", "y[torch.tensor([0, 1, 2, 3])]",
                                  "y ** 1", "y.float().long()"])
def test_other_ops_give_unknown_values_which_run_unchecked(expr):
    out = _runs(f"y = torch.tensor([1, 5, 10, 2])\n"
                f"print(F.cross_entropy(torch.randn(4, 10), {expr}).shape)\n")
    assert out == "torch.Size([])\n"


@pytest.mark.parametrize("expr, first", [
    # [1, 5, 10, 2] with 10 classes: -1 gives [0, 4, 9, 1]; +1 gives [2, 6, 11, 3]; *2 gives
    # [2, 10, 20, 4]; clamp(0, 9) gives [1, 5, 9, 2]; 3 - y gives [2, -2, -7, 1]
    ("y - 1", None), ("y + 1", 11), ("y * 2", 10), ("y.clamp(0, 9)", None), ("3 - y", -2),
    ("(y - 1).view(2, 2).flatten()", None), ("y.clamp(max=9) + 1", 10),
])
def test_arithmetic_with_a_python_int_carries_the_values(expr, first):
    code = f"y = torch.tensor([1, 5, 10, 2])\nprint(F.cross_entropy(torch.randn(4, 10), {expr}).shape)\n"
    if first is None:
        assert _runs(code) == "torch.Size([])\n"
    else:
        assert str(_error(code)) == f"Target {first} is out of bounds."


def test_drawn_values_shifted_stay_drawn_and_sliced_stay_drawn():
    # randint(0, 10) + 1 draws 1..10: only 10 is outside 0..9, so the message can name it;
    # 64 draws of it (a slice of 128) still hold a 10 with probability 1 - 0.9**64 = 99.88%
    e = _error("y = (torch.randint(0, 10, (128,)) + 1)[:64]\nF.cross_entropy(torch.randn(64, 10), y)\n")
    assert str(e) == "Target 10 is out of bounds." and "probability 99.9%" in e.fix


def test_drawn_values_through_any_arithmetic_keep_how_likely_each_value_is():
    # randint(0, 10) * 2 draws 0, 2, ..., 18 alike: 10..18 (5 of 10) are outside 0..9, so no
    # single culprit; 4 draws hold one with probability 1 - 0.5**4 = 93.75%
    e = _error("F.cross_entropy(torch.randn(4, 10), torch.randint(0, 10, (4,)) * 2)\n")
    assert str(e).startswith("Target out of bounds") and "probability 94%" in e.fix
    assert "10, 12, 14, 16, 18 lie outside 0 to 9" in e.fix
    # // 2 gives 0..4, each from two of the ten values: with 4 classes only 4 is outside, drawn
    # with probability 2/10; 4 draws: 1 - 0.8**4 = 59.04%, and 4 is the one PyTorch names
    e = _error("F.cross_entropy(torch.randn(4, 4), torch.randint(0, 10, (4,)) // 2)\n")
    assert str(e) == "Target 4 is out of bounds." and "probability 59%" in e.fix
    # % 3 keeps every value in 0..2: nothing to check against 3 classes; a slice stays drawn
    assert _runs("print(F.cross_entropy(torch.randn(4, 3), torch.randint(0, 10, (8,))[:4] % 3).shape)\n") \
        == "torch.Size([])\n"
    e = _error("nn.Embedding(10, 2)((torch.randint(0, 10, (64,)) * 2)[:32])\n")
    assert str(e) == "index out of range in self" and "probability above 99.99%" in e.fix


def test_float_values_and_bools_are_never_tracked():
    from calculator.torch import _values
    import calculator.torch as torch

    assert _values._get(torch.tensor([1.0, 2.0])) is None
    assert _values._get(torch.tensor([True, False])) is None
    assert _values._get(torch.full((2,), 3.5)) is None
    assert _values._get(torch.tensor([1, 2])).values == (1, 2)


def test_a_tensor_that_is_gone_leaves_no_entry():
    import gc
    from calculator.torch import _values
    import calculator.torch as torch

    _values.reset()
    t = torch.tensor([1, 2, 3])
    assert len(_values._KNOWN) == 1
    del t
    gc.collect()
    assert not _values._KNOWN
