"""ConvNeXt Tiny/Small/Base/Large as torchvision defines them.

A 4 × 4 stride-4 stem, four stages of ``CNBlock`` (7 × 7 depthwise conv, channels-last
LayerNorm and two Linear layers around GELU, a learnt per-channel ``layer_scale``, stochastic
depth) with a LayerNorm2d + 2 × 2 stride-2 conv between stages, then LayerNorm2d, Flatten and
Linear. ``layer_scale`` is a parameter of each block: ``dim`` values each.
"""

from collections.abc import Sequence
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from ._api import resolve_weights, weights_enum
from ._ops import Conv2dNormActivation, Permute, StochasticDepth

__all__ = ["ConvNeXt", "convnext_tiny", "convnext_small", "convnext_base", "convnext_large",
           "ConvNeXt_Tiny_Weights", "ConvNeXt_Small_Weights", "ConvNeXt_Base_Weights",
           "ConvNeXt_Large_Weights"]


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of an (N, C, H, W) tensor (permuted to channels last)."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class CNBlock(nn.Module):
    def __init__(self, dim, layer_scale, stochastic_depth_prob, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = partial(nn.LayerNorm, eps=1e-6)
        self.block = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim, bias=True),
            Permute([0, 2, 3, 1]),
            norm_layer(dim),
            nn.Linear(in_features=dim, out_features=4 * dim, bias=True),
            nn.GELU(),
            nn.Linear(in_features=4 * dim, out_features=dim, bias=True),
            Permute([0, 3, 1, 2]))
        self.layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * layer_scale)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")

    def forward(self, input):
        result = self.layer_scale * self.block(input)
        result = self.stochastic_depth(result)
        result += input
        return result


class CNBlockConfig:
    """One stage: its channels, the next stage's (``None`` for the last) and its depth."""

    def __init__(self, input_channels, out_channels, num_layers):
        self.input_channels = input_channels
        self.out_channels = out_channels
        self.num_layers = num_layers

    def __repr__(self):
        return (f"{self.__class__.__name__}(input_channels={self.input_channels}, "
                f"out_channels={self.out_channels}, num_layers={self.num_layers})")


class ConvNeXt(nn.Module):
    def __init__(self, block_setting, stochastic_depth_prob=0.0, layer_scale=1e-6,
                 num_classes=1000, block=None, norm_layer=None, **kwargs):
        super().__init__()
        if not block_setting:
            raise ValueError("The block_setting should not be empty")
        if not (isinstance(block_setting, Sequence)
                and all(isinstance(s, CNBlockConfig) for s in block_setting)):
            raise TypeError("The block_setting should be List[CNBlockConfig]")
        if block is None:
            block = CNBlock
        if norm_layer is None:
            norm_layer = partial(LayerNorm2d, eps=1e-6)
        layers = [Conv2dNormActivation(3, block_setting[0].input_channels, kernel_size=4,
                                       stride=4, padding=0, norm_layer=norm_layer,
                                       activation_layer=None, bias=True)]
        total_stage_blocks = sum(cnf.num_layers for cnf in block_setting)
        stage_block_id = 0
        for cnf in block_setting:
            stage = []
            for _ in range(cnf.num_layers):
                sd_prob = stochastic_depth_prob * stage_block_id / (total_stage_blocks - 1.0)
                stage.append(block(cnf.input_channels, layer_scale, sd_prob))
                stage_block_id += 1
            layers.append(nn.Sequential(*stage))
            if cnf.out_channels is not None:
                layers.append(nn.Sequential(
                    norm_layer(cnf.input_channels),
                    nn.Conv2d(cnf.input_channels, cnf.out_channels, kernel_size=2, stride=2)))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        lastblock = block_setting[-1]
        last_channels = (lastblock.out_channels if lastblock.out_channels is not None
                         else lastblock.input_channels)
        self.classifier = nn.Sequential(norm_layer(last_channels), nn.Flatten(1),
                                        nn.Linear(last_channels, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        return self.classifier(x)


def _builder(size, widths, depth3, stochastic_depth_prob, num_params):
    enum_cls = weights_enum(f"ConvNeXt_{size}_Weights", num_params)

    def build(*, weights=None, progress=True, **kwargs):
        resolve_weights(enum_cls, weights, kwargs)
        block_setting = [CNBlockConfig(widths[0], widths[1], 3),
                         CNBlockConfig(widths[1], widths[2], 3),
                         CNBlockConfig(widths[2], widths[3], depth3),
                         CNBlockConfig(widths[3], None, 3)]
        sd_prob = kwargs.pop("stochastic_depth_prob", stochastic_depth_prob)
        return ConvNeXt(block_setting, stochastic_depth_prob=sd_prob, **kwargs)

    build.__name__ = build.__qualname__ = f"convnext_{size.lower()}"
    build.__doc__ = f"ConvNeXt {size} (stage widths {widths}, depths [3, 3, {depth3}, 3])."
    return build, enum_cls


# torchvision's published parameter counts (the weights' meta["num_params"]).
convnext_tiny, ConvNeXt_Tiny_Weights = _builder("Tiny", [96, 192, 384, 768], 9, 0.1, 28589128)
convnext_small, ConvNeXt_Small_Weights = _builder("Small", [96, 192, 384, 768], 27, 0.4,
                                                  50223688)
convnext_base, ConvNeXt_Base_Weights = _builder("Base", [128, 256, 512, 1024], 27, 0.5,
                                                88591464)
convnext_large, ConvNeXt_Large_Weights = _builder("Large", [192, 384, 768, 1536], 27, 0.5,
                                                  197767336)
