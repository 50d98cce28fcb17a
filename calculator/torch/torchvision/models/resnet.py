"""ResNet 18–152, ResNeXt and Wide ResNet as torchvision defines them (V1.5: stride on the 3×3
conv). ResNeXt sets ``groups`` and ``width_per_group``, Wide ResNet doubles
``width_per_group``: both change only the Bottleneck's 3×3 width."""

import torch
from torch import nn

from ._api import overwrite_named_param, resolve_weights, weights_enum

__all__ = ["ResNet", "BasicBlock", "Bottleneck", "resnet18", "resnet34", "resnet50",
           "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d",
           "wide_resnet50_2", "wide_resnet101_2"]


def conv3x3(in_planes, out_planes, stride=1, groups=1, dilation=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=dilation,
                     groups=groups, bias=False, dilation=dilation)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        if groups != 1 or base_width != 64:
            raise ValueError("BasicBlock only supports groups=1 and base_width=64")
        if dilation > 1:
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        width = int(planes * (base_width / 64.0)) * groups
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = norm_layer(width)
        self.conv2 = conv3x3(width, width, stride, groups, dilation)
        self.bn2 = norm_layer(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = norm_layer(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class ResNet(nn.Module):
    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        if len(replace_stride_with_dilation) != 3:
            raise ValueError("replace_stride_with_dilation should be None or a 3-element "
                             f"tuple, got {replace_stride_with_dilation}")
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2,
                                       dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2,
                                       dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2,
                                       dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        norm_layer = self._norm_layer
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride),
                                       norm_layer(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample, self.groups, self.base_width,
                        previous_dilation, norm_layer)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups,
                                base_width=self.base_width, dilation=self.dilation,
                                norm_layer=norm_layer))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


def _builder(name, enum_name, block, layers, num_params, versions=("IMAGENET1K_V1",),
             **fixed):
    """The builder ``name`` and its weights enum; ``fixed`` are the ResNet arguments the
    builder sets (a different value passed raises ``ValueError``, as in torchvision)."""
    enum_cls = weights_enum(enum_name, num_params, versions, default=versions[-1])

    def build(*, weights=None, progress=True, **kwargs):
        for param, value in fixed.items():
            overwrite_named_param(kwargs, param, value)
        resolve_weights(enum_cls, weights, kwargs)
        return ResNet(block, layers, **kwargs)

    build.__name__ = build.__qualname__ = name
    settings = "".join(f", {k}={v}" for k, v in fixed.items())
    build.__doc__ = f"{name}: ResNet({block.__name__}, {layers}{settings})."
    return build, enum_cls


_V2 = ("IMAGENET1K_V1", "IMAGENET1K_V2")
# torchvision's published parameter counts (the weights' meta["num_params"]).
resnet18, ResNet18_Weights = _builder("resnet18", "ResNet18_Weights", BasicBlock, [2, 2, 2, 2],
                                      11689512)
resnet34, ResNet34_Weights = _builder("resnet34", "ResNet34_Weights", BasicBlock, [3, 4, 6, 3],
                                      21797672)
resnet50, ResNet50_Weights = _builder("resnet50", "ResNet50_Weights", Bottleneck, [3, 4, 6, 3],
                                      25557032, _V2)
resnet101, ResNet101_Weights = _builder("resnet101", "ResNet101_Weights", Bottleneck,
                                        [3, 4, 23, 3], 44549160, _V2)
resnet152, ResNet152_Weights = _builder("resnet152", "ResNet152_Weights", Bottleneck,
                                        [3, 8, 36, 3], 60192808, _V2)
resnext50_32x4d, ResNeXt50_32X4D_Weights = _builder(
    "resnext50_32x4d", "ResNeXt50_32X4D_Weights", Bottleneck, [3, 4, 6, 3], 25028904, _V2,
    groups=32, width_per_group=4)
resnext101_32x8d, ResNeXt101_32X8D_Weights = _builder(
    "resnext101_32x8d", "ResNeXt101_32X8D_Weights", Bottleneck, [3, 4, 23, 3], 88791336, _V2,
    groups=32, width_per_group=8)
resnext101_64x4d, ResNeXt101_64X4D_Weights = _builder(
    "resnext101_64x4d", "ResNeXt101_64X4D_Weights", Bottleneck, [3, 4, 23, 3], 83455272,
    groups=64, width_per_group=4)
wide_resnet50_2, Wide_ResNet50_2_Weights = _builder(
    "wide_resnet50_2", "Wide_ResNet50_2_Weights", Bottleneck, [3, 4, 6, 3], 68883240, _V2,
    width_per_group=128)
wide_resnet101_2, Wide_ResNet101_2_Weights = _builder(
    "wide_resnet101_2", "Wide_ResNet101_2_Weights", Bottleneck, [3, 4, 23, 3], 126886696, _V2,
    width_per_group=128)
__all__ += [f"ResNet{n}_Weights" for n in (18, 34, 50, 101, 152)] + [
    "ResNeXt50_32X4D_Weights", "ResNeXt101_32X8D_Weights", "ResNeXt101_64X4D_Weights",
    "Wide_ResNet50_2_Weights", "Wide_ResNet101_2_Weights"]
