"""``torchvision.transforms`` (and ``transforms.v2``): pipelines can be built, not applied.

A transform changes data, not the model, so building one (``Compose([...])``,
``Normalize(mean, std)``) is accepted and does nothing; applying one to an image needs the
image, which the calculator does not have, so calling a transform stops the script.
"""

import importlib

from ...utils.data import made_on, needs_data

# torchvision 0.28's transform classes (v1 and the names v2 adds)
NAMES = """
AugMix AutoAugment AutoAugmentPolicy CenterCrop ColorJitter Compose ConvertImageDtype
ElasticTransform FiveCrop GaussianBlur Grayscale InterpolationMode Lambda LinearTransformation
Normalize PILToTensor Pad RandAugment RandomAdjustSharpness RandomAffine RandomApply
RandomAutocontrast RandomChoice RandomCrop RandomEqualize RandomErasing RandomGrayscale
RandomHorizontalFlip RandomInvert RandomOrder RandomPerspective RandomPosterize
RandomResizedCrop RandomRotation RandomSolarize RandomVerticalFlip Resize TenCrop ToPILImage
ToTensor TrivialAugmentWide
""".split()
V2_NAMES = NAMES + """
ClampBoundingBoxes CutMix GaussianNoise Identity JPEG MixUp RandomChannelPermutation RandomIoUCrop
RandomPhotometricDistort RandomShortestSize RandomZoomOut SanitizeBoundingBoxes ToDtype ToImage
ToPureTensor Transform
""".split()


class Transform:
    """A transform as a script builds it; calling it needs an image."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self._origin = f"transforms.{type(self).__name__}{made_on()}"

    def __call__(self, *inputs):
        raise needs_data("Applying a transform", f"the image given to {self._origin}")

    def __repr__(self):
        return f"<{self._origin}: built, not modelled by ConvDims>"


def _classes(names, module, into):
    for name in names:
        if name not in into:
            into[name] = type(name, (Transform,), {"__module__": module})


_classes(NAMES, __name__, globals())
__all__ = NAMES


def __getattr__(name):
    if name == "v2":
        return importlib.import_module(f"{__name__}.v2")
    raise AttributeError(f"module 'torchvision.transforms' has no attribute '{name}' "
                         "(not supported by ConvDims)")
