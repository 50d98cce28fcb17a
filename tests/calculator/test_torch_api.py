"""Unchanged PyTorch scripts print, on the mirror, exactly what they print on real PyTorch.

``tests/fixtures/torch_api/*.py`` cover tensor shape operations, the ``nn.Module`` API
(registration order, ``named_modules``/``named_parameters``/``state_dict``, hooks and their
call order, ``apply``, train/eval, ``requires_grad_``, dtype conversion, containers, lazy
modules), whole models and the shape errors learners hit. ``expected.json`` is their stdout
under real torch 2.13 (``tests/fixtures/generate_torch_api_fixtures.py``); each script
runs here through ``calculator.runner.run_script`` and must print the same text, line for line.
"""

import json
import os

import pytest

from calculator import runner

SCRIPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                          "torch_api")
with open(os.path.join(SCRIPT_DIR, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_script_prints_what_pytorch_prints(name):
    with open(os.path.join(SCRIPT_DIR, name), encoding="utf-8") as f:
        code = f.read()
    result = runner.run_script(code, filename=name)
    got, want = result.stdout.splitlines(), EXPECTED[name].splitlines()
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"{name} line {i + 1}"
    assert len(got) == len(want)


def test_torch_aliases_last_only_for_the_run():
    import sys
    had = "torch" in sys.modules
    result = runner.run_script("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
                               "from torch import nn as nn2\nprint(nn is nn2, F.relu.__module__)\n")
    assert result.stdout == "True calculator.torch.nn.functional\n"
    assert ("torch" in sys.modules) == had


def test_torch_error_carries_the_script_line():
    code = "import torch\nimport torch.nn as nn\nm = nn.Linear(3, 4)\nm(torch.randn(2, 5))\n"
    with pytest.raises(RuntimeError) as info:
        runner.run_script(code)
    assert info.value.line == 4
    assert str(info.value) == "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)"
    assert "in_features should be 5" in info.value.fix and "nn.Linear(5, 4)" in info.value.fix


@pytest.mark.parametrize("code, kind, message", [
    ("import torch.nn as nn\nm = nn.CTCLoss()\n", NotImplementedError,
     "torch.nn.CTCLoss is not modelled by ConvDims yet: PyTorch has it"),
    ("from torch.nn import FractionalMaxPool2d\n", NotImplementedError,
     "torch.nn.FractionalMaxPool2d is not modelled by ConvDims yet: PyTorch has it"),
    ("import torch.nn.functional as F\nF.ctc_loss(3)\n", NotImplementedError,
     "torch.nn.functional.ctc_loss is not modelled by ConvDims yet: PyTorch has it"),
    ("import torch.nn as nn\nnn.Conv2D(1, 2, 3)\n", AttributeError,
     "module 'torch.nn' has no attribute 'Conv2D' (not supported by ConvDims)"),
    ("from torchvision.models import no_such_net\n", ImportError,
     "cannot import name 'no_such_net' from 'torchvision.models'"),
    ("from torch.nn.utils.rnn import pack_padded_sequence\n", NotImplementedError,
     "torch.nn.utils.rnn is not modelled by ConvDims yet: PyTorch has it"),
    ("import torch\nm = torch.jit.script(torch.nn.Linear(2, 3))\n", NotImplementedError,
     "torch.jit is not modelled by ConvDims yet: PyTorch has it"),
    ("import torch.nn.utilz\n", ModuleNotFoundError, "No module named 'torch.nn.utilz'"),
])
def test_names_the_mirror_lacks_are_named_as_learners_import_them(code, kind, message):
    with pytest.raises(kind) as info:
        runner.run_script(code)
    assert str(info.value).startswith(message) and "calculator" not in str(info.value)


MNIST_SCRIPT = """import torch
import torch.nn as nn
from torchvision import datasets, transforms
t = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
ds = datasets.MNIST('../data', train=True, download=True, transform=t)
loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True)
model = nn.Linear(784, 10)
print(sum(p.numel() for p in model.parameters()))
for x, y in loader:
    model(x.view(x.size(0), -1))
"""


def test_data_lines_run_and_the_first_line_that_needs_data_stops_the_script():
    # 784 * 10 weights + 10 biases = 7850, printed before the loop needs MNIST's images
    with pytest.raises(TypeError) as info:
        runner.run_script(MNIST_SCRIPT)
    assert info.value.stdout == "7850\n"
    assert info.value.line == 9
    assert str(info.value).startswith(
        "Iterating a DataLoader needs the data of the DataLoader (made on line 6) over "
        "datasets.MNIST (made on line 5); ConvDims computes shapes and parameter counts and "
        "loads no data")


@pytest.mark.parametrize("line, what", [
    ("print(len(ds))", "len(dataset)"),
    ("print(ds[0])", "Indexing a dataset"),
    ("print(ds.targets)", "dataset.targets"),
    ("print(t(None))", "Applying a transform"),
])
def test_a_dataset_or_transform_stops_where_its_data_is_used(line, what):
    code = "\n".join(MNIST_SCRIPT.splitlines()[:5] + [line]) + "\n"
    with pytest.raises(TypeError) as info:
        runner.run_script(code)
    assert info.value.line == 6 and str(info.value).startswith(what + " needs the data of ")


def test_a_scheduled_learning_rate_is_never_printed_stale():
    code = ("import torch\nimport torch.nn as nn\nopt = torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)\n"
            "s = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)\ns.step()\n"
            "print(opt.param_groups[0]['initial_lr'])\nprint(s.get_last_lr())\n")
    with pytest.raises(TypeError) as info:
        runner.run_script(code)
    assert info.value.stdout == "0.1\n" and info.value.line == 7
    assert "the learning rate under StepLR changes as the schedule runs" in str(info.value)


def test_an_error_inside_a_compiled_model_is_refused_naming_torch_compile():
    # PyTorch raises TorchDynamo's TorchRuntimeError (fake-tensor wording) here, not the eager
    # error: the calculator refuses rather than print an error PyTorch does not print.
    code = ("import torch\nimport torch.nn as nn\n"
            "m = torch.compile(nn.Sequential(nn.Flatten(), nn.Linear(12, 2)))\n"
            "print(m(torch.randn(1, 3, 4)).shape)\n"
            "m(torch.randn(1, 3, 5))\n")
    with pytest.raises(NotImplementedError) as info:
        runner.run_script(code)
    assert info.value.line == 5
    assert info.value.stdout == "torch.Size([1, 2])\n"
    assert str(info.value).startswith("torch.compile: the compiled model raised RuntimeError")
    assert str(info.value.__cause__).startswith("mat1 and mat2 shapes cannot be multiplied (1x15 and 12x2)")
