"""Every ``torch.nn`` layer family of the mirror, held to real PyTorch 2.13.

``tests/fixtures/torch_layers/*.json`` was recorded from real torch by
``tests/fixtures/generate_torch_layer_fixtures.py``: for each case, ``nn.X(*args, **kwargs)``
is built, put in train or eval mode and called on ``torch.randn(*shape)`` inputs. Here the
same case runs on ``calculator.torch`` and must give the same ``repr`` (before and after the
call: lazy modules change class), the same ``named_parameters`` (name, shape,
requires_grad), ``named_buffers`` and ``state_dict`` keys, the same output shape(s), or the
same exception type at the same stage with PyTorch's message as its first line (the
mirror adds a ``Fix:`` line after it).

Pure stdlib + pytest (also runs inside Pyodide); torch is never imported.
"""

from __future__ import annotations

import json
import os
import re

import pytest

import calculator.torch as torch
from calculator.torch import nn

FIXTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                           "torch_layers")


def load_cases():
    cases = []
    for fname in sorted(os.listdir(FIXTURE_DIR)):
        if fname.endswith(".json"):
            with open(os.path.join(FIXTURE_DIR, fname), encoding="utf-8") as f:
                for i, c in enumerate(json.load(f)["cases"]):
                    cases.append(pytest.param(c, id=f"{fname[:-5]}-{i}-{c['cls']}"))
    return cases


def decode(v):
    """``{"tuple": [...]}`` back to a tuple (lists stay lists)."""
    if isinstance(v, dict):
        if set(v) == {"tuple"}:
            return tuple(decode(x) for x in v["tuple"])
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def shape_of(out):
    if isinstance(out, torch.Tensor):
        return list(out.shape)
    return {"tuple": [shape_of(o) for o in out]}


def canonical(message):
    """Set literals in messages (``{'valid', 'same'}``) print in hash order: sort them."""
    return re.sub(r"\{('[^{}]*')\}",
                  lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", message)


def first_line(exc):
    return getattr(exc, "torch_message", str(exc).split("\nFix: ")[0])


@pytest.mark.parametrize("case", load_cases())
def test_layer_matches_pytorch(case):
    cls = getattr(nn, case["cls"])
    expected_error = case.get("error")
    try:
        module = cls(*decode(case["args"]), **decode(case["kwargs"]))
    except Exception as exc:  # noqa: BLE001 - compared with what torch raised below
        assert expected_error is not None, f"unexpected {type(exc).__name__}: {exc}"
        assert expected_error["stage"] == "init", f"raised at init: {exc}"
        assert type(exc).__name__ == expected_error["type"]
        assert canonical(first_line(exc)) == canonical(expected_error["message"])
        return
    assert repr(module) == case["repr_init"]
    module.train(case["mode"] == "train")
    if case["inputs"]:
        dtype = torch.int64 if case["int_input"] else torch.float32
        xs = [torch.randn(*s, dtype=dtype) for s in case["inputs"]]
        try:
            out = module(*xs)
        except Exception as exc:  # noqa: BLE001
            assert expected_error is not None, f"unexpected {type(exc).__name__}: {exc}"
            assert expected_error["stage"] == "call"
            assert type(exc).__name__ == expected_error["type"], str(exc)
            assert canonical(first_line(exc)) == canonical(expected_error["message"])
        else:
            assert expected_error is None, f"torch raised {expected_error}"
            assert shape_of(out) == case["output"]
    assert repr(module) == case["repr"]
    if "parameters_error" in case:
        with pytest.raises(ValueError):
            [p.numel() for p in module.parameters()]
        return
    got = [[n, list(p.shape), p.requires_grad] for n, p in module.named_parameters()]
    assert got == case["parameters"]
    assert [[n, list(b.shape)] for n, b in module.named_buffers()] == case["buffers"]
    assert list(module.state_dict()) == case["state_dict"]
