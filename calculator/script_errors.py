"""What the runner adds to the exception a script raises, so it reads as Keras's and says the fix.

- **Public names**: the mirror lives in ``calculator.keras``; a message names ``keras``
  instead, and an ``ImportError`` loses its ``(path)`` / ``(unknown location)`` tail.
- **The Keras 3 fix for Keras 2 code**: Keras 3 rejects Keras 2's arguments (``lr=``,
  ``border_mode=``, ``nb_filter=``...), modules (``keras.layers.convolutional``,
  ``keras.utils.np_utils``...) and names (``keras.backend.int_shape``, ``ImageDataGenerator``,
  ``model.fit_generator``...). The exception keeps Keras's type and message; one line is added
  after it with what to write instead.
"""

from __future__ import annotations

import re

__all__ = ["polish", "public_message", "keras3_fix", "unmodelled"]

#: Keras 2 argument -> what Keras 3 takes instead.
ARGUMENTS = {
    "lr": "Keras 3 renamed `lr` to `learning_rate`: write learning_rate=...",
    "border_mode": "Keras 3 calls it `padding`: write padding='same' or padding='valid'.",
    "init": "Keras 3 calls it `kernel_initializer`: write kernel_initializer=...",
    "subsample": "Keras 3 calls it `strides`: write strides=(2, 2).",
    "dim_ordering": "Keras 3 calls it `data_format`: write data_format='channels_last' "
                    "(or 'channels_first').",
    "W_regularizer": "Keras 3 calls it `kernel_regularizer`.",
    "b_regularizer": "Keras 3 calls it `bias_regularizer`.",
    "W_constraint": "Keras 3 calls it `kernel_constraint`.",
    "b_constraint": "Keras 3 calls it `bias_constraint`.",
    "nb_filter": "Keras 3 calls it `filters`: write Conv2D(filters=32, kernel_size=(3, 3)).",
    "nb_row": "Keras 3 takes the kernel size as one argument: kernel_size=(rows, cols).",
    "nb_col": "Keras 3 takes the kernel size as one argument: kernel_size=(rows, cols).",
    "output_dim": "Keras 3 calls it `units`: write Dense(units=...).",
    "p": "Keras 3 calls it `rate`: write Dropout(rate=0.5).",
    "input": "Keras 3 calls them `inputs` and `outputs`: write Model(inputs=..., outputs=...).",
    "output": "Keras 3 calls them `inputs` and `outputs`: write Model(inputs=..., outputs=...).",
    "mode": "Keras 3 has no `mode` argument: remove it.",
    "nb_epoch": "Keras 3 calls it `epochs`.",
    "samples_per_epoch": "Keras 3 counts batches: write steps_per_epoch=...",
}

_LAYERS_HINT = ("Keras 3 has no submodules in keras.layers: import every layer from keras.layers "
                "itself (from keras.layers import Conv2D, MaxPooling2D).")
#: Module that Keras 3 removed (exact name or a parent) -> the fix.
MODULES = {
    "keras.layers": _LAYERS_HINT,
    "keras.layers.experimental": "Keras 3 has the preprocessing layers in keras.layers itself "
                                 "(keras.layers.Rescaling, RandomFlip...).",
    "keras.utils.np_utils": "to_categorical is in keras.utils: "
                            "from keras.utils import to_categorical.",
    "keras.utils.vis_utils": "plot_model is in keras.utils: from keras.utils import plot_model.",
    "keras.engine": "Keras 3 has no keras.engine: the base classes are keras.layers.Layer, "
                    "keras.Model and keras.Input.",
    "keras.wrappers": "Keras 3 has no keras.wrappers.scikit_learn: use keras.wrappers."
                      "SKLearnClassifier / SKLearnRegressor (or the scikeras package).",
    "keras.preprocessing.text": "Keras 3 has no keras.preprocessing.text: use the "
                                "keras.layers.TextVectorization layer.",
}

_IDG = ("Keras 3 removed ImageDataGenerator: load images with "
        "keras.utils.image_dataset_from_directory and augment them with layers in the model "
        "(keras.layers.RandomFlip, RandomRotation, RandomZoom...).")
#: (module, name) that Keras 3 removed -> the fix; module None: a method of a model.
NAMES = {
    ("keras.utils", "np_utils"): MODULES["keras.utils.np_utils"],
    ("keras.preprocessing.image", "ImageDataGenerator"): _IDG,
    ("keras.preprocessing", "ImageDataGenerator"): _IDG,
    ("keras.backend", "int_shape"): "Keras 3 has no int_shape: use the tensor's shape, x.shape.",
    ("keras.backend", "image_dim_ordering"): "Keras 3 has keras.backend.image_data_format() "
                                             "('channels_last').",
    ("keras.backend", "set_image_dim_ordering"): "Keras 3 has "
        "keras.backend.set_image_data_format('channels_last').",
    ("keras.backend", "count_params"): "use layer.count_params() or model.count_params().",
    ("keras.backend", "get_value"): "use keras.ops.convert_to_numpy(variable).",
    ("keras.backend", "set_value"): "use variable.assign(value).",
    ("keras.layers", "merge"): "Keras 3 merges with layers: keras.layers.concatenate, add, "
                               "multiply... (or Concatenate(), Add()...).",
    ("keras.layers", "Merge"): "Keras 3 merges with layers: keras.layers.Concatenate(), Add(), "
                               "Multiply()...",
    ("keras.layers", "experimental"): MODULES["keras.layers.experimental"],
    (None, "fit_generator"): "Keras 3's model.fit accepts generators: write model.fit(...).",
    (None, "evaluate_generator"): "Keras 3's model.evaluate accepts generators: write "
                                  "model.evaluate(...).",
    (None, "predict_generator"): "Keras 3's model.predict accepts generators: write "
                                 "model.predict(...).",
    (None, "predict_classes"): "Keras 3 has no predict_classes: write "
                               "np.argmax(model.predict(x), axis=-1).",
    (None, "predict_proba"): "Keras 3 has no predict_proba: model.predict(x) gives the "
                             "probabilities.",
}

#: Keras 3.15's ``keras.layers`` names (``dir(keras.layers)``): a missing one is a layer ConvDims
#: does not model yet, not one that Keras lacks, and the message must say so.
KERAS3_LAYERS = frozenset("""
Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add
AdditiveAttention AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D
AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D BatchNormalization Bidirectional
CategoryEncoding CenterCrop Concatenate ContrastLimitedAdaptiveHistogramEqualization Conv1D
Conv1DTranspose Conv2D Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D
Convolution1D Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D
Convolution3DTranspose Cropping1D Cropping2D Cropping3D CutMix Dense DepthwiseConv1D
DepthwiseConv2D Discretization Dot Dropout ELU EinsumDense Embedding Equalization Flatten
FlaxLayer GRU GRUCell GaussianDropout GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D
GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D
GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D
GroupNormalization GroupQueryAttention HashedCrossing Hashing Identity Input InputLayer InputSpec
IntegerLookup JaxLayer LSTM LSTMCell Lambda Layer LayerNormalization LeakyReLU Masking
MaxNumBoundingBoxes MaxPool1D MaxPool2D MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D Maximum
MelSpectrogram Minimum MixUp MultiHeadAttention Multiply Normalization PReLU Permute Pipeline
RMSNormalization RNN RandAugment RandomBrightness RandomColorDegeneration RandomColorJitter
RandomContrast RandomCrop RandomElasticTransform RandomErasing RandomFlip RandomGaussianBlur
RandomGrayscale RandomHue RandomInvert RandomPerspective RandomPosterization RandomRotation
RandomSaturation RandomSharpness RandomShear RandomTranslation RandomZoom ReLU RepeatVector
Rescaling Reshape Resizing ReversibleEmbedding STFTSpectrogram SeparableConv1D SeparableConv2D
SeparableConvolution1D SeparableConvolution2D SimpleRNN SimpleRNNCell Softmax Solarization
SpatialDropout1D SpatialDropout2D SpatialDropout3D SpectralNormalization StackedRNNCells
StringLookup Subtract TFSMLayer TextVectorization TimeDistributed TorchModuleWrapper
UnitNormalization UpSampling1D UpSampling2D UpSampling3D Wrapper ZeroPadding1D ZeroPadding2D
ZeroPadding3D add average concatenate deserialize dot maximum minimum multiply serialize subtract
""".split())


# What torch 2.13 has and the PyTorch mirror lacks (dir() of the real modules, less the
# mirror's names): using one stops the script with a NotImplementedError naming it.
TORCH_UNMODELLED = {
    "torch.autograd": frozenset("""
Function NestedIOFunction forward_ad function functional gradcheck gradgradcheck graph
profiler profiler_legacy profiler_util
""".split()),
    "torch.nn": frozenset("""
AdaptiveLogSoftmaxWithLoss CTCLoss CosineEmbeddingLoss
CrossMapLRN2d DataParallel FractionalMaxPool2d FractionalMaxPool3d
GaussianNLLLoss HingeEmbeddingLoss LazyInstanceNorm1d
LazyInstanceNorm2d LazyInstanceNorm3d LinearCrossEntropyLoss MarginRankingLoss
MultiLabelMarginLoss MultiLabelSoftMarginLoss MultiMarginLoss
NLLLoss2d PoissonNLLLoss RNNCellBase
SoftMarginLoss TripletMarginWithDistanceLoss
""".split()),
    "torch.nn.functional": frozenset("""
conv_tbc
cosine_embedding_loss ctc_loss fractional_max_pool2d
fractional_max_pool2d_with_indices fractional_max_pool3d fractional_max_pool3d_with_indices
gaussian_nll_loss hinge_embedding_loss margin_ranking_loss
multi_margin_loss multilabel_margin_loss multilabel_soft_margin_loss
poisson_nll_loss soft_margin_loss triplet_margin_with_distance_loss
""".split()),
    # torchvision 0.28's public names (tests/fixtures/torchvision_models.json) less the
    # mirror's: transformers, the model registry and the task submodules.
    "torchvision.models": frozenset("""
MaxVit MaxVit_T_Weights SwinTransformer Swin_B_Weights Swin_S_Weights Swin_T_Weights
Swin_V2_B_Weights Swin_V2_S_Weights Swin_V2_T_Weights ViT_B_16_Weights ViT_B_32_Weights
ViT_H_14_Weights ViT_L_16_Weights ViT_L_32_Weights VisionTransformer Weights WeightsEnum
detection get_model get_model_builder get_model_weights get_weight list_models maxvit maxvit_t
mobilenet optical_flow quantization segmentation swin_b swin_s swin_t swin_transformer swin_v2_b
swin_v2_s swin_v2_t video vision_transformer vit_b_16 vit_b_32 vit_h_14 vit_l_16 vit_l_32
""".split()),
}


# torch 2.13's public submodules (pkgutil over torch, torch.nn, torch.nn.modules,
# torch.nn.utils, torch.optim, torch.utils): one the mirror lacks (``torch.nn.utils.rnn``,
# ``torch.jit``) stops the script with a NotImplementedError naming it.
TORCH_SUBMODULES = frozenset("""
torch.accelerator torch.amp torch.ao torch.autograd torch.backends torch.compiler torch.contrib
torch.cpu torch.cuda torch.distributed torch.distributions torch.export torch.fft torch.func
torch.functional torch.futures torch.fx torch.hub torch.jit torch.library torch.linalg
torch.masked torch.monitor torch.mps torch.mtia torch.multiprocessing torch.nativert
torch.nested torch.nn torch.nn.attention torch.nn.backends torch.nn.common_types torch.nn.cpp
torch.nn.functional torch.nn.grad torch.nn.init torch.nn.intrinsic torch.nn.modules
torch.nn.modules.activation torch.nn.modules.adaptive torch.nn.modules.batchnorm
torch.nn.modules.channelshuffle torch.nn.modules.container torch.nn.modules.conv
torch.nn.modules.distance torch.nn.modules.dropout torch.nn.modules.flatten
torch.nn.modules.fold torch.nn.modules.instancenorm torch.nn.modules.lazy
torch.nn.modules.linear torch.nn.modules.linear_cross_entropy
torch.nn.modules.linear_cross_entropy_options torch.nn.modules.loss torch.nn.modules.module
torch.nn.modules.normalization torch.nn.modules.padding torch.nn.modules.pixelshuffle
torch.nn.modules.pooling torch.nn.modules.rnn torch.nn.modules.sparse
torch.nn.modules.transformer torch.nn.modules.upsampling torch.nn.modules.utils
torch.nn.parallel torch.nn.parameter torch.nn.qat torch.nn.quantizable torch.nn.quantized
torch.nn.utils torch.nn.utils.clip_grad torch.nn.utils.convert_parameters torch.nn.utils.fusion
torch.nn.utils.init torch.nn.utils.memory_format torch.nn.utils.parametrizations
torch.nn.utils.parametrize torch.nn.utils.prune torch.nn.utils.rnn torch.nn.utils.spectral_norm
torch.nn.utils.stateless torch.nn.utils.weight_norm torch.numa torch.onnx torch.optim
torch.optim.adadelta torch.optim.adagrad torch.optim.adam torch.optim.adamax torch.optim.adamw
torch.optim.asgd torch.optim.lbfgs torch.optim.lr_scheduler torch.optim.nadam
torch.optim.optimizer torch.optim.radam torch.optim.rmsprop torch.optim.rprop torch.optim.sgd
torch.optim.sparse_adam torch.optim.swa_utils torch.overrides torch.package torch.profiler
torch.quantization torch.quasirandom torch.random torch.return_types torch.serialization
torch.signal torch.sparse torch.special torch.storage torch.testing torch.torch_version
torch.types torch.utils torch.utils.backcompat torch.utils.backend_registration
torch.utils.benchmark torch.utils.bundled_inputs torch.utils.checkpoint torch.utils.collect_env
torch.utils.cpp_backtrace torch.utils.cpp_extension torch.utils.data torch.utils.debug_log
torch.utils.deterministic torch.utils.dlpack torch.utils.file_baton torch.utils.flop_counter
torch.utils.hipify torch.utils.hooks torch.utils.jit torch.utils.mkldnn
torch.utils.mobile_optimizer torch.utils.model_dump torch.utils.model_zoo
torch.utils.module_tracker torch.utils.serialization torch.utils.show_pickle
torch.utils.tensorboard torch.utils.throughput_benchmark torch.utils.viz torch.utils.weak
torch.version torch.xpu
""".split())


def _name_fix(module: str, name: str) -> str | None:
    return NAMES.get((module, name))


_MIRRORED = r"(keras\.layers|torch\.nn|torch\.nn\.functional|torch\.autograd|torchvision\.models)"
_CANNOT_IMPORT = re.compile(rf"cannot import name '(\w+)' from '{_MIRRORED}'$")
_NO_ATTRIBUTE = re.compile(rf"module '{_MIRRORED}' has no attribute '(\w+)'(?: \(not supported by ConvDims\))?$")
_NO_SUBMODULE = re.compile(r"No module named '(torchvision\.models)\.(\w+)[\w.]*'$")
_NO_TORCH_MODULE = re.compile(r"No module named '(torch\.[\w.]+)'$")
_NO_TORCH_ATTRIBUTE = re.compile(r"module '(torch(?:\.\w+)*)' has no attribute '(\w+)'(?: \(not supported by ConvDims\))?$")


def unmodelled(exc: BaseException, message: str) -> str | None:
    """``keras.layers.X`` (``torch.nn.X``, ``torchvision.models.X``) when ``exc`` says the
    mirror lacks X but Keras 3 (PyTorch, torchvision) has it; X may be a submodule imported
    (``torchvision.models.detection``, ``torch.nn.utils.rnn``) or read (``torch.jit``)."""
    module = name = None
    if isinstance(exc, ModuleNotFoundError) and (found := _NO_TORCH_MODULE.match(message)):
        if found.group(1) in TORCH_SUBMODULES:  # Python names the first module it lacks
            return found.group(1)
    if isinstance(exc, AttributeError) and (found := _NO_TORCH_ATTRIBUTE.match(message)):
        if ".".join(found.groups()) in TORCH_SUBMODULES:  # torch.jit.script(...)
            return ".".join(found.groups())
    if isinstance(exc, ModuleNotFoundError) and (found := _NO_SUBMODULE.match(message)):
        module, name = found.groups()
    elif isinstance(exc, ImportError) and (found := _CANNOT_IMPORT.match(message)):
        name, module = found.groups()
    elif isinstance(exc, AttributeError) and (found := _NO_ATTRIBUTE.match(message)):
        module, name = found.groups()
    known = KERAS3_LAYERS if module == "keras.layers" else TORCH_UNMODELLED.get(module, ())
    return f"{module}.{name}" if name in known else None


_PRIVATE = re.compile(r"\bcalculator\.(?:torch\.(?=torchvision\b|torchinfo\b))?(?=(?:keras|torch|torchvision|torchinfo)\b)")
_LOCATION = re.compile(r" \((?:unknown location|[^()]*\.py)\)$")
_KWARGS = re.compile(r"'(\w+)':")


def public_message(text: str) -> str:
    """The mirrors' module names as learners import them (``calculator.keras.x`` ->
    ``keras.x``, ``calculator.torch.torchvision.models`` -> ``torchvision.models``);
    an ImportError's location tail removed."""
    return _LOCATION.sub("", _PRIVATE.sub("", text))


def _module_fix(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "tensorflow":  # tf.keras is Keras 3 since TensorFlow 2.16
        parts = parts[1:]
    for n in range(len(parts), 1, -1):
        fix = MODULES.get(".".join(parts[:n]))
        if fix is not None:
            return fix
    return None


def keras3_fix(exc: BaseException, message: str, line_text: str = "") -> str | None:
    """The Keras 3 way to write what made ``exc`` (Keras 2 code), or ``None``."""
    if isinstance(exc, ModuleNotFoundError):
        found = re.match(r"No module named '([\w.]+)'", message)
        return _module_fix(found.group(1)) if found else None
    if isinstance(exc, ImportError):
        found = re.match(r"cannot import name '(\w+)' from '([\w.]+)'", message)
        return _name_fix(found.group(2), found.group(1)) if found else None
    if isinstance(exc, AttributeError):
        found = re.match(r"module '([\w.]+)' has no attribute '(\w+)'", message)
        if found:
            return _name_fix(found.group(1), found.group(2))
        found = re.match(r"'\w+' object has no attribute '(\w+)'", message)
        return NAMES.get((None, found.group(1))) if found else None
    if isinstance(exc, ValueError) and ("not recognized:" in message
                                        or "Unrecognized keyword arguments" in message):
        fixes = [ARGUMENTS[k] for k in _KWARGS.findall(message) if k in ARGUMENTS]
        return " ".join(dict.fromkeys(fixes)) or None
    if isinstance(exc, TypeError) and ("required positional argument" in message
                                       or "unexpected keyword argument" in message):
        used = re.findall(r"\b(\w+)\s*=(?!=)", line_text)
        fixes = [ARGUMENTS[k] for k in used if k in ARGUMENTS]
        return " ".join(dict.fromkeys(fixes)) or None
    return None


_LIBRARIES = {"keras": "Keras 3", "torch": "PyTorch", "torchvision": "torchvision"}


def polish(exc: BaseException, line_text: str = "") -> BaseException:
    """The exception to show for ``exc``: ``exc`` itself with public names and the Keras 3 fix
    if there is one, or a ``NotImplementedError`` naming a Keras 3 layer ConvDims lacks (Keras
    would not have failed there)."""
    if not exc.args or not isinstance(exc.args[0], str):
        return exc
    message = public_message(exc.args[0])
    name = unmodelled(exc, message)
    if name is not None:
        library = _LIBRARIES[name.split(".")[0]]
        return NotImplementedError(f"{name} is not modelled by ConvDims yet: {library} has it, "
                                   "but ConvDims cannot follow this script past this line.")
    fix = keras3_fix(exc, message, line_text)
    if fix and fix not in message:
        message = f"{message}\n{fix}"
    if message != exc.args[0]:
        exc.args = (message,) + exc.args[1:]
        if isinstance(exc, ImportError):
            exc.msg = message
    return exc
