"""Lesson widgets: every number they show is checked against a hand derivation or a
published value named in the test."""

import html as html_lib
import math
import re

import pytest

from calculator import conv_grid
from calculator.widgets import render

IMAGE = "1 1 1 0 0 / 0 1 1 1 0 / 0 0 1 1 1 / 0 0 1 1 0 / 0 1 1 0 0"
KERNEL = "1 0 1 / 0 1 0 / 1 0 1"

CIFAR = """\
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
model = Sequential()
model.add(Conv2D(filters=16, kernel_size=2, padding='same', activation='relu', input_shape=(32, 32, 3)))
model.add(MaxPooling2D(pool_size=2))
model.add(Conv2D(filters=32, kernel_size=2, padding='same', activation='relu'))
model.add(MaxPooling2D(pool_size=2))
model.add(Conv2D(filters=64, kernel_size=2, padding='same', activation='relu'))
model.add(MaxPooling2D(pool_size=2))
model.add(Dropout(0.3))
model.add(Flatten())
model.add(Dense(500, activation='relu'))
model.add(Dropout(0.4))
model.add(Dense(10, activation='softmax'))
"""


def shown(html, key):
    return re.findall(rf'data-result="{key}">([^<]*)<', html)


def test_convolution_figure_matches_the_classic_example():
    # The 5x5 image and 3x3 kernel of the classic figure (UFLDL tutorial, "Feature extraction
    # using convolution"): its 3x3 convolved feature is 4 3 4 / 2 4 3 / 2 3 4.
    out = conv_grid.convolve(conv_grid.parse_grid(IMAGE, "image"), conv_grid.parse_grid(KERNEL, "kernel"))
    assert out["output"] == [[4, 3, 4], [2, 4, 3], [2, 3, 4]]
    result = render("conv-grid", {"image": IMAGE, "kernel": KERNEL, "strides": "1", "padding": "valid"})
    assert result["ok"] and shown(result["html"], "value") == ["4"]


def test_convolution_figure_steps_and_strides():
    result = render("conv-grid", {"position": "9"})
    assert shown(result["html"], "value") == ["4"]            # bottom-right cell of the classic map
    out = conv_grid.convolve(conv_grid.parse_grid(IMAGE, "image"), conv_grid.parse_grid(KERNEL, "kernel"), strides=2)
    assert out["output"] == [[4, 4], [2, 4]]                  # every other cell of the stride-1 map


def test_convolution_figure_same_padding_splits_evenly_for_odd_kernel():
    out = conv_grid.convolve(conv_grid.parse_grid(IMAGE, "image"), conv_grid.parse_grid(KERNEL, "kernel"),
                             padding="same")
    assert out["pad"] == (1, 1, 1, 1) and len(out["output"]) == 5
    # Top-left cell reads the padded corner: only image cells (0,0)·k(1,1) and (1,1)·k(2,2) are 1.
    assert out["output"][0][0] == 1 * 1 + 1 * 1


def test_convolution_figure_even_kernel_pads_the_extra_pixel_bottom_right():
    out = conv_grid.convolve([[1] * 4 for _ in range(4)], [[1, 1], [1, 1]], padding="same")
    assert out["pad"] == (0, 1, 0, 1)                          # total 1: 0 before, 1 after
    assert out["output"][3][3] == 1                            # only one real pixel in the last window


@pytest.mark.parametrize("values,field", [
    ({"kernel": "1 1 1 1 1 1 / 1 1 1 1 1 1"}, "kernel"),      # wider than the 5-pixel image
    ({"kernel": "1 1 / 1"}, "kernel"),                         # not a rectangle
    ({"image": "a b / c d"}, "image"),
    ({"strides": "0"}, "strides"),
])
def test_convolution_figure_bad_input_names_the_field(values, field):
    result = render("conv-grid", values)
    assert not result["ok"] and field in result["errors"]
    assert "Traceback" not in result["html"]


def test_pooling_calculator():
    r = render("pooling", {"layer": "MaxPooling2D", "pool_size": "2", "strides": "2",
                           "padding": "valid", "input_shape": "7, 7, 16"})
    assert shown(r["html"], "output_shape") == [f"(None, {(7 - 2) // 2 + 1}, {(7 - 2) // 2 + 1}, 16)"]
    assert shown(r["html"], "params") == ["0"]
    r = render("pooling", {"layer": "AveragePooling2D", "pool_size": "3", "strides": "2",
                           "padding": "same", "input_shape": "7, 7, 16"})
    assert shown(r["html"], "output_shape") == [f"(None, {math.ceil(7 / 2)}, {math.ceil(7 / 2)}, 16)"]
    r = render("pooling", {"layer": "GlobalAveragePooling2D", "input_shape": "7, 7, 16"})
    assert shown(r["html"], "output_shape") == ["(None, 16)"]
    r = render("pooling", {"pool_size": "9", "input_shape": "7, 7, 16"})
    assert not r["ok"] and "pool_size" in r["errors"]


def test_receptive_field_of_the_cifar_model_by_hand():
    # r_out = r_in + (F_eff - 1)·j_in, j_out = j_in·S:
    # conv2: 1+1=2 (j1); pool2: 2+1=3 (j2); conv2: 3+2=5; pool: 5+2=7 (j4); conv2: 7+4=11; pool: 11+4=15.
    r = render("receptive-field", {"model_code": CIFAR})
    assert shown(r["html"], "rf") == ["15×15"]


def test_receptive_field_of_vgg16_is_the_published_212():
    # VGG16's last conv/pool receptive field is 212 pixels (Araujo et al., "Computing Receptive
    # Fields of Convolutional Neural Networks", Distill 2019, table of common architectures).
    r = render("receptive-field", {"network": "vgg16"})
    assert shown(r["html"], "rf") == ["212×212"]


def test_architecture_explorer_totals_are_keras_reference_totals():
    # Reference totals from DESIGN §3 (real Keras 3): VGG16 138,357,544; ResNet50 25,636,712.
    assert shown(render("architectures", {"model": "vgg16"})["html"], "params") == ["138,357,544"]
    assert shown(render("architectures", {"model": "resnet50"})["html"], "params") == ["25,636,712"]


def test_architecture_explorer_warms_every_network_it_offers():
    # site_glue/snapshot.mjs renders WARM into the memory snapshot: a network missing from it
    # would make a reader's first pick of it wait for the model to be built.
    from calculator.widgets import architectures, fields

    offered = fields("architectures")["model"].options
    assert [values["model"] for values in architectures.WARM] == offered
    for values in architectures.WARM:
        assert render("architectures", values)["ok"]


def test_volumes_draws_one_box_per_shape_change():
    r = render("volumes", {"model_code": CIFAR})
    assert r["ok"] and r["html"].count('class="cd-vol__box"') == 1 + 6 + 3  # input, 3×(conv, pool), flatten, 2 dense
    assert "(None, 4, 4, 64)" in r["html"]                                  # 32 → 16 → 8 → 4


def test_transfer_freezing_moves_the_base_to_non_trainable():
    frozen = render("transfer", {"base": "mobilenetv2", "input_shape": "160, 160, 3", "trainable": "False",
                                 "head": "global average pooling", "units": "5"})
    head = 1280 * 5 + 5                  # GlobalAveragePooling2D of 1280 channels -> Dense(5)
    assert shown(frozen["html"], "trainable") == [f"{head:,}"]
    free = render("transfer", {"base": "mobilenetv2", "input_shape": "160, 160, 3", "trainable": "True",
                               "head": "global average pooling", "units": "5"})
    # Unfrozen, only BatchNormalization's moving statistics stay non-trainable.
    assert int(shown(free["html"], "non_trainable")[0].replace(",", "")) < int(
        shown(frozen["html"], "non_trainable")[0].replace(",", ""))


def test_transfer_too_small_input_is_a_plain_message():
    r = render("transfer", {"input_shape": "20, 20, 3"})
    assert not r["ok"] and "input_shape" in r["errors"] and "Traceback" not in r["html"]


STARTER = """\
import keras
from keras.layers import Conv2D, Flatten, Dense
model = keras.Sequential([keras.Input(shape=(64, 64, 3)), Conv2D(32, 3, padding='same'),
                          Conv2D(64, 3, padding='same'), Flatten(), Dense(5, activation='softmax')])
"""

# Lesson 19's targets, in the order of its task list.
TASK_19 = {"model_class": "Sequential", "input_shape": "64, 64, 3", "target_output": "None, 5",
           "output_activation": "softmax", "max_params": "100000", "min_conv_layers": "2"}


def checks(html):
    """``{target number: (passed, text)}`` of the check lines."""
    return {int(n): (cls == "pass", html_lib.unescape(re.sub(r"<[^>]+>", "", body)))
            for cls, n, body in re.findall(
                r'<li class="cd-check--(pass|fail)" data-target="(\d+)">(.*?)</li>', html)}


def test_project_check_reports_each_target():
    # 32·3·3·3+32 = 896; 64·3·3·32+64 = 18,496; Flatten 64·64·64 = 262,144 -> Dense 5: 1,310,725.
    total = 896 + 18496 + 262144 * 5 + 5
    r = render("project-check", {**TASK_19, "code": STARTER})
    c = checks(r["html"])
    assert sorted(c) == [1, 2, 3, 4, 5, 6]
    assert [n for n, (ok, _) in c.items() if not ok] == [5]
    assert "Not there yet: target 5 not met" in r["html"]
    assert f"{total:,} parameters, {total - 100000:,} over the budget" in c[5][1]
    small = STARTER.replace("Flatten()", "keras.layers.GlobalAveragePooling2D()")
    r = render("project-check", {**TASK_19, "code": small})
    assert "All targets met" in r["html"] and all(ok for ok, _ in checks(r["html"]).values())
    r = render("project-check", {**TASK_19, "code": "model = keras.Sequential(["})
    assert not r["ok"] and "SyntaxError" in r["errors"]["code"]


def test_project_check_needs_softmax_and_sequential():
    small = STARTER.replace("Flatten()", "keras.layers.GlobalAveragePooling2D()")
    r = render("project-check", {**TASK_19, "code": small.replace(", activation='softmax'", "")})
    c = checks(r["html"])
    assert not c[4][0] and "applies linear; the task asks for softmax" in c[4][1]
    assert [n for n, (ok, _) in c.items() if not ok] == [4] and "All targets met" not in r["html"]
    functional = """\
import keras
from keras.layers import Conv2D, GlobalAveragePooling2D, Dense
inp = keras.Input(shape=(64, 64, 3))
x = Conv2D(8, 3)(Conv2D(8, 3)(inp))
model = keras.Model(inp, Dense(5, activation='softmax')(GlobalAveragePooling2D()(x)))
"""
    c = checks(render("project-check", {**TASK_19, "code": functional})["html"])
    assert [n for n, (ok, _) in c.items() if not ok] == [1]
    assert "the model is a Functional; the task asks for a Sequential model" in c[1][1]


# Lesson 21's targets, in the order of its task list.
TASK_21 = {"model_class": "Sequential", "input_shape": "72, 72, 3",
           "augmentation": "RandomFlip(mode=horizontal|horizontal_and_vertical), "
                           "RandomRotation, RandomZoom",
           "inference_shapes": "true", "target_output": "None, 5",
           "output_activation": "softmax", "max_params": "45000"}

AUGMENTED = """\
import keras
from keras.layers import (Conv2D, MaxPooling2D, Flatten, Dense, Resizing, RandomCrop,
                          RandomFlip, RandomRotation, RandomZoom)
model = keras.Sequential([keras.Input(shape=(72, 72, 3)), FRONT
    Conv2D(8, 3, padding='same'), MaxPooling2D(), Conv2D(16, 3, padding='same'),
    MaxPooling2D(), Flatten(), Dense(5, activation='softmax')])
"""
AUGMENT = "RandomFlip(mode='horizontal'), RandomRotation(0.05), RandomZoom(0.1),"


def test_project_check_random_crop_breaks_predict():
    # Training: RandomCrop 64 -> pools 32 -> 16: Flatten 16·16·16 = 4,096 -> kernel (4096, 5);
    # params 224 + 1,168 + 20,485 = 21,877, within the budget.
    # Inference: RandomCrop passes 72 through -> 36 -> 18: Flatten 18·18·16 = 5,184.
    code = AUGMENTED.replace("FRONT", "RandomCrop(64, 64), " + AUGMENT)
    r = render("project-check", {**TASK_21, "code": code})
    c = checks(r["html"])
    assert [n for n, (ok, _) in c.items() if not ok] == [4]
    assert "passes (None, 72, 72, 3) through uncropped" in c[4][1]
    assert "receives (None, 5184) instead of (None, 4096)" in c[4][1]
    assert "(4096, 5) and would need (5184, 5), so predict fails" in c[4][1]
    # RandomCrop followed by nothing size-dependent is fine in inference
    pooled = code.replace("Flatten()", "keras.layers.GlobalAveragePooling2D()")
    ok, text = checks(render("project-check", {**TASK_21, "code": pooled})["html"])[4]
    assert ok and "crops only while training" in text and "no later layer depends on the size" in text


def test_project_check_augmentation_is_required():
    plain = AUGMENTED.replace("FRONT", "Resizing(64, 64),")
    c = checks(render("project-check", {**TASK_21, "code": plain})["html"])
    assert [n for n, (ok, _) in c.items() if not ok] == [3]
    assert "no RandomFlip layer; no RandomRotation layer; no RandomZoom layer" in c[3][1]
    vertical = AUGMENTED.replace("FRONT", "Resizing(64, 64), " + AUGMENT.replace(
        "'horizontal'", "'vertical'"))
    c = checks(render("project-check", {**TASK_21, "code": vertical})["html"])
    assert "RandomFlip has mode='vertical'" in c[3][1] and not c[3][0]
    good = AUGMENTED.replace("FRONT", "Resizing(64, 64), " + AUGMENT)
    r = render("project-check", {**TASK_21, "code": good})
    assert "All targets met" in r["html"] and len(checks(r["html"])) == 7


def test_project_check_numbers_targets_in_task_order_whatever_the_option_order():
    # The page's options arrive with sorted keys; the numbering must still follow the task list.
    good = AUGMENTED.replace("FRONT", "Resizing(64, 64), " + AUGMENT)
    shuffled = dict(sorted(TASK_21.items()))
    a = checks(render("project-check", {**TASK_21, "code": good})["html"])
    b = checks(render("project-check", {**shuffled, "code": good})["html"])
    assert a == b and "augmentation" in b[3][1] and "parameter budget" in b[7][1]
