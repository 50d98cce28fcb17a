"""Keras applications and lesson models, built layer by layer with the calculator.

Nine Keras applications ported from Keras 3.15's own source (same layer names, output
shapes, parameter counts, argument checks and error messages), plus the lesson models
LeNet-5 and AlexNet written in the same style:

    >>> from calculator import applications
    >>> model = applications.get("vgg16")          # keras.applications.VGG16()
    >>> model.count_params()
    138357544
    >>> applications.CATALOG["resnet50"]["year"]
    2015

`CATALOG[name]` holds `title`, `year`, `citation`, `url`, `description`, `function` (the
constructor's name), `default_input_shape`, `min_size` (least height/width accepted) and
`keras_application` (False for the lesson models).

`get(name, **kwargs)` takes the Keras constructor arguments (`include_top`, `weights`,
`input_tensor`, `input_shape`, `pooling`, `classes`, `classifier_activation`, `name`, and
per model `alpha`, `depth_multiplier`, `dropout`). Weights are validated as Keras does but
never loaded: they change no shape and no count. The Keras-mirror functions
(`VGG16`, `ResNet50`, ...) live in `calculator.keras.applications`.

Importing this package is cheap: each model's module loads on first use.
"""

import importlib

# name -> (module, function)
_BUILDERS = {
    "vgg16": ("vgg16", "VGG16"),
    "vgg19": ("vgg19", "VGG19"),
    "resnet50": ("resnet", "ResNet50"),
    "mobilenet": ("mobilenet", "MobileNet"),
    "mobilenetv2": ("mobilenet_v2", "MobileNetV2"),
    "inceptionv3": ("inception_v3", "InceptionV3"),
    "xception": ("xception", "Xception"),
    "densenet121": ("densenet", "DenseNet121"),
    "efficientnetb0": ("efficientnet", "EfficientNetB0"),
    "lenet5": ("lenet", "LeNet5"),
    "alexnet": ("alexnet", "AlexNet"),
}

NAMES = tuple(_BUILDERS)

CATALOG = {
    "lenet5": {
        "title": "LeNet-5",
        "year": 1998,
        "citation": "Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, \"Gradient-Based Learning "
                    "Applied to Document Recognition\", Proceedings of the IEEE 86(11), 1998.",
        "url": "http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf",
        "description": "Convolution and subsampling twice, then C5, F6 and the output "
                       "layer, reading 32x32 digit images: the template CNNs still follow.",
        "function": "LeNet5",
        "default_input_shape": (32, 32, 1),
        "min_size": 32,
        "keras_application": False,
    },
    "alexnet": {
        "title": "AlexNet",
        "year": 2012,
        "citation": "A. Krizhevsky, I. Sutskever and G. E. Hinton, \"ImageNet Classification "
                    "with Deep Convolutional Neural Networks\", NeurIPS 2012.",
        "url": "https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-"
               "convolutional-neural-networks",
        "description": "Five convolutions and three dense layers with ReLU and dropout, "
                       "trained on two GPUs: it won ImageNet 2012 by a wide margin.",
        "function": "AlexNet",
        "default_input_shape": (227, 227, 3),
        "min_size": 67,
        "keras_application": False,
    },
    "vgg16": {
        "title": "VGG16",
        "year": 2014,
        "citation": "K. Simonyan and A. Zisserman, \"Very Deep Convolutional Networks for "
                    "Large-Scale Image Recognition\", ICLR 2015 (arXiv:1409.1556).",
        "url": "https://arxiv.org/abs/1409.1556",
        "description": "Only 3x3 convolutions and 2x2 max pooling, stacked 16 weight layers "
                       "deep; most of its parameters sit in the dense head.",
        "function": "VGG16",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "vgg19": {
        "title": "VGG19",
        "year": 2014,
        "citation": "K. Simonyan and A. Zisserman, \"Very Deep Convolutional Networks for "
                    "Large-Scale Image Recognition\", ICLR 2015 (arXiv:1409.1556).",
        "url": "https://arxiv.org/abs/1409.1556",
        "description": "VGG16 with one more 3x3 convolution in each of the last three "
                       "blocks: 19 weight layers.",
        "function": "VGG19",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "resnet50": {
        "title": "ResNet50",
        "year": 2015,
        "citation": "K. He, X. Zhang, S. Ren and J. Sun, \"Deep Residual Learning for Image "
                    "Recognition\", CVPR 2016 (arXiv:1512.03385).",
        "url": "https://arxiv.org/abs/1512.03385",
        "description": "Shortcut connections add each block's input to its output, so a "
                       "50-layer network trains; 1x1 bottlenecks keep it small for its depth.",
        "function": "ResNet50",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "inceptionv3": {
        "title": "InceptionV3",
        "year": 2015,
        "citation": "C. Szegedy, V. Vanhoucke, S. Ioffe, J. Shlens and Z. Wojna, \"Rethinking "
                    "the Inception Architecture for Computer Vision\", CVPR 2016 "
                    "(arXiv:1512.00567).",
        "url": "https://arxiv.org/abs/1512.00567",
        "description": "Inception modules run 1x1, 3x3, factorised 7x1/1x7 convolutions and "
                       "pooling side by side and concatenate the results.",
        "function": "InceptionV3",
        "default_input_shape": (299, 299, 3),
        "min_size": 75,
        "keras_application": True,
    },
    "xception": {
        "title": "Xception",
        "year": 2016,
        "citation": "F. Chollet, \"Xception: Deep Learning with Depthwise Separable "
                    "Convolutions\", CVPR 2017 (arXiv:1610.02357).",
        "url": "https://arxiv.org/abs/1610.02357",
        "description": "Inception taken to the extreme: depthwise separable convolutions "
                       "with residual connections throughout.",
        "function": "Xception",
        "default_input_shape": (299, 299, 3),
        "min_size": 71,
        "keras_application": True,
    },
    "densenet121": {
        "title": "DenseNet121",
        "year": 2016,
        "citation": "G. Huang, Z. Liu, L. van der Maaten and K. Q. Weinberger, \"Densely "
                    "Connected Convolutional Networks\", CVPR 2017 (arXiv:1608.06993).",
        "url": "https://arxiv.org/abs/1608.06993",
        "description": "Each layer receives the concatenated feature maps of all earlier "
                       "layers in its block, adding only 32 new channels.",
        "function": "DenseNet121",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "mobilenet": {
        "title": "MobileNet",
        "year": 2017,
        "citation": "A. G. Howard et al., \"MobileNets: Efficient Convolutional Neural "
                    "Networks for Mobile Vision Applications\", arXiv:1704.04861, 2017.",
        "url": "https://arxiv.org/abs/1704.04861",
        "description": "Depthwise separable convolutions cut the cost of a 3x3 convolution "
                       "about eightfold; alpha thins every layer.",
        "function": "MobileNet",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "mobilenetv2": {
        "title": "MobileNetV2",
        "year": 2018,
        "citation": "M. Sandler, A. Howard, M. Zhu, A. Zhmoginov and L.-C. Chen, "
                    "\"MobileNetV2: Inverted Residuals and Linear Bottlenecks\", CVPR 2018 "
                    "(arXiv:1801.04381).",
        "url": "https://arxiv.org/abs/1801.04381",
        "description": "Inverted residual blocks expand thin layers, filter them depthwise "
                       "and project back linearly.",
        "function": "MobileNetV2",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
    "efficientnetb0": {
        "title": "EfficientNetB0",
        "year": 2019,
        "citation": "M. Tan and Q. V. Le, \"EfficientNet: Rethinking Model Scaling for "
                    "Convolutional Neural Networks\", ICML 2019 (arXiv:1905.11946).",
        "url": "https://arxiv.org/abs/1905.11946",
        "description": "A searched base network of MBConv blocks with squeeze-and-excitation, "
                       "the B0 of a family scaled in depth, width and resolution together.",
        "function": "EfficientNetB0",
        "default_input_shape": (224, 224, 3),
        "min_size": 32,
        "keras_application": True,
    },
}


def _canonical(name):
    key = str(name).strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    if key == "lenet":
        key = "lenet5"
    return key


def builder(name):
    """The constructor function for `name` (`"vgg16"`, `"ResNet50"`, `"lenet-5"` ...)."""
    key = _canonical(name)
    if key not in _BUILDERS:
        err = ValueError(
            f"Unknown model {name!r}. Choose one of: {', '.join(NAMES)}."
        )
        err.field = "name"
        raise err
    module, function = _BUILDERS[key]
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def get(name, **kwargs):
    """Build the application `name` with Keras constructor arguments `kwargs`.

    Layer names are those of a fresh Keras session (`conv2d`, `conv2d_1`, ...): the
    automatic-name counters are reset first, as `keras.backend.clear_session()` does.
    A list `input_shape` (as JSON gives it) is read as the tuple Keras expects.
    """
    build = builder(name)
    shape = kwargs.get("input_shape")
    if isinstance(shape, list):
        kwargs["input_shape"] = tuple(shape)
    _fresh_session()
    return build(**kwargs)


def _fresh_session():
    try:
        from calculator import core
    except ImportError:  # pragma: no cover
        return
    clear = getattr(core, "clear_session", None)
    if clear is not None:
        clear()
