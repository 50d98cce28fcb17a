"""RegNetY and RegNetX (400MF … 128GF) as torchvision defines them.

Each model is four stages of ``ResBottleneckBlock`` (1×1, grouped 3×3, optional
squeeze-excitation for RegNetY, 1×1, plus a projection when the width or stride changes). The
stage widths and depths come from ``BlockParams.from_init_params``: block ``i`` has width
``w_0 + i·w_a`` snapped to ``w_0·w_m^k`` and to a multiple of 8; equal widths form a stage.
torchvision computes this with float32 tensors; here the same steps run on Python floats
rounded to float32 after each operation, since the mirror's tensors carry no values.
"""

import math
import struct
from collections import OrderedDict
from functools import partial

from torch import nn

from ._api import resolve_weights, weights_enum
from ._ops import Conv2dNormActivation, SqueezeExcitation, make_divisible

__all__ = ["RegNet"]


def _f32(x):
    """``x`` rounded to the nearest float32, as a float32 tensor would hold it."""
    return struct.unpack("f", struct.pack("f", x))[0]


class SimpleStemIN(Conv2dNormActivation):
    """3 × 3 stride-2 conv, norm, activation."""

    def __init__(self, width_in, width_out, norm_layer, activation_layer):
        super().__init__(width_in, width_out, kernel_size=3, stride=2, norm_layer=norm_layer,
                         activation_layer=activation_layer)


class BottleneckTransform(nn.Sequential):
    def __init__(self, width_in, width_out, stride, norm_layer, activation_layer, group_width,
                 bottleneck_multiplier, se_ratio):
        layers = OrderedDict()
        w_b = int(round(width_out * bottleneck_multiplier))
        g = w_b // group_width
        layers["a"] = Conv2dNormActivation(width_in, w_b, kernel_size=1, stride=1,
                                           norm_layer=norm_layer,
                                           activation_layer=activation_layer)
        layers["b"] = Conv2dNormActivation(w_b, w_b, kernel_size=3, stride=stride, groups=g,
                                           norm_layer=norm_layer,
                                           activation_layer=activation_layer)
        if se_ratio:
            layers["se"] = SqueezeExcitation(input_channels=w_b,
                                             squeeze_channels=int(round(se_ratio * width_in)),
                                             activation=activation_layer)
        layers["c"] = Conv2dNormActivation(w_b, width_out, kernel_size=1, stride=1,
                                           norm_layer=norm_layer, activation_layer=None)
        super().__init__(layers)


class ResBottleneckBlock(nn.Module):
    def __init__(self, width_in, width_out, stride, norm_layer, activation_layer, group_width=1,
                 bottleneck_multiplier=1.0, se_ratio=None):
        super().__init__()
        self.proj = None
        if (width_in != width_out) or (stride != 1):
            self.proj = Conv2dNormActivation(width_in, width_out, kernel_size=1, stride=stride,
                                             norm_layer=norm_layer, activation_layer=None)
        self.f = BottleneckTransform(width_in, width_out, stride, norm_layer, activation_layer,
                                     group_width, bottleneck_multiplier, se_ratio)
        self.activation = activation_layer(inplace=True)

    def forward(self, x):
        if self.proj is not None:
            x = self.proj(x) + self.f(x)
        else:
            x = x + self.f(x)
        return self.activation(x)


class AnyStage(nn.Sequential):
    def __init__(self, width_in, width_out, stride, depth, block_constructor, norm_layer,
                 activation_layer, group_width, bottleneck_multiplier, se_ratio=None,
                 stage_index=0):
        super().__init__()
        for i in range(depth):
            block = block_constructor(width_in if i == 0 else width_out, width_out,
                                      stride if i == 0 else 1, norm_layer, activation_layer,
                                      group_width, bottleneck_multiplier, se_ratio)
            self.add_module(f"block{stage_index}-{i}", block)


class BlockParams:
    def __init__(self, depths, widths, group_widths, bottleneck_multipliers, strides,
                 se_ratio=None):
        self.depths = depths
        self.widths = widths
        self.group_widths = group_widths
        self.bottleneck_multipliers = bottleneck_multipliers
        self.strides = strides
        self.se_ratio = se_ratio

    @classmethod
    def from_init_params(cls, depth, w_0, w_a, w_m, group_width, bottleneck_multiplier=1.0,
                         se_ratio=None, **kwargs):
        """Per-stage settings from the RegNet parameters (the quantized linear widths)."""
        quant, stride = 8, 2
        if w_a < 0 or w_0 <= 0 or w_m <= 1 or w_0 % 8 != 0:
            raise ValueError("Invalid RegNet settings")
        log_w_m = _f32(math.log(w_m))
        block_widths = []
        for i in range(depth):
            width = _f32(_f32(i * _f32(w_a)) + w_0)
            capacity = round(_f32(_f32(math.log(_f32(width / w_0))) / log_w_m))
            scaled = _f32(w_0 * _f32(_f32(w_m) ** capacity))
            block_widths.append(int(round(_f32(scaled / quant)) * quant))
        num_stages = len(set(block_widths))
        splits = [w != wp for w, wp in zip(block_widths + [0], [0] + block_widths)]
        stage_widths = [w for w, t in zip(block_widths, splits[:-1]) if t]
        starts = [d for d, t in enumerate(splits) if t]
        stage_depths = [b - a for a, b in zip(starts, starts[1:])]
        bottleneck_multipliers = [bottleneck_multiplier] * num_stages
        stage_widths, group_widths = cls._adjust_widths_groups_compatibilty(
            stage_widths, bottleneck_multipliers, [group_width] * num_stages)
        return cls(depths=stage_depths, widths=stage_widths, group_widths=group_widths,
                   bottleneck_multipliers=bottleneck_multipliers, strides=[stride] * num_stages,
                   se_ratio=se_ratio)

    def _get_expanded_params(self):
        return zip(self.widths, self.strides, self.depths, self.group_widths,
                   self.bottleneck_multipliers)

    @staticmethod
    def _adjust_widths_groups_compatibilty(stage_widths, bottleneck_ratios, group_widths):
        widths = [int(w * b) for w, b in zip(stage_widths, bottleneck_ratios)]
        group_widths_min = [min(g, w_bot) for g, w_bot in zip(group_widths, widths)]
        ws_bot = [make_divisible(w_bot, g) for w_bot, g in zip(widths, group_widths_min)]
        stage_widths = [int(w_bot / b) for w_bot, b in zip(ws_bot, bottleneck_ratios)]
        return stage_widths, group_widths_min


class RegNet(nn.Module):
    def __init__(self, block_params, num_classes=1000, stem_width=32, stem_type=None,
                 block_type=None, norm_layer=None, activation=None):
        super().__init__()
        stem_type = stem_type or SimpleStemIN
        norm_layer = norm_layer or nn.BatchNorm2d
        block_type = block_type or ResBottleneckBlock
        activation = activation or nn.ReLU
        self.stem = stem_type(3, stem_width, norm_layer, activation)
        current_width = stem_width
        blocks = []
        for i, (width_out, stride, depth, group_width, bottleneck_multiplier) in enumerate(
                block_params._get_expanded_params()):
            blocks.append((f"block{i + 1}", AnyStage(
                current_width, width_out, stride, depth, block_type, norm_layer, activation,
                group_width, bottleneck_multiplier, block_params.se_ratio, stage_index=i + 1)))
            current_width = width_out
        self.trunk_output = nn.Sequential(OrderedDict(blocks))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(in_features=current_width, out_features=num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.trunk_output(x)
        x = self.avgpool(x)
        x = x.flatten(start_dim=1)
        return self.fc(x)


_V2 = ("IMAGENET1K_V1", "IMAGENET1K_V2")
_SWAG = _V2 + ("IMAGENET1K_SWAG_E2E_V1", "IMAGENET1K_SWAG_LINEAR_V1")

# name: (depth, w_0, w_a, w_m, group_width, se_ratio, published parameter count, weights).
_SETTINGS = {
    "y_400mf": (16, 48, 27.89, 2.09, 8, 0.25, 4344144, _V2),
    "y_800mf": (14, 56, 38.84, 2.4, 16, 0.25, 6432512, _V2),
    "y_1_6gf": (27, 48, 20.71, 2.65, 24, 0.25, 11202430, _V2),
    "y_3_2gf": (21, 80, 42.63, 2.66, 24, 0.25, 19436338, _V2),
    "y_8gf": (17, 192, 76.82, 2.19, 56, 0.25, 39381472, _V2),
    "y_16gf": (18, 200, 106.23, 2.48, 112, 0.25, 83590140, _SWAG),
    "y_32gf": (20, 232, 115.89, 2.53, 232, 0.25, 145046770, _SWAG),
    "y_128gf": (27, 456, 160.83, 2.52, 264, 0.25, 644812894,
                ("IMAGENET1K_SWAG_E2E_V1", "IMAGENET1K_SWAG_LINEAR_V1")),
    "x_400mf": (22, 24, 24.48, 2.54, 16, None, 5495976, _V2),
    "x_800mf": (16, 56, 35.73, 2.28, 16, None, 7259656, _V2),
    "x_1_6gf": (18, 80, 34.01, 2.25, 24, None, 9190136, _V2),
    "x_3_2gf": (25, 88, 26.31, 2.25, 48, None, 15296552, _V2),
    "x_8gf": (23, 80, 49.56, 2.88, 120, None, 39572648, _V2),
    "x_16gf": (22, 216, 55.59, 2.1, 128, None, 54278536, _V2),
    "x_32gf": (23, 320, 69.86, 2.0, 168, None, 107811560, _V2),
}


def _builder(suffix):
    depth, w_0, w_a, w_m, group_width, se_ratio, num_params, versions = _SETTINGS[suffix]
    enum_cls = weights_enum(f"RegNet_{suffix.upper()}_Weights", num_params, versions,
                            default="IMAGENET1K_V2" if "IMAGENET1K_V2" in versions else None)

    def build(*, weights=None, progress=True, **kwargs):
        params = BlockParams.from_init_params(depth=depth, w_0=w_0, w_a=w_a, w_m=w_m,
                                              group_width=group_width, se_ratio=se_ratio,
                                              **kwargs)
        resolve_weights(enum_cls, weights, kwargs)
        norm_layer = kwargs.pop("norm_layer", partial(nn.BatchNorm2d, eps=1e-05, momentum=0.1))
        return RegNet(params, norm_layer=norm_layer, **kwargs)

    build.__name__ = build.__qualname__ = f"regnet_{suffix}"
    build.__doc__ = (f"RegNet{suffix[0].upper()} {suffix[2:].upper()} (depth={depth}, "
                     f"w_0={w_0}, w_a={w_a}, w_m={w_m}, group_width={group_width}).")
    return build, enum_cls


for _suffix in _SETTINGS:
    globals()[f"regnet_{_suffix}"], globals()[f"RegNet_{_suffix.upper()}_Weights"] = \
        _builder(_suffix)
    __all__ += [f"regnet_{_suffix}", f"RegNet_{_suffix.upper()}_Weights"]
