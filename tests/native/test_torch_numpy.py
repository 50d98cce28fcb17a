"""The PyTorch mirror reads numpy data as real PyTorch 2.13 does (shape, dtype, errors):
``tests/fixtures/torch_numpy.json`` from ``generate_torch_numpy_fixtures.py``. Native only:
real numpy (in the page numpy is a stand-in, whose values are refused where needed; see
tests/calculator/test_script_compat.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import calculator.torch as torch

CASES = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "torch_numpy.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["code"] for c in CASES])
def test_numpy_data_as_pytorch_reads_it(case):
    try:
        t = eval(case["code"], {"np": np, "torch": torch})  # noqa: S307 - the fixture's cases
    except Exception as exc:  # noqa: BLE001 - compared with what PyTorch raised
        assert "error" in case, f"raised {type(exc).__name__}: {exc}"
        assert (type(exc).__name__, str(exc)) == (case["error"]["type"], case["error"]["message"])
        return
    assert "error" not in case, f"PyTorch raised {case['error']}, the mirror gave {tuple(t.shape)}"
    assert (list(t.shape), str(t.dtype)) == (case["shape"], case["dtype"])


@pytest.mark.parametrize("code", ["torch.zeros(2, 3) + np.ones(3)", "np.ones((4, 2, 3)) + torch.zeros(2, 3)",
                                  "torch.zeros(2, 3) * np.ones((2, 3), dtype=np.int64)"])
def test_arithmetic_with_a_numpy_array_is_refused(code):
    # PyTorch hands these to numpy (numpy's broadcasting, dtypes and errors): not followed
    with pytest.raises(NotImplementedError, match="numpy array"):
        eval(code, {"np": np, "torch": torch})  # noqa: S307
