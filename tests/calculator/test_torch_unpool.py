"""MaxUnpool's invalid-index failure follows from where the pool's windows lie.

Shapes, argument checks and messages are compared with real torch in
``tests/fixtures/torch_api/max_unpool.py``; these tests pin the rule behind the failure, each
with its derivation: a pool's index lies in its window of the pooled input's plane; unpooling to
a smaller plane fails when an index lands past its end, certainly when every window reaches
past it, possibly (depending on the data, so the calculator fails too) when some do.
"""

import pytest

from calculator import runner

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


def _error(code):
    with pytest.raises(Exception) as info:
        runner.run_script(HEAD + code)
    return info.value


def test_every_window_past_the_end_is_certain():
    # 4x6x8 pooled by 2 -> 2x3x4; unpooled with stride 1: (2-1)+2, (3-1)+2, (4-1)+2 = 3x4x5 = 60.
    # The last window starts at (2, 4, 6): flat 2*48 + 4*8 + 6 = 134 >= 60 (and so every later
    # window; the smallest window start in the last one is past 60 too).
    e = _error("x = torch.randn(2, 3, 4, 6, 8)\n"
               "o, i = F.max_pool3d(x, 2, return_indices=True)\nF.max_unpool3d(o, i, 2, stride=1)\n")
    assert type(e) is RuntimeError
    assert str(e) == "Found an invalid max index (output volumes are of size 3x4x5)"
    assert "every window of the pool reaches past it" in e.fix and "up to 191" in e.fix


def test_some_windows_past_the_end_depend_on_the_data():
    # 5x5 pooled by 2 -> 2x2 covers rows/cols 0..3: indices up to 3*5 + 3 = 18; unpooled to 4x4
    # (16 positions); the last window's first position is 2*5 + 2 = 12 < 16: possible, not certain
    e = _error("o, i = F.max_pool2d(torch.randn(1, 1, 5, 5), 2, return_indices=True)\n"
               "F.max_unpool2d(o, i, 2)\n")
    assert str(e) == "Found an invalid max index (output volumes are of size 4x4)"
    assert "depends on the data" in e.fix and "up to 18" in e.fix and "output_size=x.size()" in e.fix


def test_a_dropped_last_row_keeps_every_index_inside():
    # 45x60 pooled by 2 -> 22x30: the windows cover rows 0..43 only, so the largest index is
    # 43*60 + 59 = 2639 < 44*60 = 2640: unpooling to 44x60 always works (as in PyTorch)
    out = runner.run_script(HEAD + "o, i = F.max_pool2d(torch.randn(1, 2, 45, 60), 2, return_indices=True)\n"
                            "print(F.max_unpool2d(o, i, 2).shape)\n").stdout
    assert out == "torch.Size([1, 2, 44, 60])\n"


def test_indices_the_script_states_are_checked_like_labels():
    # randint(0, 70) into 8x8 = 64 positions: 64..69 are 6 of 70 values outside
    e = _error("o = torch.randn(1, 1, 4, 4)\nF.max_unpool2d(o, torch.randint(0, 70, (1, 1, 4, 4)), 2)\n")
    assert str(e) == "Found an invalid max index (output volumes are of size 8x8)"
    assert "64, 65, 66, 67" in e.fix
    out = runner.run_script(HEAD + "o = torch.randn(1, 1, 4, 4)\n"
                            "print(F.max_unpool2d(o, torch.zeros(1, 1, 4, 4, dtype=torch.long), 2).shape)\n")
    assert out.stdout == "torch.Size([1, 1, 8, 8])\n"
