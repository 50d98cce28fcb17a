"""The shape-error fixer reads the messages real PyTorch 2.13 and Keras 3.15 print
(tests/fixtures/fixer/messages.json, recorded by generate_fixer_fixtures.py) and names the
value that fits. Each expected value is derived here from the broken snippet itself."""

import json
import pathlib

import pytest

from calculator.fixer import explain
from calculator.widgets import render

MESSAGES = {c["id"]: c for c in json.loads(
    (pathlib.Path(__file__).parent.parent / "fixtures" / "fixer" / "messages.json").read_text())}

# id -> (layer, values the fix must carry, words the fix must say)
EXPECTED = {
    # nn.Linear(4096, 128) on (64, 9216): in_features must be 9216
    "linear_in_features": ("nn.Linear", {"in_features": 9216, "out_features": 128}, "nn.Linear(9216, 128)"),
    # nn.Linear(10, 5) on (4, 2, 3): rows 4·2 = 8 of 3 features
    "linear_3d": ("nn.Linear", {"in_features": 3, "out_features": 5}, "nn.Linear(3, 5)"),
    # nn.Conv2d(3, 64, 3) on 1 channel
    "conv_channels": ("nn.Conv2d", {"received": 1, "expected": 3}, "nn.Conv2d(1, 64, kernel_size=3)"),
    # (8, 32, 32, 3) is channels-last: permute(0, 3, 1, 2)
    "conv_channels_last": ("nn.Conv2d", {"received": 32, "expected": 3}, "permute(0, 3, 1, 2)"),
    # groups=2 with weight [16, 4, 3, 3]: in_channels 8; 6 given (divisible by 2)
    "conv_groups": ("nn.Conv2d", {"received": 6, "expected": 8}, "groups=2"),
    # 7 x 7 kernel on 5 x 5: pad ceil((7 - 5) / 2) = 1
    "conv_kernel_too_big": ("nn.Conv", {"input_size": [5, 5], "kernel_size": [7, 7], "padding": [1, 1]}, "at most 5 × 5"),
    "pool_too_small": ("pooling layer", {"input_size": [2, 2]}, "AdaptiveAvgPool2d"),
    # ConvTranspose2d(k=2, p=2) on 1 x 1: (1 - 1)·1 - 4 + 1 + 1 = -2; padding 2 less gives 2
    "transpose_too_small": ("nn.ConvTranspose", {"output_size": [-2, -2], "padding_less": [2, 2]}, "Lower padding by at least 2"),
    "max_pool1d_too_small": ("nn.MaxPool1d", {"output_size": 0}, "AdaptiveMaxPool1d"),
    # AvgPool3d(3) on 4 x 2 x 4: only H (2 < 3) is too small
    "avg_pool3d_too_small": ("nn.AvgPool3d", {"input_size": [4, 2, 4], "kernel_size": [3, 3, 3]}, "at most (3, 2, 3)"),
    # 8·16·5·5 = 3200 values: view(8, -1) -> 400 features
    "view_size": ("view / reshape", {"size": 3200, "features": 400}, ".view(8, -1)"),
    # 4·16·4·4 = 1024 values, not a multiple of 400; the batch size is not in the message,
    # so no per-sample count is claimed
    # (1, 255, 13, 13) viewed as (1, 3, 25, 13, 13): only dim 2 can change, to 255 / 3 = 85
    "view_inner_split": ("view / reshape", {"size": 43095, "dim": 2, "expected": 25, "fits": 85}, ".view(1, 3, 85, 13, 13)"),
    # (16, 784) viewed as (128, 1, 28, 28): only the batch can change, to 16
    "view_batch_written": ("view / reshape", {"size": 12544, "dim": 0, "expected": 128, "fits": 16}, "x.view(x.size(0), 1, 28, 28)"),
    "view_inferred": ("view / reshape", {"size": 1024, "features": None}, "x.view(x.size(0), -1)"),
    "view_not_contiguous": ("view", {}, ".reshape(...)"),
    # (64, 1, 28, 28) into nn.Linear(784, 10): 64·1·28 = 1792 rows of 28; 784 = 28 × 28
    "linear_unflattened": ("nn.Linear", {"in_features": 28, "out_features": 10}, "nn.Flatten()"),
    # 64 + 32 channels: the 32-channel branch is projected, 1 × 1
    "broadcast_sizes": ("element-wise operation", {"dim": 1, "sizes": [64, 32]}, "nn.Conv2d(32, 64, kernel_size=1)"),
    "batchnorm_one_value": ("nn.BatchNorm", {"input_size": [1, 64]}, "model.eval()"),
    "instancenorm_one_value": ("nn.InstanceNorm", {"input_size": [1, 8, 1, 1]}, "remove a downsampling block"),
    # nn.LSTM(10, 20) on steps of 12 features
    "rnn_input_size": ("nn.RNN / nn.LSTM / nn.GRU", {"expected": 10, "got": 12}, "nn.LSTM(12, hidden_size)"),
    # Conv2D on (None, 28, 28): 3 axes, 4 needed -> one channel (28, 28, 1)
    "conv_missing_channels": ("conv2d_1", {"expected": 4, "got": 3}, "keras.Input(shape=(28, 28, 1))"),
    "dense_one_axis": ("dense_1", {"expected": 2, "got": 1}, "keras.Input(shape=(n_features,))"),
    "pool_too_small_keras": ("Pooling", {"input_shape": [None, 1, 1, 8], "pool_size": [2, 2]}, "padding='same'"),
    # a model built for (32, 32, 3) fed (28, 28, 1): its first Conv2D sees 1 channel, not 3
    "model_input_shape": ("conv2d_3", {"expected": 3, "got": 1}, "have 3 on axis -1"),
    # categorical_crossentropy on class indices (8, 1) for 10 outputs -> sparse, or one-hot of 10
    "loss_labels_indices": ("loss", {"target": [8, 1], "output": [8, 10]}, "keras.utils.to_categorical(y, 10)"),
    # sparse_categorical_crossentropy on one-hot labels (8, 10)
    "loss_labels_onehot": ("loss", {"target": [8, 10], "output": [8, 10]}, "loss='categorical_crossentropy'"),
    # a model built for (None, 32, 32, 3) (Keras prints the received shape without its last axis)
    "model_expected_shape": ("functional", {"expected": [None, 32, 32, 3], "found": [2, 28, 28]}, "(32, 32, 3) per sample"),
    "cat_sizes": ("torch.cat", {"dim": 1, "expected": 4, "got": 5}, "tensor 1"),
    "batchnorm_features": ("nn.BatchNorm", {"num_features": 16}, "nn.BatchNorm2d(16)"),
    "conv_unbatched": ("conv2d", {"axes": 2}, "unsqueeze(0).unsqueeze(0)"),
    # target 10 with labels numbered from 1: target - 1, or 11 outputs
    "target_out_of_bounds": ("nn.CrossEntropyLoss / nn.NLLLoss", {"target": 10, "classes": 11}, "target - 1"),
    "target_negative": ("nn.CrossEntropyLoss / nn.NLLLoss", {"target": -1}, "ignore_index=-1"),
    "embedding_index": ("nn.Embedding / index_select", {}, "ids.max() + 1"),
    # 16 rows of scores for 64 labels: 64 = 16 × 4, four samples merged into each row
    "loss_batch_size": ("nn.CrossEntropyLoss / nn.NLLLoss", {"input_batch": 16, "target_batch": 64}, "x.view(x.size(0), -1)"),
    # scores (32, 5, 10): classes on dim 1, so a label per position of the last axis: (32, 10)
    "loss_target_size": ("nn.CrossEntropyLoss / nn.NLLLoss", {"expected": [32, 10], "got": [32]}, "out[:, -1, :]"),
    "loss_multi_target": ("nn.CrossEntropyLoss / nn.NLLLoss", {}, "y.squeeze(1)"),
    "loss_target_float": ("nn.CrossEntropyLoss / nn.NLLLoss", {"got": "Float"}, "y.long()"),
    # output (64, 1), labels (64,): one extra axis of size 1 on the output
    "bce_target_size": ("nn.MSELoss / nn.BCELoss / nn.BCEWithLogitsLoss", {"target": [64], "input": [64, 1]}, "y.view(-1, 1).float()"),
    "bce_logits_target_size": ("nn.MSELoss / nn.BCELoss / nn.BCEWithLogitsLoss", {"target": [64], "input": [64, 1]}, "out.squeeze(1)"),
    # a (10,) tensor: dims -1 and 0 only
    "dim_out_of_range": ("dim argument", {"ndim": 1, "dim": 1}, "x.unsqueeze(0)"),
    "stack_channels": ("torch.stack / DataLoader", {"shapes": [[3, 224, 224], [1, 224, 224]]}, ".convert('RGB')"),
    "stack_sizes": ("torch.stack / DataLoader", {"shapes": [[3, 224, 224], [3, 200, 300]]}, "transforms.Resize((224, 224))"),
    "linear_double": ("input dtype", {"dtypes": ["Double", "Float"]}, "torch.from_numpy(x).float()"),
    "conv_double": ("input dtype", {"dtypes": ["Double", "Float"]}, "torch.from_numpy(x).float()"),
    "backward_not_scalar": ("loss.backward()", {}, "loss.mean().backward()"),
    "backward_no_grad": ("loss.backward()", {}, "outside torch.no_grad()"),
    # Linear(3, 2) on 5 rows gives (5, 2); the gradient given was (5, 3)
    "backward_gradient_shape": ("tensor.backward(gradient)", {"gradient": [5, 3], "output": [5, 2]},
                                "torch.ones_like(out) (shape (5, 2))"),
    "dense_features": ("dense", {"expected": 9216, "got": 100}, "100 values"),
    "conv_too_small": ("Conv", {"input_shape": [None, 5, 5, 3], "kernel_size": [7, 7]}, "padding='same'"),
    "add_shapes": ("Add / Subtract / Multiply", {"shapes": [[4, 4, 3], [4, 4, 5]]}, "1 × 1 Conv2D"),
    "concat_shapes": ("Concatenate", {"shapes": [[None, 4, 4, 3], [None, 5, 4, 5]]}, "same height and width"),
    # 10·10·8 = 800 values
    "reshape_size": ("Reshape", {"size": 800}, "multiply to 800"),
    # class indices (8,) for 10 softmax outputs: sparse loss or one-hot of 10
    "loss_labels_flat_indices": ("loss", {"target": [8], "output": [8, 10]}, "keras.utils.to_categorical(y, 10)"),
    "fit_cardinality": ("model.fit", {"x": [8], "y": [6]}, "x_train with y_train"),
    # LSTM on (None, 100): one feature per step gives (100, 1) per sample
    "lstm_ndim": ("lstm", {"expected": 3, "got": 2}, "keras.Input(shape=(100, 1))"),
}


def test_every_recorded_message_is_covered():
    assert set(MESSAGES) == set(EXPECTED)


@pytest.mark.parametrize("cid", sorted(EXPECTED))
def test_real_messages_get_the_fitting_value(cid):
    layer, values, words = EXPECTED[cid]
    d = explain(MESSAGES[cid]["message"])
    assert d is not None, cid
    assert d["layer"] == layer and d["framework"] == MESSAGES[cid]["framework"]
    for key, value in values.items():
        assert d["values"][key] == value, (cid, key)
    assert words in d["fix"]


# TensorFlow's own wording, which Keras 2 (TF 2.15 and older, still in many courses) passes on;
# there is no TensorFlow in the reference environment, so these are typed from TensorFlow's
# format strings ("Shapes %s and %s are incompatible" in TensorShape.assert_is_compatible_with,
# "Negative dimension size caused by subtracting k from n" in its shape inference).
TF_MESSAGES = [
    # TensorFlow's sparse_softmax_cross_entropy_with_logits ("logits and labels must have the same
    # first dimension, got logits shape %s and labels shape %s"): 320 = 32 × 10, one-hot flattened
    ("ValueError: logits and labels must have the same first dimension, got logits shape [32,10] "
     "and labels shape [320]", "loss", {"batch": 32, "classes": 10, "labels": 320}, "categorical_crossentropy"),
    # sigmoid_cross_entropy_with_logits, logits first: 10 outputs for one label each
    ("ValueError: `logits` and `labels` must have the same shape, received ((None, 10) vs (None, 1)).",
     "loss", {"target": [None, 1], "output": [None, 10]}, "binary_crossentropy"),
    # the sparse cross-entropy kernel: labels 1..10 for 10 outputs
    ("InvalidArgumentError: Received a label value of 10 which is outside the valid range of [0, 10).  "
     "Label values: 1 10 3", "loss", {"label": 10, "classes": 10}, "subtract 1 (y - 1)"),
    # Keras 2's wording of the cardinality check
    ("ValueError: Data cardinality is ambiguous:\n  x sizes: 60000\n  y sizes: 10000\nMake sure all "
     "arrays contain the same number of samples.", "model.fit", {"x": [60000], "y": [10000]}, "y_train"),
    # categorical_crossentropy, labels first: (None, 1) indices for 10 outputs
    ("ValueError: Shapes (None, 1) and (None, 10) are incompatible",
     "loss", {"target": [None, 1], "output": [None, 10]}, "sparse_categorical_crossentropy"),
    # 10 one-hot columns for a 1-unit output: Dense(10, softmax)
    ("ValueError: Shapes (None, 10) and (None, 1) are incompatible",
     "loss", {"target": [None, 10], "output": [None, 1]}, "Dense(10, activation='softmax')"),
    # MaxPool 2 on a 1 × 1 map
    ("ValueError: Negative dimension size caused by subtracting 2 from 1 for '{{node max_pooling2d_3/MaxPool}} = "
     "MaxPool[T=DT_FLOAT, data_format=\"NHWC\", ksize=[1, 2, 2, 1], padding=\"VALID\", strides=[1, 2, 2, 1]]"
     "(Placeholder)' with input shapes: [?,1,1,128].",
     "Conv / Pooling", {"window": 2, "size": 1, "input_shape": [None, 1, 1, 128]}, "at most 1"),
    # Keras 2 quotes layer names with double quotes
    ('ValueError: Input 0 of layer "dense" is incompatible with the layer: expected axis -1 of input shape to '
     "have value 3136, but received input with shape (None, 6272)",
     "dense", {"expected": 3136, "got": 6272}, "6272 values"),
    ('ValueError: Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 32, 32, 3), '
     "found shape=(None, 28, 28, 1)",
     "sequential", {"expected": [None, 32, 32, 3], "found": [None, 28, 28, 1]}, "(32, 32, 3) per sample"),
]


# PyTorch wordings the reference environment cannot raise: CUDA devices (a CPU wheel), and the
# older target-dtype message (before torch 2.x said "expected target dtype to be Long or Byte"),
# typed from PyTorch's format strings ("Input type (%s) and weight type (%s) should be the
# same", "Expected all tensors to be on the same device, but found at least two devices, %s and
# %s!", "expected scalar type %s but found %s"); the MSELoss one is its UserWarning's text.
TORCH_TYPED = [
    ("RuntimeError: Input type (torch.cuda.FloatTensor) and weight type (torch.FloatTensor) should be the same",
     "device (GPU / CPU)", {}, "model = model.to(device)"),
    ("RuntimeError: Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the same",
     "device (GPU / CPU)", {}, "x.to(device)"),
    ("RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
     "device (GPU / CPU)", {}, "model.to(device)"),
    ("RuntimeError: Input type (torch.DoubleTensor) and weight type (torch.FloatTensor) should be the same",
     "input dtype", {"dtypes": ["Double", "Float"]}, ".float()"),
    ("RuntimeError: expected scalar type Long but found Float",
     "nn.CrossEntropyLoss / nn.NLLLoss", {"got": "Float"}, "y.long()"),
    ("RuntimeError: expected scalar type Float but found Double", "input dtype", {"dtypes": ["Float", "Double"]}, ".float()"),
    ("UserWarning: Using a target size (torch.Size([64])) that is different to the input size "
     "(torch.Size([64, 1])). This will likely lead to incorrect results due to broadcasting. Please "
     "ensure they have the same size.",
     "nn.MSELoss / nn.BCELoss / nn.BCEWithLogitsLoss", {"target": [64], "input": [64, 1]}, "y.view(-1, 1)"),
]


@pytest.mark.parametrize("text, layer, values, words", TORCH_TYPED)
def test_pytorch_wordings_not_recorded_here_get_the_fix(text, layer, values, words):
    d = explain(text)
    assert d is not None and d["layer"] == layer and d["framework"] == "pytorch"
    for key, value in values.items():
        assert d["values"][key] == value
    assert words in d["fix"]


@pytest.mark.parametrize("text, layer, values, words", TF_MESSAGES)
def test_tensorflow_wordings_get_the_fitting_value(text, layer, values, words):
    d = explain(text)
    assert d is not None and d["layer"] == layer and d["framework"] == "keras"
    for key, value in values.items():
        assert d["values"][key] == value, key
    assert words in d["fix"]


@pytest.mark.parametrize("text", ["", "hello", "IndexError: list index out of range",
                                  "mat1 and mat2 shapes cannot be multiplied"])
def test_unknown_messages_are_not_guessed(text):
    assert explain(text) is None


def test_widget_reads_a_pasted_message_and_runs_code():
    out = render("fixer", {"code": "RuntimeError: " + MESSAGES["linear_in_features"]["message"]})
    assert out["ok"] and "nn.Linear(9216, 128)" in out["html"]
    keras_code = ("import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input((5, 5, 3)),\n"
                  "    layers.Conv2D(8, 7)])\n")
    out = render("fixer", {"code": keras_code})
    assert out["ok"] and "Your code stops on line 3" in out["html"] and "no window fits" in out["html"]
    out = render("fixer", {"code": "import keras\nprint(keras.layers.Dense(3).units)\n"})
    assert out["ok"] and "every shape fits" in out["html"] and "3" in out["html"]
    assert "not a shape error" in render("fixer", {"code": "something odd happened"})["html"]
    assert not render("fixer", {"code": "  "})["ok"]
    big = render("fixer", {"code": "x = 1\n" * 5000})
    assert not big["ok"] and "at most" in big["errors"]["code"]


def test_widget_runs_pytorch_code_and_names_the_fitting_in_features():
    # the default script: 28 → conv 3 → 26 → pool → 13 → conv 3 → 11 → pool → 5; 64 · 5 · 5 = 1600
    out = render("fixer", {})
    assert out["ok"] and "Your code stops on line 8" in out["html"]
    assert "in_features should be 1600 = 64 × 5 × 5" in out["html"] and "nn.Linear" in out["html"]


# Tracebacks as learners paste them: the learner's own line is the last frame outside the
# libraries (plain Python, IPython 8's "Cell In[n]" and older IPython's "<ipython-input-…>").
PY_TRACEBACK = '''Traceback (most recent call last):
  File "/content/train.py", line 42, in <module>
    outputs = net(inputs)
              ^^^^^^^^^^^
  File "/usr/local/lib/python3.10/dist-packages/torch/nn/modules/module.py", line 1518, in _wrapped_call_impl
    return self._call_impl(*args, **kwargs)
  File "/content/train.py", line 20, in forward
    x = F.relu(self.fc1(x))
  File "/usr/local/lib/python3.10/dist-packages/torch/nn/modules/linear.py", line 114, in forward
    return F.linear(input, self.weight, self.bias)
RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x2704 and 400x120)'''

IPY_TRACEBACK = '''RuntimeError                              Traceback (most recent call last)
Cell In[3], line 2
      1 x = torch.randn(4, 3, 32, 32)
----> 2 out = net(x)

File /usr/local/lib/python3.10/dist-packages/torch/nn/modules/module.py:1518, in Module._wrapped_call_impl(self, *args, **kwargs)
-> 1518     return self._call_impl(*args, **kwargs)

Cell In[2], line 14, in Net.forward(self, x)
     13 x = torch.flatten(x, 1)
---> 14 x = F.relu(self.fc1(x))
     15 x = F.relu(self.fc2(x))

File /usr/local/lib/python3.10/dist-packages/torch/nn/modules/linear.py:114, in Linear.forward(self, input)
--> 114     return F.linear(input, self.weight, self.bias)

RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x2704 and 400x120)'''

OLD_IPY_TRACEBACK = '''ValueError                                Traceback (most recent call last)
<ipython-input-5-1a2b3c4d5e6f> in <cell line: 1>()
----> 1 model.fit(x_train, y_train, epochs=5)

/usr/local/lib/python3.10/dist-packages/keras/utils/traceback_utils.py in error_handler(*args, **kwargs)
---> 70             raise e.with_traceback(filtered_tb) from None

ValueError: Shapes (None, 1) and (None, 10) are incompatible'''


@pytest.mark.parametrize("text, where", [
    (PY_TRACEBACK, {"line": 20, "function": "forward", "code": "x = F.relu(self.fc1(x))"}),
    (IPY_TRACEBACK, {"line": 14, "function": "Net.forward", "code": "x = F.relu(self.fc1(x))"}),
    (OLD_IPY_TRACEBACK, {"line": 1, "function": "<cell line: 1>", "code": "model.fit(x_train, y_train, epochs=5)"}),
])
def test_a_pasted_traceback_names_the_learners_line(text, where):
    d = explain(text)
    assert d["where"] == where
    assert "nn.Linear(2704, 120)" in d["fix"] or "to_categorical(y, 10)" in d["fix"]


def test_a_bare_message_has_no_line():
    assert "where" not in explain(MESSAGES["linear_in_features"]["message"])


def test_widget_shows_the_failing_line_of_a_traceback():
    out = render("fixer", {"code": IPY_TRACEBACK})
    assert out["ok"] and "It fails on line 14, in <code>Net.forward</code>" in out["html"]
    assert "nn.Linear(2704, 120)" in out["html"]
