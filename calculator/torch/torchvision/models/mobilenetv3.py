"""MobileNetV3 Large and Small as torchvision defines them (hard-swish, SE with hard-sigmoid)."""

from functools import partial

import torch
from torch import nn

from ._api import resolve_weights, weights_enum
from ._ops import Conv2dNormActivation, SqueezeExcitation, make_divisible

__all__ = ["MobileNetV3", "mobilenet_v3_large", "mobilenet_v3_small",
           "MobileNet_V3_Large_Weights", "MobileNet_V3_Small_Weights"]

# torchvision's published parameter counts (the weights' meta["num_params"]).
MobileNet_V3_Large_Weights = weights_enum("MobileNet_V3_Large_Weights", 5483032,
                                          ("IMAGENET1K_V1", "IMAGENET1K_V2"),
                                          default="IMAGENET1K_V2")
MobileNet_V3_Small_Weights = weights_enum("MobileNet_V3_Small_Weights", 2542856)


class InvertedResidualConfig:
    """One row of Tables 1–2 of the MobileNetV3 paper, channels scaled by ``width_mult``."""

    def __init__(self, input_channels, kernel, expanded_channels, out_channels, use_se,
                 activation, stride, dilation, width_mult):
        self.input_channels = self.adjust_channels(input_channels, width_mult)
        self.kernel = kernel
        self.expanded_channels = self.adjust_channels(expanded_channels, width_mult)
        self.out_channels = self.adjust_channels(out_channels, width_mult)
        self.use_se = use_se
        self.use_hs = activation == "HS"
        self.stride = stride
        self.dilation = dilation

    @staticmethod
    def adjust_channels(channels, width_mult):
        return make_divisible(channels * width_mult, 8)


class InvertedResidual(nn.Module):
    def __init__(self, cnf, norm_layer,
                 se_layer=partial(SqueezeExcitation, scale_activation=nn.Hardsigmoid)):
        super().__init__()
        if not 1 <= cnf.stride <= 2:
            raise ValueError("illegal stride value")
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        activation_layer = nn.Hardswish if cnf.use_hs else nn.ReLU
        layers = []
        if cnf.expanded_channels != cnf.input_channels:
            layers.append(Conv2dNormActivation(cnf.input_channels, cnf.expanded_channels,
                                               kernel_size=1, norm_layer=norm_layer,
                                               activation_layer=activation_layer))
        stride = 1 if cnf.dilation > 1 else cnf.stride
        layers.append(Conv2dNormActivation(cnf.expanded_channels, cnf.expanded_channels,
                                           kernel_size=cnf.kernel, stride=stride,
                                           dilation=cnf.dilation, groups=cnf.expanded_channels,
                                           norm_layer=norm_layer,
                                           activation_layer=activation_layer))
        if cnf.use_se:
            layers.append(se_layer(cnf.expanded_channels,
                                   make_divisible(cnf.expanded_channels // 4, 8)))
        layers.append(Conv2dNormActivation(cnf.expanded_channels, cnf.out_channels,
                                           kernel_size=1, norm_layer=norm_layer,
                                           activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.out_channels = cnf.out_channels
        self._is_cn = cnf.stride > 1

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result += input
        return result


class MobileNetV3(nn.Module):
    def __init__(self, inverted_residual_setting, last_channel, num_classes=1000, block=None,
                 norm_layer=None, dropout=0.2):
        super().__init__()
        if not inverted_residual_setting:
            raise ValueError("The inverted_residual_setting should not be empty")
        block = block or InvertedResidual
        norm_layer = norm_layer or partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)
        first = inverted_residual_setting[0].input_channels
        layers = [Conv2dNormActivation(3, first, kernel_size=3, stride=2, norm_layer=norm_layer,
                                       activation_layer=nn.Hardswish)]
        layers += [block(cnf, norm_layer) for cnf in inverted_residual_setting]
        last_in = inverted_residual_setting[-1].out_channels
        last_out = 6 * last_in
        layers.append(Conv2dNormActivation(last_in, last_out, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Linear(last_out, last_channel),
            nn.Hardswish(inplace=True),
            nn.Dropout(p=dropout, inplace=True),
            nn.Linear(last_channel, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


def _config(arch, width_mult=1.0, reduced_tail=False, dilated=False):
    """(blocks, last_channel): kernel, expansion, out, SE, activation, stride per block."""
    rd = 2 if reduced_tail else 1
    d = 2 if dilated else 1
    conf = partial(InvertedResidualConfig, width_mult=width_mult)
    if arch == "large":
        rows = [(16, 3, 16, 16, False, "RE", 1, 1), (16, 3, 64, 24, False, "RE", 2, 1),
                (24, 3, 72, 24, False, "RE", 1, 1), (24, 5, 72, 40, True, "RE", 2, 1),
                (40, 5, 120, 40, True, "RE", 1, 1), (40, 5, 120, 40, True, "RE", 1, 1),
                (40, 3, 240, 80, False, "HS", 2, 1), (80, 3, 200, 80, False, "HS", 1, 1),
                (80, 3, 184, 80, False, "HS", 1, 1), (80, 3, 184, 80, False, "HS", 1, 1),
                (80, 3, 480, 112, True, "HS", 1, 1), (112, 3, 672, 112, True, "HS", 1, 1),
                (112, 5, 672, 160 // rd, True, "HS", 2, d),
                (160 // rd, 5, 960 // rd, 160 // rd, True, "HS", 1, d),
                (160 // rd, 5, 960 // rd, 160 // rd, True, "HS", 1, d)]
        last = 1280 // rd
    else:
        rows = [(16, 3, 16, 16, True, "RE", 2, 1), (16, 3, 72, 24, False, "RE", 2, 1),
                (24, 3, 88, 24, False, "RE", 1, 1), (24, 5, 96, 40, True, "HS", 2, 1),
                (40, 5, 240, 40, True, "HS", 1, 1), (40, 5, 240, 40, True, "HS", 1, 1),
                (40, 5, 120, 48, True, "HS", 1, 1), (48, 5, 144, 48, True, "HS", 1, 1),
                (48, 5, 288, 96 // rd, True, "HS", 2, d),
                (96 // rd, 5, 576 // rd, 96 // rd, True, "HS", 1, d),
                (96 // rd, 5, 576 // rd, 96 // rd, True, "HS", 1, d)]
        last = 1024 // rd
    return [conf(*row) for row in rows], InvertedResidualConfig.adjust_channels(last, width_mult)


def mobilenet_v3_large(*, weights=None, progress=True, **kwargs):
    resolve_weights(MobileNet_V3_Large_Weights, weights, kwargs)
    blocks, last = _config("large", **{k: kwargs.pop(k) for k in
                                       ("width_mult", "reduced_tail", "dilated") if k in kwargs})
    return MobileNetV3(blocks, last, **kwargs)


def mobilenet_v3_small(*, weights=None, progress=True, **kwargs):
    resolve_weights(MobileNet_V3_Small_Weights, weights, kwargs)
    blocks, last = _config("small", **{k: kwargs.pop(k) for k in
                                       ("width_mult", "reduced_tail", "dilated") if k in kwargs})
    return MobileNetV3(blocks, last, **kwargs)
