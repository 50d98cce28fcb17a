"""torchvision.models on the mirror: exact parameter counts, weights handling, forward shapes.

Expected totals are torchvision's published ``num_params`` of each model's ImageNet
weights (the model documentation pages, e.g. ``torchvision.models.resnet50``:
25557032). ``tests/fixtures/torchvision_models.json`` (``generate_torchvision_fixtures.py``)
holds what real torch 2.13 prints for the models added after the first eleven families, with
torchvision 0.28's own sources and the calculator's definitions giving the same text: each
script must print it here too. It also holds torchvision's public names and weights enums.
The first families' per-layer rows are checked by the corpus (``test_torch_corpus.py``).
"""

import json
import os

import pytest

from calculator import script_errors
from calculator.runner import run_script

PUBLISHED = {
    "alexnet": 61100840,
    "vgg11": 132863336, "vgg11_bn": 132868840, "vgg13": 133047848, "vgg13_bn": 133053736,
    "vgg16": 138357544, "vgg16_bn": 138365992, "vgg19": 143667240, "vgg19_bn": 143678248,
    "resnet18": 11689512, "resnet34": 21797672, "resnet50": 25557032,
    "resnet101": 44549160, "resnet152": 60192808,
    "mobilenet_v2": 3504872, "mobilenet_v3_large": 5483032, "mobilenet_v3_small": 2542856,
    "squeezenet1_0": 1248424, "squeezenet1_1": 1235496,
    "efficientnet_b0": 5288548, "efficientnet_b1": 7794184, "efficientnet_b2": 9109994,
    "efficientnet_b3": 12233232, "efficientnet_b4": 19341616, "efficientnet_b5": 30389784,
    "efficientnet_b6": 43040704, "efficientnet_b7": 66347960,
    "densenet121": 7978856, "densenet161": 28681000, "densenet169": 14149480,
    "densenet201": 20013928,
    "googlenet(weights='DEFAULT')": 6624904, "inception_v3": 27161264,
    "resnext50_32x4d": 25028904, "resnext101_32x8d": 88791336, "resnext101_64x4d": 83455272,
    "wide_resnet50_2": 68883240, "wide_resnet101_2": 126886696,
    "shufflenet_v2_x0_5": 1366792, "shufflenet_v2_x1_0": 2278604,
    "shufflenet_v2_x1_5": 3503624, "shufflenet_v2_x2_0": 7393996,
    "mnasnet0_5": 2218512, "mnasnet0_75": 3170208, "mnasnet1_0": 4383312, "mnasnet1_3": 6282256,
    "convnext_tiny": 28589128, "convnext_small": 50223688, "convnext_base": 88591464,
    "convnext_large": 197767336,
    "efficientnet_v2_s": 21458488, "efficientnet_v2_m": 54139356,
    "efficientnet_v2_l": 118515272,
    "regnet_y_400mf": 4344144, "regnet_y_800mf": 6432512, "regnet_y_1_6gf": 11202430,
    "regnet_y_3_2gf": 19436338, "regnet_y_8gf": 39381472, "regnet_y_16gf": 83590140,
    "regnet_y_32gf": 145046770, "regnet_y_128gf": 644812894,
    "regnet_x_400mf": 5495976, "regnet_x_800mf": 7259656, "regnet_x_1_6gf": 9190136,
    "regnet_x_3_2gf": 15296552, "regnet_x_8gf": 39572648, "regnet_x_16gf": 54278536,
    "regnet_x_32gf": 107811560,
}

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                       "torchvision_models.json")
with open(FIXTURE, encoding="utf-8") as _f:
    TORCHVISION = json.load(_f)
CASES = {case["name"]: case for case in TORCHVISION["cases"]}


def _count(expr):
    code = ("import torchvision\n"
            f"model = {expr}\n"
            "print(sum(p.numel() for p in model.parameters()))\n")
    return int(run_script(code).stdout)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_parameter_count_is_torchvisions(name):
    call = name if name.endswith(")") else f"{name}()"
    assert _count(f"torchvision.models.{call}") == PUBLISHED[name]


def test_googlenet_without_weights_keeps_its_auxiliary_heads():
    # GoogLeNet(aux_logits=True) by default: each head is a 1×1 conv to 128 channels (+BN),
    # fc1 2048→1024 and fc2 1024→1000: 128·c + 256 + 2,098,176 + 1,025,000 for c = 512, 528.
    heads = sum(128 * c + 256 + 2048 * 1024 + 1024 + 1024 * 1000 + 1000 for c in (512, 528))
    assert _count("torchvision.models.googlenet()") == 6624904 + heads == 13004888


@pytest.mark.parametrize("name", sorted(CASES))
def test_model_prints_what_torchvision_prints(name):
    case = CASES[name]
    if case["error"] is None:
        got = run_script(case["script"]).stdout.splitlines()
        want = case["stdout"].splitlines()
        for i, (g, w) in enumerate(zip(got, want)):
            assert g == w, f"line {i + 1}"
        assert len(got) == len(want)
        return
    with pytest.raises(Exception) as info:
        run_script(case["script"])
    assert type(info.value).__name__ == case["error"]["type"]
    assert getattr(info.value, "torch_message", str(info.value)) == case["error"]["message"]
    assert info.value.line == case["error"]["line"]
    assert info.value.stdout == case["stdout"]


def _mirror_names():
    return set(run_script("import torchvision.models\nnames = dir(torchvision.models)\n")
               .namespace["names"])


# The one member torchvision has and the mirror leaves out: VGG16's feature-extractor weights
# come without categories, so torchvision keeps the caller's num_classes with them.
MISSING_MEMBERS = {"VGG16_Weights": {"IMAGENET1K_FEATURES"}}


@pytest.mark.parametrize("enum", sorted(TORCHVISION["weights"]))
def test_weights_enums_are_torchvisions(enum):
    real = TORCHVISION["weights"][enum]
    if enum not in _mirror_names():
        assert enum in script_errors.TORCH_UNMODELLED["torchvision.models"]
        return
    code = (f"from torchvision.models import {enum} as E\n"
            "members = {k: w.meta['num_params'] for k, w in E._members.items() if k != 'DEFAULT'}\n"
            "default = E.DEFAULT.name\n")
    ns = run_script(code).namespace
    want = {k: v for k, v in real["members"].items() if k not in MISSING_MEMBERS.get(enum, ())}
    assert ns["members"] == want
    assert ns["default"] == real["default"]


def test_unmodelled_names_are_torchvisions_less_the_mirrors():
    real = set(TORCHVISION["public_names"]["torchvision.models"])
    assert script_errors.TORCH_UNMODELLED["torchvision.models"] == real - _mirror_names()


@pytest.mark.parametrize("code, name", [
    ("import torchvision\ntorchvision.models.vit_b_16()\n", "torchvision.models.vit_b_16"),
    ("from torchvision.models import swin_t, resnet18\n", "torchvision.models.swin_t"),
    ("from torchvision.models import maxvit_t\n", "torchvision.models.maxvit_t"),
    ("from torchvision.models.detection import fasterrcnn_resnet50_fpn\n",
     "torchvision.models.detection"),
    ("import torchvision.models.segmentation.deeplabv3\n", "torchvision.models.segmentation"),
    ("import torchvision\ntorchvision.models.video.r3d_18()\n", "torchvision.models.video"),
    ("from torchvision.models import quantization\n", "torchvision.models.quantization"),
    ("import torchvision.models as m\nm.get_model('resnet50')\n", "torchvision.models.get_model"),
])
def test_torchvision_names_not_modelled_are_refused_by_name(code, name):
    with pytest.raises(NotImplementedError) as info:
        run_script(code)
    assert str(info.value).startswith(f"{name} is not modelled by ConvDims yet: torchvision "
                                      "has it")


@pytest.mark.parametrize("weights", ["None", "'DEFAULT'", "'IMAGENET1K_V2'",
                                     "torchvision.models.ResNet50_Weights.IMAGENET1K_V1"])
def test_pretrained_weights_build_the_same_modules(weights):
    assert _count(f"torchvision.models.resnet50(weights={weights})") == 25557032


def test_legacy_pretrained_flag_is_accepted():
    assert _count("torchvision.models.vgg16(pretrained=True)") == 138357544


def test_weights_fix_num_classes_at_1000():
    with pytest.raises(ValueError, match="'num_classes' expected value 1000 but got 10"):
        run_script("import torchvision\n"
                   "torchvision.models.resnet18(weights='DEFAULT', num_classes=10)\n")


def test_unknown_weights_name_is_a_key_error():
    with pytest.raises(KeyError):
        run_script("from torchvision.models import resnet18\n"
                   "resnet18(weights='IMAGENET1K_V9')\n")


def test_num_classes_changes_only_the_head():
    # resnet18 head: 512·1000 + 1000 = 513,000 parameters; with 10 classes 512·10 + 10 = 5,130.
    assert _count("torchvision.models.resnet18(num_classes=10)") == 11689512 - 513000 + 5130


@pytest.mark.parametrize("name, size, out", [
    ("resnet50", 224, "torch.Size([2, 1000])"),
    ("densenet121", 64, "torch.Size([2, 1000])"),
    ("efficientnet_b0", 96, "torch.Size([2, 1000])"),
    ("mobilenet_v2", 32, "torch.Size([2, 1000])"),
    ("alexnet", 63, "torch.Size([2, 1000])"),
])
def test_forward_shape(name, size, out):
    code = ("import torch, torchvision\n"
            f"model = torchvision.models.{name}().eval()\n"
            f"print(model(torch.randn(2, 3, {size}, {size})).shape)\n")
    assert run_script(code).stdout.strip() == out
