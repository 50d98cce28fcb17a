"""Lenient parsing of form strings into Keras arguments.

A learner types ``128, 128, 3``, ``(128, 128, 3)``, ``[128,128,3]``, ``3``, ``3, 3``,
``(2, 2)``, ``same`` / ``Same``, ``none`` / ``None``, ``true`` / ``False``. This module turns
those strings into the Python values Keras expects, and turns anything else into a
:class:`ParseError` (a ``ValueError``) whose ``.field`` names the form field and whose
message says what was expected, e.g.::

    input_shape must be 3 positive integers for Conv2D, like 128, 128, 3

Values that are already Python objects (ints, tuples, lists, None, bools) pass through, so
the same functions serve the JSON API (which may receive ``[128, 128, 3]``) and the forms.

    >>> parse_shape("(128, 128, 3)", layer="Conv2D")
    (128, 128, 3)
    >>> parse_size("3", "kernel_size")
    3
    >>> parse_size("(2, 2)", "strides")
    (2, 2)
    >>> parse_choice("Same", "padding", ("valid", "same"))
    'same'
"""

from __future__ import annotations

__all__ = [
    "ParseError", "parse_value", "parse_int", "parse_size", "parse_shape",
    "parse_choice", "parse_bool", "parse_args", "expected_rank", "arg_name",
    "check_maximum", "match_option", "MAX_INT",
]


class ParseError(ValueError):
    """A form string that is not a valid value for its field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class BoundError(ParseError):
    """A whole number beyond the field's stated bound (its message names the bound)."""


# The largest whole number any field or API argument takes: a 64-bit integer, the size every
# Keras backend stores a dimension in. Widgets state smaller bounds where a figure or the page
# would suffer (their ``LIMITS``). Longer digit strings are refused before ``int()`` sees them.
MAX_INT = 2**63 - 1
_MAX_DIGITS = 100
# Floats above 2**53 no longer hold every whole number: such a float is refused, not rounded.
_MAX_EXACT_FLOAT = 2**53

_KEYWORDS = {"none": None, "null": None, "true": True, "false": False,
             "yes": True, "no": False, "on": True, "off": False}

# How many numbers input_shape needs (batch excluded), by layer family.
_RANK_BY_SUFFIX = {"1D": 2, "2D": 3, "3D": 4}
_SPATIAL_BY_SUFFIX = {"1D": 1, "2D": 2, "3D": 3}


def arg_name(name: str) -> str:
    """``kernel-size`` / ``kernelSize`` / ``Kernel Size`` -> ``kernel_size``."""
    out = []
    for i, ch in enumerate(name.strip()):
        if ch in "- ":
            out.append("_")
        elif ch.isupper() and i and name[i - 1].islower():
            out.append("_" + ch.lower())
        else:
            out.append(ch.lower())
    return "".join(out)


def _strip_brackets(text: str) -> str:
    t = text.strip()
    while len(t) >= 2 and t[0] + t[-1] in ("()", "[]"):
        t = t[1:-1].strip()
    return t


def _split_top(text: str) -> list[str]:
    """Split on commas (or whitespace) that are not inside brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if depth == 0 and ch == ",":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    parts = [p.strip() for p in parts]
    if len(parts) == 1 and depth == 0 and " " in parts[0].strip() and "(" not in parts[0]:
        parts = parts[0].split()  # "128 128 3"
    if parts and parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]  # "(3,)"
    return parts


def _atom(text: str):
    t = text.strip()
    low = t.lower()
    if low in _KEYWORDS:
        return _KEYWORDS[low]
    for quote in ("'", '"'):
        if len(t) >= 2 and t[0] == t[-1] == quote:
            return t[1:-1]
    digits = t.lstrip("+-").replace("_", "")
    if digits.isdecimal() and len(digits) > _MAX_DIGITS:
        raise ParseError(_too_long(t, len(digits)))
    try:
        if digits.isdecimal():
            return int(t.replace("_", ""))
        exact = _exact_scientific(t)
        return exact if exact is not None else float(t)
    except ParseError:
        raise
    except ValueError:
        return t


def _too_long(text: str, ndigits: int | None) -> str:
    size = f"has {ndigits:,} digits" if ndigits else "is far too large"
    return (f"{text[:12]}… {size}; whole numbers here are at most "
            f"{MAX_INT:,} ({len(str(MAX_INT))} digits)")


def _exact_scientific(text: str):
    """``"1e30"`` -> ``10**30`` and ``"2.5e3"`` -> ``2500`` exactly, never through a float;
    None when ``text`` is not a whole number written with an exponent.

    >>> _exact_scientific("1e30") == 10**30, _exact_scientific("1.5e1"), _exact_scientific("1.5")
    (True, 15, None)
    """
    s = text.replace("_", "").lower()
    sign = -1 if s[:1] == "-" else 1
    mantissa, e, exponent = s.lstrip("+-").partition("e")
    whole, _, frac = mantissa.partition(".")
    if not e or not (whole + frac).isdecimal() or not exponent.lstrip("+-").isdecimal():
        return None
    digits = (whole + frac).lstrip("0")
    if not digits:
        return 0
    if len(exponent) > 8:
        raise ParseError(_too_long(text, None) if not exponent.startswith("-") else
                         f"{text} is not a whole number")
    shift = int(exponent) - len(frac)
    if shift < 0:
        if digits[shift:].strip("0"):
            return None  # a fraction: the caller's float says so
        digits, shift = digits[:shift], 0
    if len(digits) + shift > _MAX_DIGITS:
        raise ParseError(_too_long(text, len(digits) + shift))
    return sign * int(digits) * 10**shift


_MAX_DEPTH = 16  # nesting deeper than any Keras argument: refused (no deep recursion)


def parse_value(value, _depth=0):
    """Best-effort literal: ints, floats, None, booleans, strings, nested tuples.

    >>> parse_value("((1, 2), (3, 4))")
    ((1, 2), (3, 4))
    >>> parse_value("same")
    'same'
    >>> parse_value("128, 128, 3")
    (128, 128, 3)
    """
    if _depth > _MAX_DEPTH:
        raise ParseError("the value is nested too deeply")
    if not isinstance(value, str):
        if isinstance(value, list):
            return tuple(parse_value(v, _depth + 1) for v in value)
        return value
    t = value.strip()
    if not t:
        return None
    bracketed = t[0] in "([" and t[-1] in ")]"
    if bracketed or "," in t:
        inner = t[1:-1] if bracketed and _balanced(t[1:-1]) else t
        if not inner.strip():
            return ()
        if not _balanced(inner):
            return _atom(t)  # "(a,b": not a tuple; a plain string (the field reports it)
        parts = _split_top(inner)
        if len(parts) == 1 and parts[0] == t:
            return _atom(t)
        return tuple(parse_value(p, _depth + 1) if p.strip() else "" for p in parts)
    words = t.split()
    if len(words) > 1 and all(isinstance(_atom(w), (int, float)) or w.lower() == "none"
                              for w in words):
        return tuple(_atom(w) for w in words)  # "128 128 3"
    return _atom(t)


def _value(value, field):
    """:func:`parse_value` with errors attributed to ``field``."""
    try:
        return parse_value(value)
    except ParseError as e:
        raise BoundError(f"{field}: {e}", field) from None


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]"
        if depth < 0:
            return False
    return depth == 0


def _as_int(v, field, what, maximum=MAX_INT):
    if isinstance(v, bool):
        raise ParseError(f"{field} must be {what}, not {v}", field)
    if isinstance(v, str):
        try:
            v = _atom(v)
        except ParseError as e:
            raise BoundError(f"{field}: {e}", field) from None
    n = None
    if isinstance(v, int) and not isinstance(v, bool):
        n = v
    elif isinstance(v, float) and v.is_integer():
        if abs(v) > _MAX_EXACT_FLOAT:
            raise BoundError(f"{field} must be at most {maximum:,} here; {v!r} is too large "
                             f"to be exact", field)
        n = int(v)
    if n is None:
        shown = v if isinstance(v, str) else repr(v)
        raise ParseError(f"{field} must be {what}; '{shown}' is not a whole number", field)
    if maximum is not None and n > maximum:
        raise BoundError(f"{field} must be at most {maximum:,} here; got {n:,}", field)
    if maximum is not None and n < -maximum:
        raise BoundError(f"{field} must be at least {-maximum:,} here; got {n:,}", field)
    return n


def parse_int(value, field: str, *, minimum: int | None = 1, maximum: int = MAX_INT,
              allow_none: bool = False):
    """A single integer (``"32"``) with an optional lower bound and an upper bound
    (:data:`MAX_INT` unless the field states a smaller one).

    >>> parse_int(" 32 ", "filters")
    32
    """
    what = "a positive integer" if minimum == 1 else (
        "a non-negative integer" if minimum == 0 else "an integer")
    if isinstance(value, str):
        v = _value(value, field)
        if v is None and not value.strip():
            raise ParseError(f"{field} is empty: type {what}", field)
    else:
        v = value
    if v is None:
        if allow_none:
            return None
        raise ParseError(f"{field} must be {what}", field)
    if isinstance(v, tuple):
        if len(v) == 1:
            v = v[0]
        else:
            raise ParseError(f"{field} must be {what}, not a tuple", field)
    n = _as_int(v, field, what, maximum)
    if minimum is not None and n < minimum:
        raise ParseError(f"{field} must be {what}, got {n}", field)
    return n


def parse_size(value, field: str, *, n: int | None = None, minimum: int = 1,
               maximum: int = MAX_INT, allow_none: bool = False):
    """An int or a tuple of ints (``kernel_size``, ``strides``, ``pool_size`` ...).

    ``"3"`` -> ``3``; ``"3, 3"`` / ``"(3, 3)"`` / ``"[3,3]"`` -> ``(3, 3)``. With ``n`` the tuple
    must have ``n`` entries (a single int is always accepted: Keras repeats it).

    >>> parse_size("[2,2]", "strides", n=2)
    (2, 2)
    """
    what_one = "a positive integer" if minimum >= 1 else "a non-negative integer"
    example = ", ".join(["3"] * n) if n else "3, 3"
    if isinstance(value, str) and not value.strip():
        if allow_none:
            return None
        raise ParseError(f"{field} is empty: type {what_one} like 3, or {example}", field)
    v = _value(value, field) if isinstance(value, str) else value
    if v is None and allow_none:
        return None
    if isinstance(v, list):
        v = tuple(v)
    if isinstance(v, tuple):
        if len(v) == 1:
            v = v[0]
        else:
            if n is not None and len(v) != n:
                raise ParseError(
                    f"{field} must be one integer or {n} integers, like 3 or {example}; "
                    f"got {len(v)} values", field)
            out = []
            for item in v:
                try:
                    k = _as_int(item, field, what_one, maximum)
                except BoundError:
                    raise
                except ParseError:
                    raise ParseError(f"{field} must be {what_one} or a tuple of them, "
                                     f"like 3 or {example}", field) from None
                if k < minimum:
                    raise ParseError(f"{field} values must be at least {minimum}, got {k}", field)
                out.append(k)
            return tuple(out)
    if v is None:
        raise ParseError(f"{field} must be {what_one} or a tuple of them, like 3 or {example}",
                         field)
    try:
        k = _as_int(v, field, what_one, maximum)
    except BoundError:
        raise
    except ParseError:
        raise ParseError(f"{field} must be {what_one} or a tuple of them, like 3 or {example}",
                         field) from None
    if k < minimum:
        raise ParseError(f"{field} must be at least {minimum}, got {k}", field)
    return k


def expected_rank(layer: str | None) -> int | None:
    """How many numbers ``input_shape`` needs for ``layer`` (batch excluded), or None if any.

    >>> expected_rank("Conv2D"), expected_rank("MaxPooling1D"), expected_rank("Dense")
    (3, 2, None)
    >>> expected_rank("LSTM"), expected_rank("ConvLSTM2D")
    (2, 4)
    """
    if not layer:
        return None
    if layer.startswith("ConvLSTM"):  # (time, spatial..., channels)
        return _RANK_BY_SUFFIX.get(layer[-2:], 2) + 1
    if layer in ("SimpleRNN", "LSTM", "GRU"):  # (time, features)
        return 2
    for suffix, rank in _RANK_BY_SUFFIX.items():
        if layer.endswith(suffix) and not layer.startswith(("Reshape",)):
            return rank
    return None


def _shape_example(rank: int | None) -> str:
    return {1: "784", 2: "100, 16", 3: "128, 128, 3", 4: "16, 64, 64, 3"}.get(rank or 3,
                                                                               "128, 128, 3")


def parse_shape(value, field: str = "input_shape", *, layer: str | None = None,
                rank: int | None = None, allow_none_dims: bool = True,
                maximum: int = MAX_INT) -> tuple:
    """A shape without the batch dimension: ``"128, 128, 3"`` -> ``(128, 128, 3)``.

    ``None`` entries (a variable length) are accepted when ``allow_none_dims``.

    >>> parse_shape("[28,28,1]")
    (28, 28, 1)
    >>> try:
    ...     parse_shape("128, 128", layer="Conv2D")
    ... except ParseError as e:
    ...     print(e.field, "|", e)
    input_shape | input_shape must be 3 positive integers for Conv2D, like 128, 128, 3 (got 2 numbers)
    """
    if rank is None:
        rank = expected_rank(layer)
    need = (f"{rank} positive integers" if rank and rank > 1 else
            "1 positive integer" if rank == 1 else "positive integers")
    forwhat = f" for {layer}" if layer else ""
    message = f"{field} must be {need}{forwhat}, like {_shape_example(rank)}"
    if isinstance(value, str) and not value.strip():
        raise ParseError(f"{field} is empty: {message[len(field) + 1:]}", field)
    v = _value(value, field) if isinstance(value, str) else value
    if isinstance(v, list):
        v = tuple(v)
    if not isinstance(v, tuple):
        v = (v,)
    dims = []
    for item in v:
        if item is None and allow_none_dims:
            dims.append(None)
            continue
        if isinstance(item, bool) or isinstance(item, tuple):
            raise ParseError(message, field)
        try:
            d = _as_int(item, field, "positive integers", maximum)
        except BoundError:
            raise
        except ParseError:
            raise ParseError(message, field) from None
        if d < 1:
            raise ParseError(f"{message}; {d} is not a positive size", field)
        dims.append(d)
    if not dims or (rank and len(dims) != rank):
        got = len(dims)
        raise ParseError(f"{message} (got {got} number{'s' if got != 1 else ''})", field)
    return tuple(dims)


def check_maximum(text, field: str, maximum: int) -> None:
    """Refuse (:class:`BoundError`) a form string holding a whole number above ``maximum``.

    Every number written in ``text`` counts (``"3, 3"``, ``"1-11"``, ``"1e30"``); words that
    are not numbers are left to the field's own parsing, which names what it expects.

    >>> check_maximum("3, 3", "kernel_size", 1000)
    >>> try:
    ...     check_maximum("1-20000000", "kernel_size", 1000)
    ... except BoundError as e:
    ...     print(e)
    kernel_size must be at most 1,000 here; got 20,000,000
    """
    words, cur, prev = [], [], ""
    for ch in str(text):
        if ch in "()[],;/" or ch.isspace() or (ch == "-" and prev.isdigit()):  # "1-11": a range
            words.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        prev = ch
    words.append("".join(cur))
    for word in words:
        if not word:
            continue
        try:
            n = _atom(word)
        except ParseError as e:
            raise BoundError(f"{field}: {e}", field) from None
        if isinstance(n, float) and n.is_integer() and n > maximum:
            raise BoundError(f"{field} must be at most {maximum:,} here; got {word}", field)
        if isinstance(n, int) and not isinstance(n, bool) and n > maximum:
            raise BoundError(f"{field} must be at most {maximum:,} here; got {n:,}", field)


def _loose(text) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def match_option(value, options):
    """The option a person meant, or None: case, spaces, ``-``, ``_`` and quotes do not count
    (a URL's ``?model=ResNet-50`` or ``?level=EASY``).

    >>> match_option("ResNet-50", ["vgg16", "resnet50"]), match_option("EASY", ["easy"])
    ('resnet50', 'easy')
    >>> match_option("resnet", ["resnet50"]) is None
    True
    """
    if value is None:
        return None
    want = _loose(value)
    for opt in options:
        if str(opt) == value:
            return opt
    hits = [opt for opt in options if _loose(opt) == want]
    return hits[0] if len(hits) == 1 else None


def parse_choice(value, field: str, options, *, default=None):
    """One of ``options``, case-insensitive: ``"Same"`` -> ``"same"``.

    >>> parse_choice(" VALID ", "padding", ["valid", "same"])
    'valid'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is not None:
            return default
        raise ParseError(f"{field} must be one of {_or(options)}", field)
    t = str(value).strip().strip("'\"").strip()
    for opt in options:
        if str(opt).lower() == t.lower():
            return opt
    raise ParseError(f"{field} must be {_or(options)}, not '{t}'", field)


def _or(options) -> str:
    opts = [f"'{o}'" for o in options]
    return opts[0] if len(opts) == 1 else ", ".join(opts[:-1]) + " or " + opts[-1]


def parse_bool(value, field: str) -> bool:
    """``true/false/yes/no/on/off/1/0`` (any case) or a real bool.

    >>> parse_bool("False", "use_bias"), parse_bool("on", "use_bias")
    (False, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    t = str(value).strip().lower()
    if t in ("1", "true", "yes", "on", "checked"):
        return True
    if t in ("0", "false", "no", "off", ""):
        return False
    raise ParseError(f"{field} must be True or False, not '{value}'", field)


# Keras arguments that take an int or a tuple of ints.
_SIZE_ARGS = {"kernel_size", "strides", "pool_size", "dilation_rate", "size", "output_padding"}
_INT_ARGS = {"filters", "units", "groups", "depth_multiplier", "axis", "n"}
_BOOL_ARGS = {"use_bias", "keepdims", "center", "scale", "trainable"}
_SHAPE_ARGS = {"input_shape", "target_shape", "shape", "batch_input_shape"}
_TEXT_ARGS = {"equation", "bias_axes"}


def _spatial(layer: str | None) -> int | None:
    if not layer:
        return None
    for suffix, n in _SPATIAL_BY_SUFFIX.items():
        if layer.endswith(suffix):
            return n
    return None


def parse_args(args: dict | None, layer: str | None = None) -> dict:
    """Turn a dict of form strings into Keras keyword arguments.

    Known arguments get strict parsing (with the field named in the error); the rest get
    :func:`parse_value`. Empty strings are dropped (the Keras default applies).

    >>> parse_args({"filters": "32", "kernel_size": "3", "padding": "Same",
    ...             "use_bias": "false", "activation": "relu"}, "Conv2D")
    {'filters': 32, 'kernel_size': 3, 'padding': 'same', 'use_bias': False, 'activation': 'relu'}
    """
    out = {}
    for raw_key, value in (args or {}).items():
        key = arg_name(str(raw_key))
        try:
            _parse_arg(out, key, value, layer)
        except ParseError as e:
            if e.field is None:
                e.field = key
            raise
    return out


def _parse_arg(out, key, value, layer):
    """Parse one argument into ``out`` (strict for the arguments Keras shapes depend on)."""
    n = _spatial(layer)
    if isinstance(value, str) and not value.strip():
        return
    if key in _SIZE_ARGS:
        if key == "output_padding" and isinstance(value, str) and value.strip().lower() in (
                "none", "null"):
            out[key] = None
            return
        out[key] = parse_size(value, key, n=n,
                              minimum=0 if key == "output_padding" else 1,
                              allow_none=key in ("strides", "output_padding"))
    elif key in _INT_ARGS:
        out[key] = parse_int(value, key, minimum=None if key == "axis" else 1)
    elif key in _BOOL_ARGS:
        out[key] = parse_bool(value, key)
    elif key in _SHAPE_ARGS:
        if key == "target_shape":
            v = parse_value(value) if isinstance(value, (str, list)) else value
            if not isinstance(v, (tuple, list)):
                v = (v,)
            if not all(isinstance(d, int) and not isinstance(d, bool) for d in v):
                raise ParseError("target_shape must be integers (one may be -1), "
                                 "like 7, 7, 64", key)
            out[key] = tuple(v)
        else:
            out[key] = parse_shape(value, key, layer=layer if key == "input_shape" else None)
    elif key == "padding":
        v = parse_value(value) if isinstance(value, (str, list)) else value
        if isinstance(v, str):
            v = v.lower()
        out[key] = v
    elif key in _TEXT_ARGS:  # an einsum equation or its letters: commas included
        out[key] = str(value).strip()
    elif key == "data_format":
        out[key] = parse_choice(value, key, ("channels_last", "channels_first"))
    else:
        out[key] = parse_value(value) if isinstance(value, (str, list)) else value
