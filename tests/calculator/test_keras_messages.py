"""Error messages as Keras words them, for the single-layer rules swept against real Keras.

``tests/fixtures/layers/*.json`` records the message Keras raised for every failing case
(``generate_layer_fixtures.py``, ``single_layer_sweep``). For the families below the
calculator's message must *begin with* Keras's own text (a learner who searches it finds
Keras's documentation and issues); a plain-words explanation may follow. Cases where Keras
fails with an internal error (an ``IndexError`` or arithmetic on ``None``) are left to
``test_keras_layers.py``, which accepts a clearer ``ValueError`` there.

Pure stdlib + pytest (runs inside Pyodide too).
"""

from __future__ import annotations

import re

import pytest

from test_keras_layers import CASES, build

#: Case ids (or parts of them) whose Keras message the calculator reproduces word for word.
EXACT = re.compile(r"batch-axis|axis-too|two-axes|-tiny-|(ZeroPadding|Cropping|UpSampling).*(-negative|-float|"
                   r"padding-|cropping-|size-)|RepeatVector-zero")


def _empty_output(case):
    """A kernel or pooling window longer than the input: Keras's "Computed output size
    would be zero or negative" (the calculator then derives the length)."""
    return case["error_message"].startswith("Computed output size would be zero or negative")


def _keras_internal(case):
    return case["error_type"] == "IndexError" or "unsupported operand" in case["error_message"]


EXACT_CASES = [c for c in CASES if "error_type" in c and (EXACT.search(c["id"]) or _empty_output(c))
               and not _keras_internal(c)]


def test_sweep_is_covered():
    """The sweep's refusals are here: batch axis, negative padding, tiny transposed inputs."""
    ids = " ".join(c["id"] for c in EXACT_CASES)
    for part in ("Conv2D-batch-axis-in-shape", "MaxPooling2D-batch-axis-in-shape", "ZeroPadding2D-padding--4",
                 "ZeroPadding1D-padding--1", "Conv1DTranspose-tiny-n0-k4-s2-op0-d1-same", "Cropping1D-cropping-3"):
        assert part in ids
    assert len(EXACT_CASES) > 100


@pytest.mark.parametrize("case", EXACT_CASES, ids=[c["id"] for c in EXACT_CASES])
def test_message_begins_with_keras_text(case):
    from calculator.keras import backend

    backend.clear_session()  # layer names in the message as a fresh Keras session has them
    kind, stage, exc = build(case)
    assert kind == "error", case["id"]
    assert type(exc).__name__ == case["error_type"] and stage == case["error_stage"], (
        f"{case['id']}: Keras raises {case['error_type']} at {case['error_stage']}, "
        f"the calculator {type(exc).__name__} at {stage}: {exc}")
    keras_text = case["error_message"].rstrip()
    assert str(exc).startswith(keras_text), f"{case['id']}\n  Keras: {keras_text}\n  ours:  {exc}"


def test_batch_axis_in_sequential_input_shape():
    """Lesson 13's warning: ``input_shape=(None, 28, 28, 1)`` in a Sequential makes the first
    Conv2D raise Keras's "Kernel shape must have the same length as input" (the same text
    Keras gives for ``Input(shape=(None, 28, 28, 1))``, recorded in the fixture), and the
    page's run request reports it with the line."""
    from calculator import api
    from calculator.keras import Sequential, backend, layers

    keras_text = next(c for c in CASES if c["id"] == "Conv2D-batch-axis-in-shape")["error_message"]
    assert keras_text.startswith("Kernel shape must have the same length as input")
    backend.clear_session()
    with pytest.raises(ValueError) as info:
        Sequential([layers.Conv2D(8, 3, input_shape=(None, 28, 28, 1)), layers.Flatten(), layers.Dense(10)])
    assert str(info.value).startswith(keras_text)
    code = ("from keras.models import Sequential\nfrom keras.layers import Conv2D\nmodel = Sequential()\n"
            "model.add(Conv2D(filters=8, kernel_size=3, input_shape=(None, 28, 28, 1)))\n")
    res = api.handle({"op": "run", "code": code})
    assert not res["ok"] and res["error"]["type"] == "ValueError"
    assert res["error"]["message"].startswith(keras_text) and res["error"].get("line") == 4
