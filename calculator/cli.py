"""The command line: ``python -m calculator`` (console script ``convdims``).

    convdims run lesson.py [--style keras2] [--width 80]
    convdims layer Conv2D --filters 32 --kernel-size 3 --strides 2 --padding same \\
        --input-shape 128,128,3
    convdims summary resnet50 [--style keras2] [--width 80] [--include-top false ...]
    convdims solve --input 128 --output 64 [--layer Conv2D] [--kernel 1-11] [--stride 1-4]
        [--dilation 1-3] [--padding valid,same]

``--json`` (anywhere) prints the JSON response of ``calculator.api`` instead of text.
Exit codes: 0 ok; 1 a user error (bad argument, invalid layer, failing script), with a plain
message on stderr and no traceback; 2 a usage error (argparse's convention). Every failure is
one line on stderr, whatever the input (non-UTF-8 files, huge numbers, malformed ranges).
"""

from __future__ import annotations

import os
import sys

__all__ = ["main"]


_WIDTH_HELP = ("print summaries as in a terminal this many columns wide (default: this "
               "terminal, the COLUMNS variable, or 80 for a pipe, as Keras does)")


def _parser():
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse, but a usage error is one line (the usage is one ``--help`` away)."""

        def error(self, message):
            self.exit(2, f"{self.prog}: error: {_one_line(message)} (see {self.prog} --help)\n")

    p = Parser(
        prog="convdims",
        description="Shapes, parameter counts, summaries and derivations exactly as Keras 3 "
                    "and PyTorch (with torchinfo) print them, without either installed.",
        epilog="Add --json to any command for the JSON response.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    r = sub.add_parser("run", help="run a Keras or PyTorch script (keras / tensorflow.keras / "
                                   "torch / torchvision / torchinfo imports resolve to the "
                                   "calculator) and print what it prints")
    r.add_argument("file", help="a .py file, or - for standard input")
    r.add_argument("--style", default="keras3", choices=["keras3", "keras2"],
                   help="summary layout (default keras3)")
    r.add_argument("--width", type=int, default=None, metavar="COLUMNS", help=_WIDTH_HELP)
    lay = sub.add_parser("layer", help="one layer: output shape, parameters, derivation "
                                       "(any Keras argument as --kebab-case VALUE)")
    lay.add_argument("layer", help="Keras class name, e.g. Conv2D")
    lay.add_argument("--input-shape", required=True,
                     help="without the batch axis, e.g. 128,128,3")
    s = sub.add_parser("summary", help="model.summary() of an application "
                                       "(vgg16, resnet50, mobilenetv2, lenet5, ...)")
    s.add_argument("name")
    s.add_argument("--style", default="keras3", choices=["keras3", "keras2"])
    s.add_argument("--width", type=int, default=None, metavar="COLUMNS", help=_WIDTH_HELP)
    s.add_argument("--table", action="store_true",
                   help="also print per-layer MACs, memory and receptive field")
    v = sub.add_parser("solve", help="which kernel/stride/padding/dilation turn an input "
                                     "size into an output size")
    v.add_argument("--input", required=True, help="input size, e.g. 128")
    v.add_argument("--output", required=True, help="wanted output size, e.g. 64")
    v.add_argument("--layer", default="Conv2D")
    v.add_argument("--kernel", default=None, help="range, e.g. 1-11")
    v.add_argument("--stride", default=None, help="range, e.g. 1-4")
    v.add_argument("--dilation", default=None, help="range, e.g. 1-3")
    v.add_argument("--padding", default=None, help="valid,same (default both)")
    v.add_argument("--derivations", action="store_true",
                   help="print the derivation of every solution")
    return p


def _extra_kwargs(rest):
    """``['--filters', '32', '--use-bias=false', '--flag']`` -> Keras kwargs (strings)."""
    out, i = {}, 0
    while i < len(rest):
        tok = rest[i]
        if not tok.startswith("--"):
            raise _UserError(f"unexpected argument {tok!r}: Keras arguments are written "
                             f"--name VALUE, e.g. --kernel-size 3")
        key = tok[2:]
        if "=" in key:
            key, value = key.split("=", 1)
            i += 1
        elif i + 1 < len(rest) and not rest[i + 1].startswith("--"):
            value = rest[i + 1]
            i += 2
        else:
            value, i = "true", i + 1
        out[key.replace("-", "_")] = value
    return out


class _UserError(Exception):
    pass


def _one_line(text, limit=300) -> str:
    """A message as one line of at most ``limit`` characters."""
    t = " ".join(str(text).split())
    return t if len(t) <= limit else t[:limit - 1] + "…"


def _range(text):
    """``"1-11"`` / ``"1..11"`` / ``"3"`` -> the strings the solver parses (and bounds)."""
    if text is None:
        return None
    parts = [x.strip() for x in str(text).replace("..", "-").split("-") if x.strip()]
    if not parts:
        raise _UserError(f"a range is written low-high, like 1-11; got {text[:40]!r}")
    return parts[0] if len(parts) == 1 else parts


def main(argv=None) -> int:
    """Run one command; a reader that closes the pipe early (``| head``) is not an error."""
    try:
        return _main(argv)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("convdims: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - never a traceback: say what failed, in one line
        print(_one_line(f"convdims: internal error: {type(e).__name__}: {e}"), file=sys.stderr)
        return 1


def _main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    parser = _parser()
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit as e:  # argparse already printed usage
        return int(e.code or 0)
    if not args.command:
        parser.print_help()
        return 0
    try:
        if rest and args.command != "layer" and args.command != "summary":
            raise _UserError(f"unrecognized arguments: {' '.join(rest)}")
        request = _request(args, rest)
    except _UserError as e:
        print(_one_line(f"convdims: {e}"), file=sys.stderr)
        return 1
    from . import api
    resp = api.handle(request)
    if as_json:
        import json
        print(json.dumps(resp, indent=2, default=str))
        return 0 if resp.get("ok") else 1
    return _print(args, resp)


def _request(args, rest):
    if args.command == "run":
        name = "standard input" if args.file == "-" else args.file
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            try:
                with open(args.file, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise _UserError(f"cannot read {args.file}: {e.strerror}") from None
        try:
            code = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise _UserError(f"{name} is not UTF-8 text (byte 0x{data[e.start]:02x} at "
                             f"position {e.start}); save the script as UTF-8") from None
        return _with_width({"op": "run", "code": code, "style": args.style}, args)
    if args.command == "layer":
        return {"op": "layer", "layer": args.layer, "args": _extra_kwargs(rest),
                "input_shape": args.input_shape}
    if args.command == "summary":
        return _with_width({"op": "model", "name": args.name, "style": args.style,
                            "args": _extra_kwargs(rest)}, args)
    req = {"op": "solve", "input_size": args.input, "output_size": args.output,
           "layer": args.layer}
    for key in ("kernel", "stride", "dilation"):
        r = _range(getattr(args, key))
        if r is not None:
            req[key] = r
    if args.padding:
        req["padding"] = [p.strip() for p in args.padding.split(",") if p.strip()]
    return req


def _with_width(request, args):
    if args.width is not None:
        request["width"] = args.width
    return request


def _fail(resp) -> int:
    err = resp.get("error") or {}
    where = f" (line {err['line']})" if isinstance(err.get("line"), int) else ""
    field = f" [{err['field']}]" if err.get("field") else ""
    print(_one_line(f"{err.get('type', 'Error')}{where}{field}: {err.get('message', '')}"),
          file=sys.stderr)
    return 1


def _print(args, resp) -> int:
    from .derive import steps_text
    from .stats import count_text, human_bytes
    if args.command == "run":
        out = resp.get("stdout") or ""
        if out:
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
        return 0 if resp.get("ok") else _fail(resp)
    if not resp.get("ok"):
        return _fail(resp)
    if args.command == "layer":
        st = resp["stats"]
        nt = resp["non_trainable"]
        print(resp["keras_code"])
        print(f"Output shape: {resp['output_shape_text']}")
        print(f"Parameters: {resp['params']:,}"
              + (f" (trainable {resp['trainable']:,}, non-trainable {nt:,})" if nt else ""))
        print(f"MACs: {count_text(st['macs'])}   output memory: {human_bytes(st['activation_bytes'])}"
              f"   weight memory: {human_bytes(st['param_bytes'])}")
        print()
        print(steps_text(resp["derivation"]))
        return 0
    if args.command == "summary":
        print(resp["summary"])
        if args.table:
            print()
            print(_table(resp))
        return 0
    print(resp["summary"])
    sols = resp["solutions"]
    if not sols:
        print(resp["explanation"])
        return 0
    for sol in sols:
        print(f"  {sol['keras_code']}")
        if args.derivations and sol.get("derivation"):
            for line in steps_text(sol["derivation"]).splitlines():
                print(f"      {line}")
    return 0


def _table(resp) -> str:
    from .stats import count_text, human_bytes
    rows = [("layer", "output shape", "params", "MACs", "output mem", "RF / jump")]
    for r in resp["layers"]:
        rf = r.get("receptive_field")
        rft = "whole input" if rf is None else ", ".join(f"{a}/{b}" for a, b in rf)
        if rf and len({tuple(x) for x in rf}) == 1:
            rft = f"{rf[0][0]}/{rf[0][1]}"
        rows.append((r["name"], r["output_shape_text"], f"{r['params']:,}", count_text(r["macs"]),
                     human_bytes(r["activation_bytes"]), rft))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    t = resp["stats"]
    lines.append(f"Total MACs: {count_text(t['macs'])}; activations {human_bytes(t['activation_bytes'])}"
                 f"; weights {human_bytes(t['param_bytes'])}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
