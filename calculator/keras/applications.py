"""``keras.applications``: the Keras application constructors, built by the calculator.

``keras.applications.VGG16(...)``, ``keras.applications.resnet50.ResNet50(...)``,
``from keras.applications.vgg16 import VGG16, preprocess_input`` ... all work as in
Keras 3.15: same arguments, defaults, layer names, shapes, parameter counts and errors.
Beyond the catalogue of ``calculator.applications`` (the site's models), the deeper members
of its families are here too: ``ResNet101``/``ResNet152``, ``ResNet50V2``/``101V2``/``152V2``, ``DenseNet169``/``DenseNet201``,
``EfficientNetB1``...``B7`` (Keras's own block counts and coefficients).
Weights are validated but never loaded (they change no shape and no count). The lesson
models ``LeNet5`` and ``AlexNet`` are available here too (they are not in Keras).

Keras's submodules (``vgg16``, ``resnet50``, ``mobilenet_v2`` ...) are registered as
``calculator.keras.applications.<name>`` so dotted imports resolve.
"""

import importlib as _importlib
import sys as _sys

# Keras submodule name -> calculator.applications module
_SUBMODULES = {
    "vgg16": "vgg16",
    "vgg19": "vgg19",
    "resnet": "resnet",
    "resnet50": "resnet",
    "resnet_v2": "resnet_v2",
    "mobilenet": "mobilenet",
    "mobilenet_v2": "mobilenet_v2",
    "inception_v3": "inception_v3",
    "xception": "xception",
    "densenet": "densenet",
    "efficientnet": "efficientnet",
    "imagenet_utils": "imagenet_utils",
    "lenet": "lenet",
    "alexnet": "alexnet",
}

# Top-level constructor -> calculator.applications module
_FUNCTIONS = {
    "VGG16": "vgg16",
    "VGG19": "vgg19",
    "ResNet50": "resnet",
    "MobileNet": "mobilenet",
    "MobileNetV2": "mobilenet_v2",
    "InceptionV3": "inception_v3",
    "Xception": "xception",
    "ResNet101": "resnet",
    "ResNet152": "resnet",
    "ResNet50V2": "resnet_v2",
    "ResNet101V2": "resnet_v2",
    "ResNet152V2": "resnet_v2",
    "DenseNet121": "densenet",
    "DenseNet169": "densenet",
    "DenseNet201": "densenet",
    "EfficientNetB0": "efficientnet",
    "EfficientNetB1": "efficientnet",
    "EfficientNetB2": "efficientnet",
    "EfficientNetB3": "efficientnet",
    "EfficientNetB4": "efficientnet",
    "EfficientNetB5": "efficientnet",
    "EfficientNetB6": "efficientnet",
    "EfficientNetB7": "efficientnet",
    "LeNet5": "lenet",
    "AlexNet": "alexnet",
}

__all__ = sorted(_FUNCTIONS) + sorted(_SUBMODULES)

# A package-like module: `import calculator.keras.applications.vgg16` goes to the finder.
__path__ = []


def _module(name):
    return _importlib.import_module(f"calculator.applications.{name}")


class _SubmoduleFinder:
    """Resolves ``calculator.keras.applications.<submodule>`` to the calculator's module."""

    prefix = __name__ + "."

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(self.prefix):
            return None
        short = fullname[len(self.prefix):]
        if short not in _SUBMODULES:
            return None
        import importlib.util

        return importlib.util.spec_from_loader(fullname, _AliasLoader(_SUBMODULES[short]))


class _AliasLoader:
    def __init__(self, target):
        self.target = target
        self._spec = None

    def create_module(self, spec):
        module = _module(self.target)
        self._spec = module.__spec__
        return module

    def exec_module(self, module):
        # the import machinery stamped the alias spec on the module: put its own back
        module.__spec__ = self._spec


if not any(isinstance(f, _SubmoduleFinder) for f in _sys.meta_path):
    _sys.meta_path.append(_SubmoduleFinder())


#: Keras 3.15's applications that ConvDims does not build: refused by name, not "no attribute".
_KERAS_UNMODELLED = frozenset({
    "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtSmall", "ConvNeXtTiny", "ConvNeXtXLarge",
    "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2", "EfficientNetV2B3",
    "EfficientNetV2L", "EfficientNetV2M", "EfficientNetV2S", "InceptionResNetV2",
    "MobileNetV3Large", "MobileNetV3Small", "NASNetLarge", "NASNetMobile"})


def _unmodelled(name):
    def application(*args, **kwargs):
        provided = sorted(n for n in _FUNCTIONS if n not in ("AlexNet", "LeNet5"))
        raise NotImplementedError(
            f"keras.applications.{name} exists in Keras 3 but ConvDims does not model it yet "
            f"(ConvDims provides: {', '.join(provided)}).")
    application.__name__ = application.__qualname__ = name
    return application


def __getattr__(name):
    if name in ("preprocess_input", "decode_predictions"):
        # `from keras.applications.vgg16 import preprocess_input` may land here (a runner
        # can map every `keras.applications.*` to this module): values only, shapes kept.
        return getattr(_module("imagenet_utils"), name)
    if name in _FUNCTIONS:
        return getattr(_module(_FUNCTIONS[name]), name)
    if name in _SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    if name in _KERAS_UNMODELLED:  # it exists (hasattr, imports): building one is refused
        return _unmodelled(name)
    raise AttributeError(
        f"module 'keras.applications' has no attribute '{name}' (ConvDims provides: "
        f"{', '.join(sorted(_FUNCTIONS))})"
    )


def __dir__():
    return list(__all__)
