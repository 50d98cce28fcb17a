"""calculator.applications and the keras.applications mirror.

Expected values come from two places only:

- `tests/fixtures/applications/*.json`, recorded from real Keras 3.15.1 by
  `tests/fixtures/generate_application_fixtures.py` (every layer's name, class, output
  shape, trainable / non-trainable parameters, model totals, and the errors of invalid
  calls with their exact messages);
- hand derivations written out below (LeNet-5, AlexNet, the reference totals).
"""

import glob
import json
import os
import warnings

import pytest

from calculator import applications
from calculator import keras
from calculator.core import clear_session

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "applications")


def _load():
    data = {}
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.json"))):
        with open(path) as f:
            d = json.load(f)
        data[d["application"]] = d
    return data


FIXTURE_DATA = _load()

VALID = [(app, case) for app, d in FIXTURE_DATA.items() for case in d["cases"]]
INVALID = [(app, err) for app, d in FIXTURE_DATA.items() for err in d["errors"]]


def _expand_layers(app, case):
    """Full rows of a case; a compact case lists only its changes to an earlier case."""
    layers = case["layers"]
    if isinstance(layers, list):
        return layers
    base_case = next(c for c in FIXTURE_DATA[app]["cases"] if c["id"] == layers["base"])
    rows = list(_expand_layers(app, base_case)[: layers["length"]])
    rows += [None] * (layers["length"] - len(rows))
    for index, row in layers["changed"].items():
        rows[int(index)] = row
    assert None not in rows
    return rows


def _decode(kwargs, keep_list=False):
    out = {}
    for k, v in kwargs.items():
        if isinstance(v, dict) and "__input__" in v:
            v = keras.Input(shape=tuple(v["__input__"]))
        elif k == "input_shape" and isinstance(v, list) and not keep_list:
            v = tuple(v)
        out[k] = v
    return out


def _keras_function(app):
    return getattr(keras.applications, FIXTURE_DATA[app]["function"])


def _count(weights):
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= d
        total += n
    return total


def _rows(model):
    return [
        [layer.name, type(layer).__name__, list(layer.output.shape),
         _count(layer.trainable_weights), _count(layer.non_trainable_weights)]
        for layer in model.layers
    ]


def _build(fn, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(**kwargs)


def test_fixtures_present():
    assert sorted(FIXTURE_DATA) == sorted(
        ["vgg16", "vgg19", "resnet50", "mobilenet", "mobilenetv2", "inceptionv3",
         "xception", "densenet121", "efficientnetb0"])
    for d in FIXTURE_DATA.values():
        assert d["keras_version"] == "3.15.1"


# ----------------------------------------------------------------- real Keras fixtures
@pytest.mark.parametrize("app,case", VALID, ids=[f"{a}-{c['id']}" for a, c in VALID])
def test_matches_keras(app, case):
    clear_session()  # before any Input is made: a fresh session's names
    model = _build(_keras_function(app), _decode(case["kwargs"]))
    assert model.name == case["model_name"]
    got = _rows(model)
    want = _expand_layers(app, case)
    # the first difference, readably, before the whole-list comparison
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"layer {i}: got {g}, Keras has {w}"
    assert len(got) == len(want)
    assert list(model.output_shape) == case["output_shape"]
    assert model.count_params() == case["total"]
    assert _count(model.trainable_weights) == case["trainable"]
    assert _count(model.non_trainable_weights) == case["non_trainable"]


@pytest.mark.parametrize("app,err", INVALID, ids=[f"{a}-{e['id']}" for a, e in INVALID])
def test_errors_match_keras(app, err):
    clear_session()
    kwargs = _decode(err["kwargs"], keep_list=err["id"] == "imagenet_top_list_shape")
    fn = _keras_function(app)
    if err["type"] is None:  # Keras accepted it
        assert _build(fn, kwargs).count_params() == err["total"]
        return
    with pytest.raises(Exception) as info:
        _build(fn, kwargs)
    assert type(info.value).__name__ == err["type"]
    if err["id"] == "imagenet_relu":
        # Keras prints the activation function object (`<function relu at 0x...>`)
        prefix = err["message"].split("classifier_activation=")[0]
        assert str(info.value).startswith(prefix)
    else:
        assert str(info.value) == err["message"]


@pytest.mark.parametrize("kwargs,field", [
    ({"classes": 10}, "classes"),
    ({"weights": "no_such_file.h5"}, "weights"),
    ({"weights": None, "include_top": False, "input_shape": (20, 20, 3)}, "input_shape"),
    ({"include_top": False, "input_shape": (224, 224, 1)}, "input_shape"),
    ({"classifier_activation": "relu"}, "classifier_activation"),
    ({"weights": None, "include_top": False, "input_tensor": [1, 2]}, "input_tensor"),
])
def test_errors_name_the_field(kwargs, field):
    with pytest.raises(ValueError) as info:
        applications.get("resnet50", **kwargs)
    assert info.value.field == field


def test_mobilenet_errors_name_the_field():
    with pytest.raises(ValueError) as info:
        applications.get("mobilenet", alpha=0.3)
    assert info.value.field == "alpha"
    with pytest.raises(ValueError) as info:
        applications.get("mobilenet", depth_multiplier=2)
    assert info.value.field == "depth_multiplier"


# ------------------------------------------------------------------ reference totals
def test_reference_totals():
    # DESIGN.md section 3, verified against real Keras 3.15.
    assert applications.get("vgg16").count_params() == 138_357_544
    assert applications.get("resnet50").count_params() == 25_636_712
    eff = applications.get("efficientnetb0")
    assert eff.count_params() == 5_330_571
    norm = eff.get_layer("normalization") if hasattr(eff, "get_layer") else [
        la for la in eff.layers if la.name == "normalization"][0]
    # Normalization(axis=3) on RGB: mean (3) + variance (3) + count (1), none trainable
    assert _count(norm.non_trainable_weights) == 3 + 3 + 1
    assert _count(norm.trainable_weights) == 0


def test_vgg16_head_by_hand():
    # 7*7*512 inputs to fc1 after five 2x2 poolings of 224: 224 / 2**5 = 7
    model = applications.get("vgg16", weights=None)
    by_name = {la.name: la for la in model.layers}
    assert by_name["flatten"].output.shape == (None, 7 * 7 * 512)
    assert by_name["fc1"].count_params() == 7 * 7 * 512 * 4096 + 4096
    assert by_name["fc2"].count_params() == 4096 * 4096 + 4096
    assert by_name["predictions"].count_params() == 4096 * 1000 + 1000


def test_names_continue_in_one_session_as_in_keras():
    # InceptionV3 leaves its 94 convolutions unnamed (fixture: conv2d ... conv2d_93);
    # without clear_session a second build continues at conv2d_94, as Keras does.
    default = FIXTURE_DATA["inceptionv3"]["cases"][0]
    rows = [r for r in _expand_layers("inceptionv3", default) if r[1] == "Conv2D"]
    assert len(rows) == 94 and rows[-1][0] == "conv2d_93"
    clear_session()
    keras.applications.InceptionV3(weights=None)
    second = keras.applications.InceptionV3(weights=None)
    convs = [la.name for la in second.layers if type(la).__name__ == "Conv2D"]
    assert convs[0] == "conv2d_94"
    assert second.layers[0].name == "input_layer_1"
    # the registry always builds with a fresh session's names
    assert [la.name for la in applications.get("inceptionv3").layers][:2] == [
        "input_layer", "conv2d"]


# ------------------------------------------------------------------- lesson models
def test_lenet5_by_hand():
    """LeNet-5, Keras rendering (valid 5x5 convolutions, 2x2 average pooling).

    32 -> c1: 32-5+1 = 28 -> s2: 28/2 = 14 -> c3: 14-5+1 = 10 -> s4: 5 -> c5: 5-5+1 = 1
    c1: 5*5*1*6 + 6 = 156;  c3: 5*5*6*16 + 16 = 2,416 (full connectivity);
    c5: 5*5*16*120 + 120 = 48,120;  f6: 120*84 + 84 = 10,164;  out: 84*10 + 10 = 850
    total 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706
    """
    model = applications.get("lenet5")
    want = [
        ["input_layer", "InputLayer", [None, 32, 32, 1], 0, 0],
        ["c1", "Conv2D", [None, 28, 28, 6], 156, 0],
        ["s2", "AveragePooling2D", [None, 14, 14, 6], 0, 0],
        ["c3", "Conv2D", [None, 10, 10, 16], 2416, 0],
        ["s4", "AveragePooling2D", [None, 5, 5, 16], 0, 0],
        ["c5", "Conv2D", [None, 1, 1, 120], 48120, 0],
        ["flatten", "Flatten", [None, 120], 0, 0],
        ["f6", "Dense", [None, 84], 10164, 0],
        ["predictions", "Dense", [None, 10], 850, 0],
    ]
    assert _rows(model) == want
    assert model.count_params() == 156 + 2416 + 48120 + 10164 + 850 == 61706
    assert model.name == "lenet5"
    # The paper's own count differs by exactly the documented simplifications:
    # S2 +6*2, C3 (6*3 + 9*4 + 1*6)*25 + 16 = 1,516 instead of 2,416, S4 +16*2,
    # RBF output 84*10 = 840 instead of 850.
    paper = 156 + 12 + (6 * 3 + 9 * 4 + 1 * 6) * 25 + 16 + 32 + 48120 + 10164 + 84 * 10
    assert paper == 60840
    assert model.count_params() - paper == (2416 - 1516) - 12 - 32 + (850 - 840)


def test_lenet5_variants():
    # 28x28 MNIST digits are too small for valid C1..C5: 28-4=24, 12, 8, 4, then 4-4=0.
    with pytest.raises(ValueError) as info:
        applications.get("lenet5", input_shape=(28, 28, 1))
    assert info.value.field == "input_shape"
    assert str(info.value) == (
        "Input size must be at least 32x32; Received: input_shape=(28, 28, 1)")
    # 3 channels: only c1 changes: 5*5*3*6 + 6 = 456
    rgb = applications.get("lenet5", input_shape=(32, 32, 3), classes=43)
    assert rgb.count_params() == 456 + 2416 + 48120 + 10164 + (84 * 43 + 43)
    notop = applications.get("lenet5", include_top=False, pooling="avg")
    assert notop.output_shape == (None, 120)
    assert notop.count_params() == 156 + 2416 + 48120
    with pytest.raises(ValueError) as info:
        applications.get("lenet5", weights="imagenet")
    assert info.value.field == "weights"


def test_alexnet_by_hand():
    """AlexNet, one tower, 227x227x3 input.

    conv1 11x11/4 valid: (227-11)/4+1 = 55; pool 3/2: (55-3)/2+1 = 27; conv2 same: 27;
    pool: (27-3)/2+1 = 13; conv3-5 same: 13; pool: (13-3)/2+1 = 6; flatten 6*6*256 = 9216
    """
    model = applications.get("alexnet")
    want = [
        ["input_layer", "InputLayer", [None, 227, 227, 3], 0, 0],
        ["conv1", "Conv2D", [None, 55, 55, 96], 11 * 11 * 3 * 96 + 96, 0],
        ["pool1", "MaxPooling2D", [None, 27, 27, 96], 0, 0],
        ["conv2", "Conv2D", [None, 27, 27, 256], 5 * 5 * 96 * 256 + 256, 0],
        ["pool2", "MaxPooling2D", [None, 13, 13, 256], 0, 0],
        ["conv3", "Conv2D", [None, 13, 13, 384], 3 * 3 * 256 * 384 + 384, 0],
        ["conv4", "Conv2D", [None, 13, 13, 384], 3 * 3 * 384 * 384 + 384, 0],
        ["conv5", "Conv2D", [None, 13, 13, 256], 3 * 3 * 384 * 256 + 256, 0],
        ["pool5", "MaxPooling2D", [None, 6, 6, 256], 0, 0],
        ["flatten", "Flatten", [None, 9216], 0, 0],
        ["fc6", "Dense", [None, 4096], 9216 * 4096 + 4096, 0],
        ["drop6", "Dropout", [None, 4096], 0, 0],
        ["fc7", "Dense", [None, 4096], 4096 * 4096 + 4096, 0],
        ["drop7", "Dropout", [None, 4096], 0, 0],
        ["predictions", "Dense", [None, 1000], 4096 * 1000 + 1000, 0],
    ]
    assert _rows(model) == want
    assert model.count_params() == 62_378_344


def test_alexnet_two_towers_by_hand():
    # conv2, conv4, conv5 see half of their input channels (groups=2):
    # 5*5*48*256+256 = 307,456; 3*3*192*384+384 = 663,936; 3*3*192*256+256 = 442,624
    model = applications.get("alexnet", two_towers=True)
    by_name = {la.name: la.count_params() for la in model.layers}
    assert by_name["conv2"] == 5 * 5 * 48 * 256 + 256 == 307_456
    assert by_name["conv4"] == 3 * 3 * 192 * 384 + 384 == 663_936
    assert by_name["conv5"] == 3 * 3 * 192 * 256 + 256 == 442_624
    assert model.count_params() == 62_378_344 - (614_656 - 307_456) - (
        1_327_488 - 663_936) - (884_992 - 442_624) == 60_965_224


def test_alexnet_input_limits():
    # 67 is the least side: (67-11)//4+1 = 15, pool 7, pool 3, pool 1; 66 gives 14, 6, 2, 0
    small = applications.get("alexnet", include_top=False, input_shape=(67, 67, 3))
    assert small.output_shape == (None, 1, 1, 256)
    with pytest.raises(ValueError):
        applications.get("alexnet", include_top=False, input_shape=(66, 66, 3))
    # the paper's stated 224: (224-11)//4+1 = 54 (the erratum), then 26, 12, 5
    paper = applications.get("alexnet", input_shape=(224, 224, 3))
    by_name = {la.name: la.output.shape for la in paper.layers}
    assert [by_name[n] for n in ("conv1", "conv2", "conv3", "conv5", "pool5")] == [
        (None, 54, 54, 96), (None, 26, 26, 256), (None, 12, 12, 384),
        (None, 12, 12, 256), (None, 5, 5, 256)]


# ------------------------------------------------------------------------ registry
def test_catalog_and_registry():
    assert set(applications.CATALOG) == set(applications.NAMES) == {
        "vgg16", "vgg19", "resnet50", "mobilenet", "mobilenetv2", "inceptionv3",
        "xception", "densenet121", "efficientnetb0", "lenet5", "alexnet"}
    for name, entry in applications.CATALOG.items():
        assert entry["title"] and entry["citation"] and entry["description"]
        assert 1990 < entry["year"] < 2030
        assert callable(applications.builder(name))
    assert applications.CATALOG["lenet5"]["year"] == 1998
    for name, entry in applications.CATALOG.items():
        model = applications.get(name)
        assert model.input_shape == (None,) + entry["default_input_shape"], name
        assert type(model).__name__ in ("Functional", "Model")
        fn = applications.builder(name)
        assert fn.__name__ == entry["function"]
        m = entry["min_size"]
        notop = fn(include_top=False, weights=None, input_shape=(m, m, 1 if name == "lenet5" else 3))
        assert all(d >= 1 for d in notop.output_shape[1:]), name
        with pytest.raises(ValueError) as info:
            fn(include_top=False, weights=None, input_shape=(m - 1, m - 1, 3))
        assert str(info.value).startswith(f"Input size must be at least {m}x{m}"), name
    assert applications.CATALOG["alexnet"]["year"] == 2012
    assert applications.builder("ResNet50") is keras.applications.ResNet50
    assert applications.builder("LeNet-5") is keras.applications.LeNet5


def test_registry_reads_json_shapes():
    # a list input_shape (as JSON gives it) is taken as Keras's tuple
    model = applications.get("mobilenet", input_shape=[160, 160, 3], include_top=False)
    assert model.name == "mobilenet_1.00_160"
    assert model.output_shape == (None, 5, 5, 1024)


def test_unknown_name():
    with pytest.raises(ValueError) as info:
        applications.get("resnet9000")
    assert "vgg16" in str(info.value)
    assert info.value.field == "name"


# --------------------------------------------------------------------- keras mirror
def test_keras_mirror_submodules():
    from calculator.keras.applications import resnet50
    from calculator.keras.applications.mobilenet_v2 import MobileNetV2
    from calculator.keras.applications.vgg16 import VGG16, preprocess_input

    assert VGG16 is keras.applications.VGG16
    assert resnet50.ResNet50 is keras.applications.ResNet50
    assert MobileNetV2 is keras.applications.MobileNetV2
    data = [[[1.0, 2.0, 3.0]]]
    assert preprocess_input(data) is data
    x = keras.Input(shape=(224, 224, 3))
    y = preprocess_input(x)  # Keras's ops (slices, stack, add): same shape, a new tensor
    assert y is not x and y.shape == x.shape
    # Keras has it (hasattr and imports work, as in Keras); building one is refused by name
    assert hasattr(keras.applications, "NASNetLarge")
    with pytest.raises(NotImplementedError, match="NASNetLarge exists in Keras 3"):
        keras.applications.NASNetLarge(weights=None)


def test_keras_mirror_top_level_helpers():
    # a runner may map every `keras.applications.*` import to the one mirror module
    from calculator.keras.applications import decode_predictions, preprocess_input

    data = [[[0.5, 0.5, 0.5]]]
    assert preprocess_input(data) is data
    x = keras.Input(shape=(32, 32, 3))
    y = preprocess_input(x)  # Keras's ops (slices, stack, add): same shape, a new tensor
    assert y is not x and y.shape == x.shape
    with pytest.raises(NotImplementedError):
        decode_predictions(keras.Input(shape=(1000,)))


def test_weights_path_is_accepted_never_loaded():
    # Keras accepts the path of an existing file (and would load it); counts are the same
    here = os.path.abspath(__file__)
    assert applications.get("vgg16", weights=here, include_top=False).count_params() == 14_714_688


def test_frozen_base_for_transfer_learning():
    # the lesson pattern: a frozen base under a new head
    clear_session()
    base = keras.applications.VGG16(weights="imagenet", include_top=False,
                                    input_shape=(160, 160, 3))
    base.trainable = False
    inputs = keras.Input(shape=(160, 160, 3))
    x = base(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(5, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    conv_params = 138_357_544 - (25088 * 4096 + 4096) - (4096 * 4096 + 4096) - (4096 * 1000 + 1000)
    assert conv_params == 14_714_688
    assert model.count_params() == conv_params + 512 * 5 + 5
    assert _count(model.non_trainable_weights) == conv_params
    assert _count(model.trainable_weights) == 512 * 5 + 5


@pytest.mark.parametrize("name", ["ConvNeXtTiny", "EfficientNetV2B0", "MobileNetV3Small"])
def test_keras_applications_not_modelled_are_refused_by_name(name):
    """Keras 3 has these; a script using one is refused naming it and its line, not told
    that Keras lacks it (an AttributeError)."""
    from calculator.runner import run_script
    with pytest.raises(NotImplementedError, match=f"keras.applications.{name} exists") as info:
        run_script(f"import keras\n\nmodel = keras.applications.{name}(weights=None)\n")
    assert info.value.line == 3
