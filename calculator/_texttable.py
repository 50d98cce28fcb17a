"""Plain-text port of the parts of `rich` (15.x) that Keras 3's summary uses.

Keras 3 draws ``model.summary()`` as a ``rich.table.Table`` with fixed-width
columns, ``show_lines=True``, the ``HEAVY_HEAD`` box and ``(0, 1)`` padding, and
prints it on a console that has no colours (``print_fn`` given, or stdout not a
terminal).  This module reproduces that text exactly, without rich:

- column widths (``Table._calculate_column_widths`` with ``expand``: every
  column is fixed, so the table is shrunk with ``ratio_reduce``),
- cell text wrapping (``rich._wrap.divide_line``, overflow ``"ellipsis"``:
  a word wider than its cell is cut and ends in ``…``),
- justification (``left`` / ``right`` / ``center``), header cells aligned to
  the bottom, body cells to the top,
- lines wider than the console cropped to the console width,
- plain console lines (the title and the totals) folded at the console width.

Widths are measured in terminal cells like rich: East-Asian wide characters
take two cells, combining marks none (from ``unicodedata``; rich's own tables
can differ on rare code points, and emoji ZWJ sequences are not joined).
"""

import functools
import re

__all__ = ["ratio_reduce", "ratio_distribute", "divide_line", "wrap_cell",
           "wrap_console", "render_table", "HEAVY_HEAD"]

_RE_WORD = re.compile(r"\s*\S+\s*")
_RE_TRAILING_WS = re.compile(r"\s+$")

#: rich.box.HEAVY_HEAD, one string per box part.
HEAVY_HEAD = {
    "top": ("┏", "━", "┳", "┓"),
    "head": ("┃", "┃", "┃"),          # left, divider, right of header rows
    "head_row": ("┡", "━", "╇", "┩"),  # line under the header
    "mid": ("│", "│", "│"),
    "row": ("├", "─", "┼", "┤"),       # line between body rows
    "foot": ("│", "│", "│"),
    "bottom": ("└", "─", "┴", "┘"),
}


@functools.lru_cache(maxsize=4096)
def _char_width(ch):
    cp = ord(ch)
    if 0x20 <= cp < 0x7F:
        return 1
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return 0
    import unicodedata
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_len(text):
    """Terminal cells ``text`` takes (rich.cells.cell_len)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_width, text))


def _graphemes(text):
    """``(start, end, cells)`` spans; zero-width characters join the previous one."""
    spans = []
    for index, ch in enumerate(text):
        width = _char_width(ch)
        if width == 0 and spans:
            start, _, cells = spans[-1]
            spans[-1] = (start, index + 1, cells)
        else:
            spans.append((index, index + 1, width))
    return spans


def set_cell_size(text, total):
    """rich.cells.set_cell_size: crop or pad ``text`` to ``total`` cells (a wide
    character cut in half becomes a space)."""
    if text.isascii() and text.isprintable():
        return text[:total] if len(text) >= total else text + " " * (total - len(text))
    if total <= 0:
        return ""
    size = cell_len(text)
    if size <= total:
        return text + " " * (total - size)
    used = 0
    for start, end, cells in _graphemes(text):
        if used + cells > total:
            return text[:start] + " " * (total - used)
        used += cells
    return text


def chop_cells(text, width):
    """rich.cells.chop_cells: cut ``text`` into pieces at most ``width`` cells wide."""
    if text.isascii() and text.isprintable():
        return [text[i:i + width] for i in range(0, len(text), width)]
    lines, line_size, line_offset = [], 0, 0
    for start, _end, cells in _graphemes(text):
        if line_size + cells > width:
            lines.append(text[line_offset:start])
            line_offset, line_size = start, 0
        line_size += cells
    if line_size:
        lines.append(text[line_offset:])
    return lines


def ratio_reduce(total, ratios, maximums, values):
    """rich._ratio.ratio_reduce: take ``total`` away from ``values`` by ``ratios``."""
    ratios = [ratio if _max else 0 for ratio, _max in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    total_remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total_remaining / total_ratio))
            result.append(value - distributed)
            total_remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def ratio_distribute(total, ratios, minimums=None):
    """rich._ratio.ratio_distribute: share ``total`` out by ``ratios``."""
    if minimums:
        ratios = [ratio if _min else 0 for ratio, _min in zip(ratios, minimums)]
    total_ratio = sum(ratios)
    if total_ratio <= 0:  # rich asserts it; the page's bytecode is built without asserts
        raise AssertionError("Sum of ratios must be > 0")
    total_remaining = total
    distributed_total = []
    _minimums = [0] * len(ratios) if minimums is None else minimums
    for ratio, minimum in zip(ratios, _minimums):
        if total_ratio > 0:
            distributed = max(minimum, -(-ratio * total_remaining // total_ratio))
        else:
            distributed = total_remaining
        distributed_total.append(distributed)
        total_ratio -= ratio
        total_remaining -= distributed
    return distributed_total


def divide_line(text, width, fold=True):
    """rich._wrap.divide_line: offsets at which to break ``text`` to fit ``width``.

    >>> divide_line("second conv with spaces in its name (Conv2D)", 31, fold=False)
    [31]
    """
    break_positions = []
    cell_offset = 0
    # printable ASCII: every character is one cell, so a length is a width
    measure = len if (text.isascii() and text.isprintable()) else cell_len
    for match in _RE_WORD.finditer(text):
        start, word = match.start(), match.group(0)
        word_length = measure(word.rstrip())
        remaining_space = width - cell_offset
        if remaining_space >= word_length:
            cell_offset += measure(word)
        elif word_length > width:
            if fold:
                folded = chop_cells(word, width)
                for index, line in enumerate(folded):
                    if start:
                        break_positions.append(start)
                    if index == len(folded) - 1:
                        cell_offset = cell_len(line)
                    else:
                        start += len(line)
            else:
                if start:
                    break_positions.append(start)
                cell_offset = cell_len(word)
        elif cell_offset and start:
            break_positions.append(start)
            cell_offset = cell_len(word)
    return break_positions


def _divide_line_ascii(text, width):
    """``divide_line(text, width, fold=False)`` for printable ASCII ``text``. The word
    matches tile the text (each takes the spaces after it), so a word starts where
    the previous one ended."""
    break_positions = []
    cell_offset = 0
    start = 0
    for word in _RE_WORD.findall(text):
        word_length = len(word.rstrip(" "))
        if width - cell_offset >= word_length:
            cell_offset += len(word)
        elif word_length > width:
            if start:
                break_positions.append(start)
            cell_offset = len(word)
        elif cell_offset and start:
            break_positions.append(start)
            cell_offset = len(word)
        start += len(word)
    return break_positions


def _truncate(line, width, overflow, pad=False):
    """rich.text.Text.truncate on a plain string."""
    length = cell_len(line)
    if overflow != "ignore" and length > width:
        line = (set_cell_size(line, width - 1) + "…" if overflow == "ellipsis"
                else set_cell_size(line, width))
    if pad and length < width:
        line = line + " " * (width - length)
    return line


def _rstrip_end(line, size):
    """rich.text.Text.rstrip_end: drop trailing whitespace beyond ``size``."""
    if len(line) > size:
        excess = len(line) - size
        match = _RE_TRAILING_WS.search(line)
        if match is not None:
            line = line[:len(line) - min(len(match.group(0)), excess)]
    return line


def _truncate_ascii(line, width, overflow, pad=False):
    """``_truncate`` for a line whose every character is one cell wide."""
    length = len(line)
    if overflow != "ignore" and length > width:
        line = line[:width - 1] + "…" if overflow == "ellipsis" else line[:width]
    if pad and length < width:
        line = line + " " * (width - length)
    return line


def _wrap_ascii(para, width, justify, overflow):
    """``_wrap`` of one printable ASCII paragraph (no tab, no newline), ``width >= 1``.

    The same steps with lengths for cell widths (each character is one cell, and
    so is the ``…`` an ellipsis adds); the last ``_truncate`` of ``_wrap`` is left
    out because every justified line is already at most ``width`` cells."""
    if len(para) <= width or (" " not in para and overflow != "fold"):
        # fits, or one word too long that is cut with an ellipsis: divide_line finds
        # no break
        pieces = [para]
    else:
        offsets = (divide_line(para, width, fold=True) if overflow == "fold"
                   else _divide_line_ascii(para, width))
        bounds = [0, *offsets, len(para)]
        pieces = [para[a:b] for a, b in zip(bounds, bounds[1:])]
    lines = []
    for line in pieces:
        n = len(line)
        if n > width:  # _rstrip_end (printable ASCII whitespace is the space)
            trailing = n - len(line.rstrip(" "))
            if trailing:
                line = line[:n - min(trailing, n - width)]
        if justify == "left":
            line = _truncate_ascii(line, width, overflow, pad=True)
        elif justify == "center":
            line = _truncate_ascii(line.rstrip(" "), width, overflow)
            left = (width - len(line)) // 2
            line = " " * left + line + " " * (width - left - len(line))
        elif justify == "right":
            line = _truncate_ascii(line.rstrip(" "), width, overflow)
            line = " " * (width - len(line)) + line
        else:
            line = _truncate_ascii(line, width, overflow)
        lines.append(line)
    return lines


def _wrap(text, width, justify, overflow, ascii_path=True):
    """rich.text.Text.wrap on a plain string; returns the list of lines.

    ``ascii_path=False`` (``_wrap_general``) leaves out the printable-ASCII
    shortcut, so tests can check the shortcut against the general steps."""
    lines = []
    for para in text.split("\n"):
        para = para.expandtabs(8)
        if ascii_path and width >= 1 and para.isascii() and para.isprintable():
            lines.extend(_wrap_ascii(para, width, justify, overflow))
            continue
        # A printable ASCII line that fits needs no break (divide_line would find none).
        fits = para.isascii() and para.isprintable() and len(para) <= width
        offsets = [] if fits else divide_line(para, width, fold=overflow == "fold")
        bounds = [0, *offsets, len(para)]
        new_lines = [_rstrip_end(para[a:b], width) for a, b in zip(bounds, bounds[1:])]
        justified = []
        for line in new_lines:
            if justify == "left":
                line = _truncate(line, width, overflow, pad=True)
            elif justify == "center":
                line = _truncate(line.rstrip(), width, overflow)
                line = " " * ((width - cell_len(line)) // 2) + line
                line = line + " " * (width - cell_len(line))
            elif justify == "right":
                line = _truncate(line.rstrip(), width, overflow)
                line = " " * (width - cell_len(line)) + line
            justified.append(_truncate(line, width, overflow))
        lines.extend(justified)
    return lines


def _wrap_general(text, width, justify, overflow):
    return _wrap(text, width, justify, overflow, ascii_path=False)


def wrap_cell(text, width, justify="left"):
    """Lines of a table cell's content ``width`` wide (padding excluded)."""
    if len(text) <= width and text.isascii() and text.isprintable():
        # One printable ASCII line that fits (no tab, no newline, one cell per
        # character): what ``_wrap`` does then, without the general machinery.
        if justify == "left":
            return [text + " " * (width - len(text))]
        if justify == "right":
            text = text.rstrip()
            return [" " * (width - len(text)) + text]
        if justify == "center":
            text = text.rstrip()
            left = (width - len(text)) // 2
            return [" " * left + text + " " * (width - left - len(text))]
    if width >= 1 and justify in ("left", "right", "center") and text.isascii() and text.isprintable():
        # _wrap of one printable ASCII paragraph; each line comes out exactly ``width`` cells
        return _wrap_ascii(text, width, justify, "ellipsis")
    return [set_cell_size(line, width) for line in _wrap(text, width, justify, "ellipsis")]


def wrap_console(text, width=80):
    """Lines of ``console.print(text)`` on a ``width``-column console."""
    return _wrap(text, width, "default", "fold")


def table_widths(column_widths, table_width):
    """Cell widths (padding included) of a rich Table(width=table_width) whose
    columns have the fixed content widths ``column_widths``."""
    ncols = len(column_widths)
    extra_width = 2 + (ncols - 1)  # outer edges + dividers
    max_width = table_width - extra_width
    widths = [min(w + 2, max_width) if max_width >= 1 else 0 for w in column_widths]
    total = sum(widths)
    if total > max_width:
        # No column may wrap (all have a width), so rich reduces them evenly.
        widths = ratio_reduce(total - max_width, [1] * ncols, widths, widths)
        total = sum(widths)
        widths = [min(w + 2, width) if width >= 1 else 0
                  for w, width in zip(column_widths, widths)]
    if total < max_width:
        pads = ratio_distribute(max_width - total, widths)
        widths = [w + p for w, p in zip(widths, pads)]
    return widths


def _render_cell(text, width, justify):
    """A cell's lines, padding (0, 1) included; none when it has no room."""
    inner = width - 2
    if inner < 1:
        return []  # rich renders nothing into a cell without room
    if len(text) <= inner and text.isascii() and text.isprintable():
        if justify == "left":  # wrap_cell's first case, padding added
            return [" " + text + " " * (inner - len(text) + 1)]
        if justify == "right":
            text = text.rstrip()
            return [" " * (inner - len(text) + 1) + text + " "]
    return [" " + line + " " for line in wrap_cell(text, inner, justify)]


def _one_cell_box(box):
    return all(cell_len(piece) == 1 for part in box.values() for piece in part)


def render_table(headers, rows, column_widths, justify, table_width,
                 console_width=80, box=HEAVY_HEAD):
    """The lines Keras's rich table prints (``show_lines=True``), cropped to
    ``console_width``.

    ``headers``: column titles; ``rows``: lists of plain cell strings;
    ``column_widths``: the widths Keras computes from ``positions``;
    ``justify``: ``"left"`` / ``"right"`` / ``"center"`` per column.
    """
    widths = table_widths(column_widths, table_width)
    out = []
    tl, h, tdiv, tr = box["top"]
    out.append(tl + tdiv.join(h * w for w in widths) + tr)
    all_rows = [list(headers)] + [list(r) for r in rows]
    l_, hz, cross, r_ = box["row"]
    row_rule = l_ + cross.join(hz * w for w in widths) + r_
    columns = list(zip(widths, justify))
    last_index = len(all_rows) - 1
    for index, row in enumerate(all_rows):
        first = index == 0
        last = index == last_index
        cells = [_render_cell(str(text), w, j) for text, (w, j) in zip(row, columns)]
        height = max(1, *map(len, cells))
        left, div, right = box["head"] if first else (box["foot"] if last else box["mid"])
        if height == 1 and all(cells):
            out.append(left + div.join([c[0] for c in cells]) + right)
        else:
            shaped = []
            for cell, w in zip(cells, widths):
                blank = [" " * w] * (height - len(cell))
                # header cells sit at the bottom, body cells at the top
                shaped.append(blank + cell if first else cell + blank)
            for line_no in range(height):
                out.append(left + div.join(c[line_no] for c in shaped) + right)
        if first:
            l_, hz, cross, r_ = box["head_row"]
            out.append(l_ + cross.join(hz * w for w in widths) + r_)
        elif not last:
            out.append(row_rule)
    bl, bh, bdiv, br = box["bottom"]
    out.append(bl + bdiv.join(bh * w for w in widths) + br)
    # When every box piece is one cell wide, every line is sum(widths) + ncols + 1
    # cells: each cell line is made exactly its column's width (set_cell_size or
    # padding). Then one sum decides whether rich crops anything.
    if _one_cell_box(box) and sum(widths) + len(widths) + 1 <= console_width:
        return out
    return [line if cell_len(line) <= console_width else set_cell_size(line, console_width)
            for line in out]
