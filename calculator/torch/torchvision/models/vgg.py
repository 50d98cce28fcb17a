"""VGG 11/13/16/19, with and without batch norm, as torchvision defines them."""

import torch
from torch import nn

from ._api import resolve_weights, weights_enum

__all__ = ["VGG", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19",
           "vgg19_bn"]

# Filters per 3×3 conv ("M": a 2×2 max pool), torchvision's configurations A, B, D, E.
CFGS = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "E": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
          512, 512, 512, 512, "M"],
}


class VGG(nn.Module):
    def __init__(self, features, num_classes=1000, init_weights=True, dropout=0.5):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096),
            nn.ReLU(True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, 4096),
            nn.ReLU(True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


def make_layers(cfg, batch_norm=False):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
            if batch_norm:
                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]
            else:
                layers += [conv2d, nn.ReLU(inplace=True)]
            in_channels = v
    return nn.Sequential(*layers)


def _builder(name, cfg, batch_norm, num_params):
    enum_cls = weights_enum(f"{name.upper()}_Weights", num_params)

    def build(*, weights=None, progress=True, **kwargs):
        resolve_weights(enum_cls, weights, kwargs)
        return VGG(make_layers(CFGS[cfg], batch_norm=batch_norm), **kwargs)

    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"VGG configuration {cfg}{' with batch norm' if batch_norm else ''}."
    return build, enum_cls


# torchvision's published parameter counts (the weights' meta["num_params"]).
vgg11, VGG11_Weights = _builder("vgg11", "A", False, 132863336)
vgg11_bn, VGG11_BN_Weights = _builder("vgg11_bn", "A", True, 132868840)
vgg13, VGG13_Weights = _builder("vgg13", "B", False, 133047848)
vgg13_bn, VGG13_BN_Weights = _builder("vgg13_bn", "B", True, 133053736)
vgg16, VGG16_Weights = _builder("vgg16", "D", False, 138357544)
vgg16_bn, VGG16_BN_Weights = _builder("vgg16_bn", "D", True, 138365992)
vgg19, VGG19_Weights = _builder("vgg19", "E", False, 143667240)
vgg19_bn, VGG19_BN_Weights = _builder("vgg19_bn", "E", True, 143678248)
__all__ += [f"VGG{n}_Weights" for n in ("11", "11_BN", "13", "13_BN", "16", "16_BN", "19",
                                          "19_BN")]
