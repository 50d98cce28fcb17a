"""The page's playground runs real learner scripts the way the native runner does.

In the page there is no numpy (Pyodide's wheel is not shipped): a script that uses numpy for
data still prints its summary, at the page's width (Keras's default 88-column table), and
fails at the first line that needs a numpy value. Keras 2 code fails as Keras 3 does, with
the fix, and no internal module name reaches the reader.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BOOT_TIMEOUT_MS = int(os.environ.get("CONVDIMS_BOOT_TIMEOUT_MS", "45000"))  # as in conftest.py
LESSON = "lessons/13-convolutional-layers-in-keras/"
RUN_MS = 20_000

NUMPY_SCRIPT = """import numpy as np
import tensorflow as tf
from tensorflow import keras
x_train = np.zeros((60, 28, 28, 1), dtype="float32") / 255.0
model = keras.Sequential([keras.Input((28, 28, 1)),
                          keras.layers.Conv2D(8, 3, activation=tf.nn.relu),
                          keras.layers.Flatten(), keras.layers.Dense(10)])
model.summary()
print(x_train.shape)
"""
TORCH_SCRIPT = """import torch
import torch.nn as nn
model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                      nn.Linear(8 * 13 * 13, 10))
print(model(torch.randn(1, 1, 28, 28)).shape)
print(sum(p.numel() for p in model.parameters()))
bad = nn.Sequential(nn.Conv2d(1, 8, 3), nn.Flatten(), nn.Linear(100, 10))
bad(torch.randn(1, 1, 28, 28))
"""
KERAS2_SCRIPT = "from keras import backend as K\nprint(K.int_shape(None))\n"


def _playground(page, server):
    resp = page.goto(server.url(LESSON), wait_until="load")
    assert resp is not None and resp.status == 200
    play = page.locator("[data-widget='playground']").first
    expect(play).to_have_attribute("data-hydrated", "", timeout=BOOT_TIMEOUT_MS)
    page.wait_for_function("window.convdims && window.convdims.state === 'ready'",
                           timeout=BOOT_TIMEOUT_MS)
    return play


def _run(play, code):
    play.locator("textarea").fill(code)
    play.get_by_role("button", name=re.compile("Run")).click()


def test_numpy_script_summarises_then_names_the_line(page, server):
    play = _playground(page, server)
    _run(play, NUMPY_SCRIPT)
    output = play.locator("[data-widget-output]")
    expect(output).to_contain_text("ModuleNotFoundError", timeout=RUN_MS)
    text = output.inner_text()
    # Conv2D 3*3*1*8 + 8 = 80; Dense 26*26*8*10 + 10 = 54,090
    assert "Total params: 54,170" in text
    assert "line 9 (`print(x_train.shape)`)" in text and "on line 4" in text
    tops = re.findall(r"┏[━┳]*┓", text)
    assert [len(t) for t in tops] == [88]   # a wide terminal: Keras's default table width
    assert "Traceback" not in text


def test_keras2_code_shows_keras_error_and_the_fix(page, server):
    play = _playground(page, server)
    _run(play, KERAS2_SCRIPT)
    output = play.locator("[data-widget-output]")
    expect(output).to_contain_text("AttributeError", timeout=RUN_MS)
    text = output.inner_text()
    assert "module 'keras.backend' has no attribute 'int_shape'" in text
    assert "x.shape" in text
    assert "calculator" not in text and "Traceback" not in text


def test_pytorch_code_runs_in_the_playground(page, server):
    play = _playground(page, server)
    _run(play, TORCH_SCRIPT)
    output = play.locator("[data-widget-output]")
    expect(output).to_contain_text("RuntimeError", timeout=RUN_MS)
    text = output.inner_text()
    # 28 - 3 + 1 = 26, pooled 13; params 1·3·3·8 + 8 = 80 and 8·13·13·10 + 10 = 13,530
    assert "torch.Size([1, 10])" in text and "13610" in text
    # the bad model flattens 8 · 26 · 26 = 5408 features into a Linear(100, 10)
    assert "mat1 and mat2 shapes cannot be multiplied (1x5408 and 100x10)" in text
    assert "line 8" in text and "Traceback" not in text
