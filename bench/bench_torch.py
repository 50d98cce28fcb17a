#!/usr/bin/env python3
"""Time the calculator's PyTorch front end against real torch + torchinfo; print ratios.

    python3 bench/bench_torch.py                    # calculator + real torch, best of 3
    python3 bench/bench_torch.py -n 5 --clock cpu   # CPU time: steadier on a busy machine
    python3 bench/bench_torch.py --torch-python /path/to/python   # another reference env
    python3 bench/bench_torch.py --no-torch         # calculator only

Each workload is one unchanged PyTorch script, run by the calculator through
``calculator.runner.run_script`` (in this process) and by real torch 2.13 + torchinfo 1.8.0
in a child process (``--torch-python``, default ``.venv-reference/bin/python``, made by
``make reference-env``), both timed in the same run:

(a) ``torchvision.models.resnet50()`` build + forward trace + ``torchinfo.summary`` text at
    1×3×224×224;
(b) a 200-layer ``nn.Conv2d`` stack (``nn.Sequential(*layers)``) build + forward + summary at
    1×16×64×64.

torchvision does not import on the CPU torch wheel, so in the child ``torchvision.models``
is the calculator's definition running on real torch (the same modules torchvision builds).
Target: the calculator >= 100x faster on both. ``--floor`` adds a row for
``bench/torch_floor.py``, the stack as a skeleton with no checks (what any faithful mirror
must at least do), timed in the same run: the best ratio this design could reach.
This is a script, not a test: it only prints.
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TORCH_PYTHON = os.path.join(ROOT, ".venv-reference", "bin", "python")
SPEED_TARGET = 100.0

WORKLOADS = {
    "resnet50 build + forward + torchinfo": """
import torchvision
from torchinfo import summary
model = torchvision.models.resnet50()
text = str(summary(model, input_size=(1, 3, 224, 224), verbose=0))
""",
    "200-layer conv stack build + forward + torchinfo": """
import torch.nn as nn
from torchinfo import summary
layers = []
for _ in range(200):
    layers += [nn.Conv2d(16, 16, 3, padding=1)]
model = nn.Sequential(*layers)
text = str(summary(model, input_size=(1, 16, 64, 64), verbose=0))
""",
}

# Runs in the reference interpreter: times each workload on real torch, prints JSON.
CHILD = r"""
import json, sys, time
sys.path.insert(0, ROOT)
import torch, torchinfo
import calculator.torch.torchvision as tv, calculator.torch.torchvision.models as tvm
sys.modules["torchvision"], sys.modules["torchvision.models"] = tv, tvm
clock = time.process_time if CLOCK == "cpu" else time.perf_counter
out = {"torch": torch.__version__}
for name, code in WORKLOADS.items():
    best = float("inf")
    for _ in range(REPEAT):
        start = clock()
        exec(compile(code, "<script>", "exec"), {"__name__": "__main__"})
        best = min(best, clock() - start)
    out[name] = best
print(json.dumps(out))
"""


def time_calculator(repeat, clock):
    sys.path.insert(0, ROOT)
    from calculator.runner import run_script

    results = {}
    for name, code in WORKLOADS.items():
        best = float("inf")
        for _ in range(repeat):
            start = clock()
            run_script(code)
            best = min(best, clock() - start)
        results[name] = best
    return results


def time_floor(repeat, clock):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from torch_floor import stack_workload

    stack_workload()  # warm, as the calculator's first run is
    best = float("inf")
    for _ in range(max(repeat, 10)):
        start = clock()
        stack_workload()
        best = min(best, clock() - start)
    return best


def time_torch(python, repeat, clock_name):
    child = (f"ROOT = {ROOT!r}\nWORKLOADS = {WORKLOADS!r}\nREPEAT = {repeat}\n"
             f"CLOCK = {clock_name!r}\n" + CHILD)
    done = subprocess.run([python, "-c", child], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--torch-python", default=DEFAULT_TORCH_PYTHON)
    parser.add_argument("--no-torch", action="store_true", help="time the calculator only")
    parser.add_argument("--floor", action="store_true",
                        help="also time bench/torch_floor.py's skeleton of the stack")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    try:
        ours = time_calculator(args.repeat, clock)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        ours = None
        print(f"calculator: could not run ({type(exc).__name__}: {exc})")
    theirs = None
    if not args.no_torch:
        try:
            theirs = time_torch(args.torch_python, args.repeat, args.clock)
            print(f"real torch {theirs.pop('torch')} + torchinfo via {args.torch_python}")
        except (OSError, RuntimeError, ValueError) as exc:
            print(f"real torch: could not run ({exc})")

    print(f"best of {args.repeat}, {args.clock} clock")
    print(f"{'workload':52s} {'calculator':>11s} {'torch':>11s} {'ratio':>9s}")
    for name in WORKLOADS:
        a = ours[name] if ours else None
        b = theirs[name] if theirs else None
        ratio = f"{b / a:8.1f}x" if a and b else "       --"
        verdict = "" if not (a and b) else ("  ok" if b / a >= SPEED_TARGET else
                                            f"  below {SPEED_TARGET:.0f}x")
        cells = [f"{v * 1000:9.1f}ms" if v is not None else f"{'--':>11s}" for v in (a, b)]
        print(f"{name:52s} {cells[0]} {cells[1]} {ratio}{verdict}")
    if args.floor:
        floor = time_floor(args.repeat, clock)
        stack = next(name for name in WORKLOADS if name.startswith("200-layer"))
        b = theirs[stack] if theirs else None
        ratio = f"{b / floor:8.1f}x" if b else "       --"
        print(f"{'floor: skeleton of the stack (torch_floor.py)':52s} {floor * 1000:9.1f}ms "
              f"{(f'{b * 1000:9.1f}ms' if b else '--'):>11s} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
