"""EfficientNet B0–B7 and V2-S/M/L as torchvision defines them.

B0–B7 stack MBConv blocks (expand, depthwise, squeeze-excitation, project); V2 starts with
FusedMBConv blocks (one full conv in place of expand + depthwise, no squeeze-excitation) and
uses BatchNorm with eps=0.001 and a 1280-channel last conv.
"""

import copy
import math
from collections.abc import Sequence
from functools import partial

import torch
from torch import nn

from ._api import resolve_weights, weights_enum
from ._ops import Conv2dNormActivation, SqueezeExcitation, StochasticDepth, make_divisible

__all__ = ["EfficientNet", "MBConv", "MBConvConfig"] + [
    f"efficientnet_b{i}" for i in range(8)] + [f"EfficientNet_B{i}_Weights" for i in range(8)] + [
    "efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l", "EfficientNet_V2_S_Weights",
    "EfficientNet_V2_M_Weights", "EfficientNet_V2_L_Weights"]


class _MBConvConfig:
    """One stage: its blocks' expansion, kernel, first stride, channels, depth and class."""

    def __init__(self, expand_ratio, kernel, stride, input_channels, out_channels, num_layers,
                 block):
        self.expand_ratio = expand_ratio
        self.kernel = kernel
        self.stride = stride
        self.input_channels = input_channels
        self.out_channels = out_channels
        self.num_layers = num_layers
        self.block = block

    @staticmethod
    def adjust_channels(channels, width_mult, min_value=None):
        return make_divisible(channels * width_mult, 8, min_value)


class MBConvConfig(_MBConvConfig):
    """One stage of Table 1 of the EfficientNet paper, scaled by width and depth."""

    def __init__(self, expand_ratio, kernel, stride, input_channels, out_channels, num_layers,
                 width_mult=1.0, depth_mult=1.0, block=None):
        super().__init__(expand_ratio, kernel, stride,
                         self.adjust_channels(input_channels, width_mult),
                         self.adjust_channels(out_channels, width_mult),
                         int(math.ceil(num_layers * depth_mult)), block or MBConv)


class FusedMBConvConfig(_MBConvConfig):
    """One stage of FusedMBConv blocks (EfficientNetV2), unscaled."""

    def __init__(self, expand_ratio, kernel, stride, input_channels, out_channels, num_layers,
                 block=None):
        super().__init__(expand_ratio, kernel, stride, input_channels, out_channels, num_layers,
                         block or FusedMBConv)


class MBConv(nn.Module):
    def __init__(self, cnf, stochastic_depth_prob, norm_layer, se_layer=SqueezeExcitation):
        super().__init__()
        if not 1 <= cnf.stride <= 2:
            raise ValueError("illegal stride value")
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        layers = []
        expanded = cnf.adjust_channels(cnf.input_channels, cnf.expand_ratio)
        if expanded != cnf.input_channels:
            layers.append(Conv2dNormActivation(cnf.input_channels, expanded, kernel_size=1,
                                               norm_layer=norm_layer, activation_layer=nn.SiLU))
        layers.append(Conv2dNormActivation(expanded, expanded, kernel_size=cnf.kernel,
                                           stride=cnf.stride, groups=expanded,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU))
        squeeze_channels = max(1, cnf.input_channels // 4)
        layers.append(se_layer(expanded, squeeze_channels,
                               activation=partial(nn.SiLU, inplace=True)))
        layers.append(Conv2dNormActivation(expanded, cnf.out_channels, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")
        self.out_channels = cnf.out_channels

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += input
        return result


class FusedMBConv(nn.Module):
    def __init__(self, cnf, stochastic_depth_prob, norm_layer):
        super().__init__()
        if not 1 <= cnf.stride <= 2:
            raise ValueError("illegal stride value")
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        expanded = cnf.adjust_channels(cnf.input_channels, cnf.expand_ratio)
        if expanded != cnf.input_channels:
            layers = [Conv2dNormActivation(cnf.input_channels, expanded, kernel_size=cnf.kernel,
                                           stride=cnf.stride, norm_layer=norm_layer,
                                           activation_layer=nn.SiLU),
                      Conv2dNormActivation(expanded, cnf.out_channels, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=None)]
        else:
            layers = [Conv2dNormActivation(cnf.input_channels, cnf.out_channels,
                                           kernel_size=cnf.kernel, stride=cnf.stride,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU)]
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")
        self.out_channels = cnf.out_channels

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += input
        return result


class EfficientNet(nn.Module):
    def __init__(self, inverted_residual_setting, dropout, stochastic_depth_prob=0.2,
                 num_classes=1000, norm_layer=None, last_channel=None):
        super().__init__()
        if not inverted_residual_setting:
            raise ValueError("The inverted_residual_setting should not be empty")
        if not (isinstance(inverted_residual_setting, Sequence)
                and all(isinstance(s, _MBConvConfig) for s in inverted_residual_setting)):
            raise TypeError("The inverted_residual_setting should be List[MBConvConfig]")
        norm_layer = norm_layer or nn.BatchNorm2d
        first = inverted_residual_setting[0].input_channels
        layers = [Conv2dNormActivation(3, first, kernel_size=3, stride=2, norm_layer=norm_layer,
                                       activation_layer=nn.SiLU)]
        total_blocks = sum(cnf.num_layers for cnf in inverted_residual_setting)
        block_id = 0
        for cnf in inverted_residual_setting:
            stage = []
            for _ in range(cnf.num_layers):
                block_cnf = copy.copy(cnf)
                if stage:
                    block_cnf.input_channels = block_cnf.out_channels
                    block_cnf.stride = 1
                sd_prob = stochastic_depth_prob * float(block_id) / total_blocks
                stage.append(block_cnf.block(block_cnf, sd_prob, norm_layer))
                block_id += 1
            layers.append(nn.Sequential(*stage))
        last_in = inverted_residual_setting[-1].out_channels
        last_out = last_channel if last_channel is not None else 4 * last_in
        layers.append(Conv2dNormActivation(last_in, last_out, kernel_size=1,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout, inplace=True),
                                        nn.Linear(last_out, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


# (width, depth, dropout, published parameter count) per variant, as torchvision builds them;
# B5-B7 use BatchNorm with eps=0.001, momentum=0.01.
_VARIANTS = {
    0: (1.0, 1.0, 0.2, 5288548),
    1: (1.0, 1.1, 0.2, 7794184),
    2: (1.1, 1.2, 0.3, 9109994),
    3: (1.2, 1.4, 0.3, 12233232),
    4: (1.4, 1.8, 0.4, 19341616),
    5: (1.6, 2.2, 0.4, 30389784),
    6: (1.8, 2.6, 0.5, 43040704),
    7: (2.0, 3.1, 0.5, 66347960),
}


def _stages(width_mult, depth_mult):
    conf = partial(MBConvConfig, width_mult=width_mult, depth_mult=depth_mult)
    return [conf(1, 3, 1, 32, 16, 1), conf(6, 3, 2, 16, 24, 2), conf(6, 5, 2, 24, 40, 2),
            conf(6, 3, 2, 40, 80, 3), conf(6, 5, 1, 80, 112, 3), conf(6, 5, 2, 112, 192, 4),
            conf(6, 3, 1, 192, 320, 1)]


def _builder(index):
    width, depth, dropout, num_params = _VARIANTS[index]
    versions = ("IMAGENET1K_V1", "IMAGENET1K_V2") if index == 1 else ("IMAGENET1K_V1",)
    enum_cls = weights_enum(f"EfficientNet_B{index}_Weights", num_params, versions,
                            default=versions[-1])

    def build(*, weights=None, progress=True, **kwargs):
        resolve_weights(enum_cls, weights, kwargs)
        if index >= 5:
            kwargs.setdefault("norm_layer", partial(nn.BatchNorm2d, eps=0.001, momentum=0.01))
        return EfficientNet(_stages(width, depth), kwargs.pop("dropout", dropout), **kwargs)

    build.__name__ = build.__qualname__ = f"efficientnet_b{index}"
    build.__doc__ = f"EfficientNet-B{index} (width ×{width}, depth ×{depth})."
    return build, enum_cls


efficientnet_b0, EfficientNet_B0_Weights = _builder(0)
efficientnet_b1, EfficientNet_B1_Weights = _builder(1)
efficientnet_b2, EfficientNet_B2_Weights = _builder(2)
efficientnet_b3, EfficientNet_B3_Weights = _builder(3)
efficientnet_b4, EfficientNet_B4_Weights = _builder(4)
efficientnet_b5, EfficientNet_B5_Weights = _builder(5)
efficientnet_b6, EfficientNet_B6_Weights = _builder(6)
efficientnet_b7, EfficientNet_B7_Weights = _builder(7)


# (stages, dropout, published parameter count) of EfficientNetV2-S/M/L.
_V2 = {
    "s": ([FusedMBConvConfig(1, 3, 1, 24, 24, 2), FusedMBConvConfig(4, 3, 2, 24, 48, 4),
           FusedMBConvConfig(4, 3, 2, 48, 64, 4), MBConvConfig(4, 3, 2, 64, 128, 6),
           MBConvConfig(6, 3, 1, 128, 160, 9), MBConvConfig(6, 3, 2, 160, 256, 15)],
          0.2, 21458488),
    "m": ([FusedMBConvConfig(1, 3, 1, 24, 24, 3), FusedMBConvConfig(4, 3, 2, 24, 48, 5),
           FusedMBConvConfig(4, 3, 2, 48, 80, 5), MBConvConfig(4, 3, 2, 80, 160, 7),
           MBConvConfig(6, 3, 1, 160, 176, 14), MBConvConfig(6, 3, 2, 176, 304, 18),
           MBConvConfig(6, 3, 1, 304, 512, 5)],
          0.3, 54139356),
    "l": ([FusedMBConvConfig(1, 3, 1, 32, 32, 4), FusedMBConvConfig(4, 3, 2, 32, 64, 7),
           FusedMBConvConfig(4, 3, 2, 64, 96, 7), MBConvConfig(4, 3, 2, 96, 192, 10),
           MBConvConfig(6, 3, 1, 192, 224, 19), MBConvConfig(6, 3, 2, 224, 384, 25),
           MBConvConfig(6, 3, 1, 384, 640, 7)],
          0.4, 118515272),
}


def _v2_builder(size):
    stages, dropout, num_params = _V2[size]
    enum_cls = weights_enum(f"EfficientNet_V2_{size.upper()}_Weights", num_params)

    def build(*, weights=None, progress=True, **kwargs):
        resolve_weights(enum_cls, weights, kwargs)
        return EfficientNet(stages, kwargs.pop("dropout", dropout), last_channel=1280,
                            norm_layer=partial(nn.BatchNorm2d, eps=1e-03), **kwargs)

    build.__name__ = build.__qualname__ = f"efficientnet_v2_{size}"
    build.__doc__ = f"EfficientNetV2-{size.upper()} ({len(stages)} stages, 3 of FusedMBConv)."
    return build, enum_cls


efficientnet_v2_s, EfficientNet_V2_S_Weights = _v2_builder("s")
efficientnet_v2_m, EfficientNet_V2_M_Weights = _v2_builder("m")
efficientnet_v2_l, EfficientNet_V2_L_Weights = _v2_builder("l")
