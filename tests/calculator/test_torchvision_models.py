"""torchvision.models on the mirror: exact parameter counts, weights handling, forward shapes.

Expected totals are torchvision's published ``num_params`` of each model's ImageNet
weights (the model documentation pages, e.g. ``torchvision.models.resnet50``:
25557032). The per-layer rows and ``print(model)`` text of these models are checked by the
corpus (``test_torch_corpus.py``) against real torch running the same definitions.
"""

import pytest

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
}


def _count(expr):
    code = ("import torchvision\n"
            f"model = {expr}\n"
            "print(sum(p.numel() for p in model.parameters()))\n")
    return int(run_script(code).stdout)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_parameter_count_is_torchvisions(name):
    assert _count(f"torchvision.models.{name}()") == PUBLISHED[name]


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
