"""The fix line after PyTorch's message: the layer at fault and the value that fits.

The first line of every message is checked against real PyTorch elsewhere
(``test_torch_layers.py``, ``test_torch_scripts.py``); here each fix is checked against a
hand derivation written in the test.
"""

import pytest

from calculator import api
import calculator.torch as torch
import calculator.torch.nn as nn
import calculator.torch.nn.functional as F


class MNIST(nn.Module):
    """PyTorch's MNIST example with the classic wrong ``in_features``."""

    def __init__(self, hidden=4096):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(hidden, 128)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        return self.fc1(torch.flatten(x, 1))


def raised(fn, *args):
    with pytest.raises(Exception) as info:
        fn(*args)
    return info.value


def test_linear_after_flatten_names_layer_and_flattened_size():
    # 28 -> conv 3: 26 -> conv 3: 24 -> pool 2: 12; 64 channels: 64 * 12 * 12 = 9216
    exc = raised(MNIST(), torch.randn(64, 1, 28, 28))
    assert type(exc) is RuntimeError
    assert exc.torch_message == "mat1 and mat2 shapes cannot be multiplied (64x9216 and 4096x128)"
    assert "layer 'fc1'" in exc.fix
    assert "in_features should be 9216 = 64 × 12 × 12" in exc.fix
    assert "nn.Linear(9216, 128)" in exc.fix
    assert str(exc) == exc.torch_message  # as PyTorch says it; the fix is reported after it
    assert api.error_data(exc)["message"] == exc.torch_message + "\nFix: " + exc.fix


def test_the_suggested_value_runs():
    assert MNIST(9216)(torch.randn(64, 1, 28, 28)).shape == (64, 128)


def test_flatten_from_dimension_zero_is_blamed_not_the_linear():
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(0), nn.Linear(8 * 30 * 30, 10))
    exc = raised(model, torch.randn(4, 3, 32, 32))
    assert "started at dimension 0" in exc.fix and "[4, 7200]" in exc.fix


def test_unbatched_image_flattened_asks_for_the_batch_dimension():
    # one (3, 32, 32) image: conv -> (8, 30, 30), Flatten() from dim 1 -> [8, 900]; its
    # 8 × 900 = 7200 values are exactly in_features, so the batch dimension is missing
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))
    exc = raised(model, torch.randn(3, 32, 32))
    assert exc.torch_message == "mat1 and mat2 shapes cannot be multiplied (8x900 and 7200x10)"
    assert "8 × 900 = 7200" in exc.fix and "unsqueeze(0)" in exc.fix and "[1, 7200]" in exc.fix
    assert "in_features be 900" in exc.fix  # the other reading, named second
    assert model(torch.randn(3, 32, 32).unsqueeze(0)).shape == (1, 10)


def test_bce_with_logits_integer_target_asks_for_float():
    logits = torch.randn(6, 1)
    exc = raised(nn.BCEWithLogitsLoss(), logits, torch.randint(0, 2, (6, 1)))
    assert exc.torch_message == "result type Float can't be cast to the desired output type Long"
    assert "target.float()" in exc.fix
    assert nn.BCEWithLogitsLoss()(logits, torch.randint(0, 2, (6, 1)).float()).shape == ()


def test_channel_mismatch_names_conv_and_channels():
    exc = raised(MNIST(9216), torch.randn(2, 3, 28, 28))
    assert "layer 'conv1'" in exc.fix and "in_channels should be 3" in exc.fix


def test_channels_last_input_suggests_permute():
    exc = raised(nn.Conv2d(3, 16, 3), torch.randn(8, 32, 32, 3))
    assert "x.permute(0, 3, 1, 2)" in exc.fix


def test_kernel_too_large_gives_padding_that_fits():
    # 28 -> 26 -> 24 -> 12 ... an input of 4: conv1 gives 2, conv2's 3-wide kernel needs
    # padding ceil((3 - 2) / 2) = 1 to fit
    exc = raised(MNIST(9216), torch.randn(2, 1, 4, 4))
    assert "layer 'conv2'" in exc.fix
    assert "floor((2 + 0 − 1·(3−1) − 1)/1) + 1 = 0" in exc.fix
    assert "padding=1" in exc.fix
    assert nn.Conv2d(32, 64, 3, padding=1)(torch.randn(2, 32, 2, 2)).shape == (2, 64, 2, 2)


def test_view_mismatch_gives_per_sample_size():
    # [4, 6, 14, 14]: 4704 elements, 6 * 14 * 14 = 1176 per sample; 400 does not divide 4704
    exc = raised(torch.randn(4, 6, 14, 14).view, -1, 400)
    assert exc.torch_message == "shape '[-1, 400]' is invalid for input of size 4704"
    assert "6 × 14 × 14 = 1176" in exc.fix and "nn.Linear(1176, ...)" in exc.fix


def test_splitting_the_last_axis_into_heads_names_the_split_not_a_flatten():
    # (2, 9, 60) into (2, 9, 8, 7): 8 heads of 7 = 56, not 60; 60 / 8 is not whole, and
    # the divisors of 60 are 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 (8 shown, then an ellipsis)
    exc = raised(torch.randn(2, 9, 60).reshape, 2, 9, 8, 7)
    assert exc.torch_message == "shape '[2, 9, 8, 7]' is invalid for input of size 1080"
    assert "split into 8 × 7 = 56, which must be 60" in exc.fix
    assert "2, 3, 4, 5, 6, 10, 12, 15, … divide 60" in exc.fix and "(e.g. 64)" in exc.fix
    assert "nn.Linear" not in exc.fix
    # (2, 9, 64) into (2, 9, 8, 9): 64 = 8 × 8
    exc = raised(torch.randn(2, 9, 64).view, 2, 9, 8, 9)
    assert "the second part should be 8" in exc.fix and "view(..., 8, -1)" in exc.fix


def test_splitting_an_inner_dim_names_its_size_not_a_flatten():
    # YOLOv3-tiny set to 20 classes with filters=255 kept: view(N, 3, 20 + 5, 13, 13) of a
    # [1, 255, 13, 13] map; the 13 × 13 grid fits, only the 255 channels are split wrongly
    exc = raised(torch.randn(1, 255, 13, 13).view, 1, 3, 25, 13, 13)
    assert "dim 1, 255, is split into 3 × 25 = 75, which must be 255" in exc.fix
    assert "out_channels=75" in exc.fix and "255 = 3 × 85, so view(..., 3, 85, ...)" in exc.fix
    assert "nn.Linear" not in exc.fix
    assert torch.randn(1, 75, 13, 13).view(1, 3, 25, 13, 13).shape == (1, 3, 25, 13, 13)
    assert torch.randn(1, 255, 13, 13).view(1, 3, 85, 13, 13).shape == (1, 3, 85, 13, 13)
    # a spatial dim split wrongly: no out_channels to name
    exc = raised(torch.randn(2, 4, 12, 5).reshape, 2, 4, 3, 5, 5)
    assert "dim 2, 12, is split into 3 × 5 = 15" in exc.fix and "out_channels" not in exc.fix


def test_cat_mismatch_names_dimension():
    exc = raised(torch.cat, [torch.randn(2, 3, 8, 8), torch.randn(2, 5, 7, 7)], 1)
    assert "differ in dimensions 2 and 3" in exc.fix and "to 8 × 8)." in exc.fix
    # Joining [2, 3, 8, 8] and [2, 5, 7, 8] along 2 would still need 3 == 5: not offered.
    assert "concatenate along" not in exc.fix
    exc = raised(torch.cat, [torch.randn(2, 3, 8, 8), torch.randn(2, 3, 7, 8)], 1)
    assert "differ in dimension 2." in exc.fix and exc.fix.endswith("or concatenate along dimension 2.")
    exc = raised(torch.cat, [torch.randn(2, 3, 8), torch.randn(2, 3, 7), torch.randn(2, 4, 7)], 1)
    assert exc.fix.endswith("resize one branch to 8).")  # tensor 2 also differs in dimension 1


def test_batch_norm_batch_of_one_in_training_suggests_eval():
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.AdaptiveAvgPool2d(1), nn.BatchNorm2d(8))
    exc = raised(model, torch.randn(1, 3, 8, 8))
    assert type(exc) is ValueError and "model.eval()" in exc.fix and "layer '2'" in exc.fix
    model.eval()
    assert model(torch.randn(1, 3, 8, 8)).shape == (1, 8, 1, 1)


def test_pool_too_small_shows_the_formula():
    exc = raised(nn.Sequential(nn.MaxPool2d(2), nn.MaxPool2d(2), nn.MaxPool2d(2)),
                 torch.randn(1, 3, 4, 4))
    assert "layer '2'" in exc.fix and "floor((1 + 2·0 − 1·(2−1) − 1)/2) + 1 = 0" in exc.fix


def test_unbatched_rank_error_suggests_unsqueeze():
    exc = raised(nn.Conv2d(1, 4, 3), torch.randn(28, 28))
    assert "x.unsqueeze(0)" in exc.fix


def test_rnn_input_size():
    exc = raised(nn.LSTM(10, 20, batch_first=True), torch.randn(3, 5, 12))
    assert "input_size should be 12" in exc.fix


def test_flatten_record_survives_elementwise_ops_and_dropout():
    model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.Flatten(), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(100, 10))
    exc = raised(model, torch.randn(2, 1, 10, 10))
    assert "in_features should be 512 = 8 × 8 × 8" in exc.fix


def test_missing_flatten_is_named():
    # [64, 64, 12, 12] straight into Linear(9216, ...): 64 * 12 * 12 = 9216 per sample
    exc = raised(nn.Linear(9216, 128), torch.randn(64, 64, 12, 12))
    assert exc.torch_message == "mat1 and mat2 shapes cannot be multiplied (49152x12 and 9216x128)"
    assert "not flattened" in exc.fix and "nn.Flatten()" in exc.fix


def test_unflattened_input_of_another_size_offers_both_readings():
    exc = raised(nn.Linear(100, 10), torch.randn(2, 8, 5, 5))
    assert "in_features should be 200 (nn.Linear(200, 10))" in exc.fix
    assert "otherwise in_features should be 5" in exc.fix


def test_view_after_permute_suggests_contiguous_or_reshape():
    x = torch.randn(2, 3, 4, 5).permute(0, 2, 3, 1)
    exc = raised(x.view, 2, -1)
    assert exc.torch_message.startswith("view size is not compatible with input tensor's size")
    assert ".contiguous()" in exc.fix and ".reshape(...)" in exc.fix
    assert x.contiguous().view(2, -1).shape == x.reshape(2, -1).shape == (2, 60)


def test_view_of_a_channel_slice_names_slicing_as_a_cause():
    # PyTorch-GAN's MLP discriminator on x[:, :1, 2:30, 2:30]: no permute in sight
    exc = raised(torch.randn(32, 3, 32, 32)[:, :1, 2:30, 2:30].view, 32, -1)
    assert exc.torch_message.startswith("view size is not compatible with input tensor's size")
    assert "permute, transpose, expand or slice" in exc.fix


def test_lstm_tuple_into_linear_asks_to_unpack():
    lstm, fc = nn.LSTM(10, 32, batch_first=True), nn.Linear(32, 2)
    exc = raised(fc, lstm(torch.randn(4, 15, 10)))
    assert type(exc) is TypeError
    assert exc.torch_message == "linear(): argument 'input' (position 1) must be Tensor, not tuple"
    assert "out, _ = self.lstm(x)" in exc.fix
    out, _ = lstm(torch.randn(4, 15, 10))
    assert fc(out[:, -1]).shape == (4, 2)


def test_batch_without_channel_dim_asks_for_unsqueeze_1():
    # (64, 28, 28) into Conv2d(1, ...): read as one image of 64 channels, not 64 images
    exc = raised(nn.Conv2d(1, 32, 3), torch.rand(64, 28, 28))
    assert "expected input[1, 64, 28, 28] to have 1 channels" in exc.torch_message
    assert "x.unsqueeze(1) gives [64, 1, 28, 28]" in exc.fix
    assert "in_channels should be" not in exc.fix
    assert nn.Conv2d(1, 32, 3)(torch.rand(64, 28, 28).unsqueeze(1)).shape == (64, 32, 26, 26)


def test_unflatten_view_solves_the_map_size():
    # 5 samples of 3136 = 64 × 7 × 7 values viewed as (-1, 64, 8, 8): 4096 per sample
    exc = raised(torch.randn(5, 3136).view, -1, 64, 8, 8)
    assert "3136 values, but 64 × 8 × 8 = 4096 were asked" in exc.fix
    assert "view(-1, 64, 7, 7)" in exc.fix
    assert torch.randn(5, 3136).view(-1, 64, 7, 7).shape == (5, 64, 7, 7)


def test_groups_that_do_not_divide_the_channels_offer_the_nearest_that_do():
    # kuangliu's ShuffleNet with groups=3: mid_planes = 176 // 4 = 44 channels; the common
    # divisors of 44 and 176 are 1, 2, 4, 11, 22, 44, so 2 and 4 are the nearest to 3, and
    # 42 = 14 × 3, 45 = 15 × 3 are the nearest multiples of 3.
    exc = raised(nn.Conv2d, 44, 176, 1, 1, 0, 1, 3)
    assert str(exc) == "in_channels must be divisible by groups"
    assert "groups=2 or groups=4 fits both in_channels=44 and out_channels=176" in exc.fix
    assert "multiple of 3 (42 or 45)" in exc.fix
    # a depthwise SepConv(44, 90): 90 is no multiple of 44 (88 = 2 × 44, 132 = 3 × 44);
    # gcd(44, 90) = 2, so only groups=2 (above 44 nothing divides 44) fits both
    exc = raised(nn.Conv2d, 44, 90, 7, 2, 3, 1, 44)
    assert str(exc) == "out_channels must be divisible by groups"
    assert "groups=2 fits both" in exc.fix and "(88 or 132)" in exc.fix
    # float channels: no divisors offered
    exc = raised(nn.Conv2d, 4.5, 8, 3, 1, 0, 1, 2)
    assert exc.fix == "in_channels=4.5 cannot be split into groups=2 equal groups (4.5 / 2 is not whole)."


def test_a_float_size_names_python3_division():
    # ShuffleNet's `mid_planes = out_planes / 4` under Python 3: 176 / 4 = 44.0
    exc = raised(nn.Conv2d, 24, 176 / 4, 1)
    assert str(exc).startswith("empty(): argument 'size' (position 1) must be tuple of ints")
    assert "44.0 is whole, so `//` (or int(...)) gives 44" in exc.fix
    exc = raised(torch.randn(2, 4, 3, 3).view, 2, 2, 2.5, 3, 3)
    assert "2.5 is not even whole" in exc.fix
    assert not hasattr(raised(torch.randn(2, 3).view, 2, "3"), "fix")


def test_rnn_state_fix_names_the_part_that_is_off():
    # yunjey's language model samples with batch 1 but passes the training states (batch 20)
    lstm = nn.LSTM(128, 1024, batch_first=True)
    exc = raised(lstm, torch.randn(1, 1, 128), (torch.zeros(1, 20, 1024), torch.zeros(1, 20, 1024)))
    assert str(exc) == "Expected hidden[0] size (1, 1, 1024), got [1, 20, 1024]"
    assert "holds a batch of 20 but the input's batch (its dimension 0, batch_first=True) is 1" \
        in exc.fix and "torch.zeros(1, x.size(0), 1024)" in exc.fix
    # bidirectional: 2 layers × 2 directions = 4 states
    exc = raised(nn.GRU(16, 32, 2, bidirectional=True), torch.randn(5, 8, 16), torch.zeros(2, 8, 32))
    assert "its first dimension must be 4 (num_layers=2 × 2 directions), not 2" in exc.fix
    # the cell state of an LSTM with proj_size keeps hidden_size
    exc = raised(nn.LSTM(4, 8, proj_size=3), torch.randn(5, 2, 4),
                 (torch.zeros(1, 2, 3), torch.zeros(1, 2, 3)))
    assert str(exc) == "Expected hidden[1] size (1, 2, 8), got [1, 2, 3]"
    assert "hidden[1] is [1, 2, 3]; its last dimension must be 8, not 3" in exc.fix


def test_backward_on_an_unreduced_loss_asks_to_reduce_it():
    # reduction='none' keeps one loss per element: 5 rows × 2 outputs = 10 numbers
    loss = nn.MSELoss(reduction="none")(nn.Linear(3, 2)(torch.randn(5, 3)), torch.randn(5, 2))
    exc = raised(loss.backward)
    assert exc.torch_message == "grad can be implicitly created only for scalar outputs"
    assert "shape [5, 2] (5 × 2 = 10 numbers)" in exc.fix and ".mean()" in exc.fix
    loss.mean().backward()  # the fix runs


def test_backward_gradient_of_the_wrong_shape_names_the_shape_to_use():
    out = nn.Linear(3, 2)(torch.randn(5, 3))
    exc = raised(out.backward, torch.ones(5, 3))
    assert "must have the shape of the tensor it differentiates, [5, 2]" in exc.fix
    out.backward(torch.ones_like(out))


def test_backward_under_no_grad_says_why_nothing_is_differentiated():
    with torch.no_grad():
        loss = nn.Linear(3, 1)(torch.randn(5, 3)).mean()
    exc = raised(loss.backward)
    assert exc.torch_message.startswith("element 0 of tensors does not require grad")
    assert "torch.no_grad()" in exc.fix


def test_an_error_without_its_own_fix_gets_the_fixers_reading():
    from calculator import runner

    # view(-1, 80) of (4, 16, 5, 5) makes 4 × 400 / 80 = 20 rows for 4 labels: 20 = 4 × 5
    code = ("import torch, torch.nn as nn\nx = torch.randn(4, 16, 5, 5).view(-1, 80)\n"
            "nn.CrossEntropyLoss()(nn.Linear(80, 10)(x), torch.randint(0, 10, (4,)))\n")
    exc = raised(runner.run_script, code)
    message = api.error_data(exc)["message"]
    assert message.startswith("Expected input batch_size (20) to match target batch_size (4).\nFix: ")
    assert "20 = 4 × 5: each sample became 5 rows" in message and "x.view(x.size(0), -1)" in message
    # inside torchinfo the wrapped error is shown, then the fix
    code = ("import torch, torch.nn as nn\nfrom torchinfo import summary\n"
            "summary(nn.Sequential(nn.Linear(5, 2), nn.Softmax(dim=2)), input_size=(4, 5))\n")
    message = api.error_data(raised(runner.run_script, code))["message"]
    assert "\nIndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)" \
           "\nFix: The tensor has 2 dimensions" in message


def test_errors_raised_outside_the_pytorch_mirror_get_no_pytorch_reading():
    # the same words from elsewhere (a Keras run, the learner's own raise) are not PyTorch's
    try:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    except IndexError as exc:
        assert "Fix:" not in api.error_data(exc)["message"]


def test_view_with_a_written_batch_size_names_the_batch():
    # pytorch/examples vae: recon.view(args.batch_size, 1, 28, 28) on the last test batch of 16
    # (16 × 784 = 12544 elements; 1 × 28 × 28 = 784 per sample is right, 128 is not)
    exc = raised(torch.randn(16, 784).view, 128, 1, 28, 28)
    assert exc.torch_message == "shape '[128, 1, 28, 28]' is invalid for input of size 12544"
    assert "the first is 128 while this input holds 16 samples" in exc.fix
    assert "x.view(x.size(0), 1, 28, 28) (or -1 first) to get [16, 1, 28, 28]" in exc.fix
    assert "nn.Linear" not in exc.fix
    assert torch.randn(16, 784).view(16, 1, 28, 28).shape == (16, 1, 28, 28)


def test_view_of_one_sample_on_a_batch_keeps_the_batch():
    # udacity style transfer: gram_matrix's tensor.view(d, h * w) on two stacked images:
    # 64 × 12288 = 786432 is one sample of [2, 64, 96, 128]
    exc = raised(torch.randn(2, 64, 96, 128).view, 64, 12288)
    assert "64 × 12288 = 786432 is one sample's values, but this input holds 2 samples" in exc.fix
    assert "x.view(x.size(0), 64, 12288) gives [2, 64, 12288]" in exc.fix
    assert "nn.Linear" not in exc.fix
    assert torch.randn(2, 64, 96, 128).view(2, 64, 12288).shape == (2, 64, 12288)


def test_cat_of_different_batch_sizes_says_the_batch_must_follow_the_input():
    # a ViT class token expanded to a batch of 4 written as a number, for a batch of 2
    token = torch.zeros(1, 1, 8).expand(4, -1, -1)
    exc = raised(torch.cat, [token, torch.randn(2, 16, 8)], 1)
    assert exc.torch_message.startswith("Sizes of tensors must match except in dimension 1. "
                                        "Expected size 4 but got size 2 for tensor number 1")
    assert "4 and 2 samples" in exc.fix and "x.size(0)" in exc.fix and "resize" not in exc.fix
