"""Architecture diagrams drawn from a model's graph: one box per layer call, one arrow per
tensor, the tensor's shape written on its arrow. Plain SVG, no Graphviz.

The graph is read the way Keras records it: every symbolic tensor carries
``_keras_history = (operation, node_index, tensor_index)``, so walking back from
``model.outputs`` visits each call (node) of the model once. A nested model is one box.

Layout (a small Sugiyama layering):

1. **Ranks.** A node's rank is the length of the longest path from an input to it, so every
   arrow points down.
2. **Long arrows.** An arrow that spans several ranks (a residual shortcut) passes through one
   invisible waypoint per rank it crosses, so it runs in its own column instead of across
   boxes.
3. **Order.** Within a rank, nodes are ordered by the mean position of their parents
   (two sweeps down), which keeps parallel branches side by side.
4. **Coordinates.** Boxes are centred in columns; each arrow carries its tensor's shape as a
   label halfway down.

    >>> from calculator.keras import Input, layers, Model
    >>> x = Input(shape=(8, 8, 4)); y = layers.Conv2D(4, 3, padding="same")(x)
    >>> g = graph(Model(x, layers.Add()([x, y])))
    >>> [n["label"] for n in g["nodes"]], [(e["source"], e["target"], e["shape"]) for e in g["edges"]]
    (['input_layer', 'conv2d', 'add'], [(0, 1, '(None, 8, 8, 4)'), (0, 2, '(None, 8, 8, 4)'), (1, 2, '(None, 8, 8, 4)')])
"""

from __future__ import annotations

__all__ = ["graph", "layout", "svg", "text_outline"]

_FONT = 12          # px; labels never scale below this (the SVG scrolls instead)
_CHAR = 7.2         # px per character at _FONT in the UI font (a safe over-estimate)
_BOX_H = 40
_RANK_GAP = 46      # vertical room for an arrow and its shape label
_COL_GAP = 28
_WAYPOINT_W = 10
_MARGIN = 12


def _shape_text(shape) -> str:
    shape = tuple(shape)
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _history(tensor):
    hist = getattr(tensor, "_keras_history", None)
    if hist is None or hist[0] is None:
        raise ValueError(f"the tensor {getattr(tensor, 'name', tensor)!r} was not made by a layer, "
                         "so the diagram cannot place it")
    return hist


def graph(model) -> dict:
    """The model's call graph as data.

    ``{"nodes": [{"id", "label", "class_name", "params", "output_shape"}],
    "edges": [{"source", "target", "shape"}]}``; nodes are in topological order (inputs
    first), ids are indices into ``nodes``, an edge per input tensor of each call (a tensor
    read twice by one call gives two edges).
    """
    outputs = list(getattr(model, "outputs", None) or [])
    if not outputs:
        raise ValueError("the model has no outputs yet: give it an input shape so it is built")
    order, ids, inbound = [], {}, {}

    def visit(op, index):
        key = (id(op), index)
        if key in ids:
            return ids[key]
        stack = [(op, index, False)]
        while stack:
            cur, idx, expanded = stack.pop()
            k = (id(cur), idx)
            if k in ids:
                continue
            node = cur._inbound_nodes[idx]
            parents = [_history(t) for t in node.input_tensors]
            if not expanded:
                stack.append((cur, idx, True))
                for p_op, p_idx, _ in reversed(parents):
                    if (id(p_op), p_idx) not in ids:
                        stack.append((p_op, p_idx, False))
                continue
            ids[k] = len(order)
            order.append((cur, idx, node))
            inbound[k] = [(ids[(id(p_op), p_idx)], t) for (p_op, p_idx, _), t in
                          zip(parents, node.input_tensors)]
        return ids[key]

    for t in outputs:
        op, idx, _ = _history(t)
        visit(op, idx)
    nodes, edges = [], []
    for i, (op, idx, node) in enumerate(order):
        outs = node.outputs
        out_shape = _shape_text(outs[0].shape) if len(outs) == 1 else \
            "[" + ", ".join(_shape_text(t.shape) for t in outs) + "]"
        calls = len(op._inbound_nodes)
        label = op.name if calls == 1 or type(op).__name__ == "InputLayer" else \
            f"{op.name} (call {idx + 1})"
        nodes.append({"id": i, "label": label, "class_name": type(op).__name__,
                      "params": op.count_params() if hasattr(op, "count_params") else 0,
                      "output_shape": out_shape})
        for src, tensor in inbound[(id(op), idx)]:
            edges.append({"source": src, "target": i, "shape": _shape_text(tensor.shape)})
    return {"nodes": nodes, "edges": edges}


def _box_width(node) -> float:
    line1 = node["label"]
    line2 = f'{node["class_name"]} · {node["params"]:,}'
    return max(len(line1), len(line2)) * _CHAR + 16


def layout(g: dict) -> dict:
    """Positions for :func:`graph`'s data: ``{"boxes": {id: (x, y, w, h)}, "paths": [...],
    "width", "height"}``; each path is ``{"edge": edge, "points": [(x, y), ...]}``."""
    nodes, edges = g["nodes"], g["edges"]
    rank = {}
    for n in nodes:  # topological order: parents are ranked first
        rank[n["id"]] = max((rank[e["source"]] + 1 for e in edges if e["target"] == n["id"]),
                            default=0)
    # waypoints: ("w", edge index, rank) for every rank an arrow crosses
    layers: dict[int, list] = {}
    for n in nodes:
        layers.setdefault(rank[n["id"]], []).append(("n", n["id"]))
    chains = []
    for ei, e in enumerate(edges):
        chain = [("n", e["source"])]
        for r in range(rank[e["source"]] + 1, rank[e["target"]]):
            item = ("w", ei, r)
            layers.setdefault(r, []).append(item)
            chain.append(item)
        chain.append(("n", e["target"]))
        chains.append(chain)
    parents: dict = {}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            parents.setdefault(b, []).append(a)
    pos = {item: i for r in layers for i, item in enumerate(layers[r])}
    for _ in range(2):
        for r in sorted(layers)[1:]:
            def key(item, r=r):
                ps = parents.get(item)
                return (sum(pos[p] for p in ps) / len(ps)) if ps else pos[item]
            layers[r].sort(key=key)
            for i, item in enumerate(layers[r]):
                pos[item] = i
    # a column is as wide as its box and as the shape label written under it
    label_w = {}
    for e in edges:
        label_w[e["source"]] = max(label_w.get(e["source"], 0), len(e["shape"]) * _CHAR + 8)
    widths = {("n", n["id"]): max(_box_width(n), label_w.get(n["id"], 0)) for n in nodes}
    # x: each item as close as it can get above/below the mean of its parents (so a chain and
    # a long arrow run straight), without overlapping the item before it in its rank.
    centres, boxes = {}, {}
    for r in sorted(layers):
        items = layers[r]
        want = []
        for it in items:
            ps = [centres[p][0] for p in parents.get(it, ()) if p in centres]
            want.append(sum(ps) / len(ps) if ps else None)
        known = [w for w in want if w is not None]
        fill = sum(known) / len(known) if known else 0.0
        want = [fill if w is None else w for w in want]
        xs, right = [], None
        for it, w in zip(items, want):
            half = widths.get(it, _WAYPOINT_W) / 2
            c = w if right is None else max(w, right + _COL_GAP + half)
            xs.append(c)
            right = c + half
        shift = sum(w - c for w, c in zip(want, xs)) / len(xs)  # pull the row back to centre
        y = r * (_BOX_H + _RANK_GAP)
        for it, c in zip(items, xs):
            centres[it] = (c + shift, y)
    left = min(c - widths.get(it, _WAYPOINT_W) / 2 for it, (c, _) in centres.items())
    for it, (c, y) in list(centres.items()):
        centres[it] = (c - left + _MARGIN, y + _MARGIN)
    total_w = max(c + widths.get(it, _WAYPOINT_W) / 2 for it, (c, _) in centres.items()) + _MARGIN
    for it, (c, y) in centres.items():
        if it[0] == "n":
            bw = _box_width(nodes[it[1]])
            boxes[it[1]] = (c - bw / 2, y, bw, _BOX_H)
    paths = []
    for e, chain in zip(edges, chains):
        cx0, y0 = centres[chain[0]]
        pts = [(cx0, y0 + _BOX_H)]
        for it in chain[1:-1]:
            cx, y = centres[it]
            pts.extend([(cx, y), (cx, y + _BOX_H)])
        cx1, y1 = centres[chain[-1]]
        pts.append((cx1, y1))
        paths.append({"edge": e, "points": pts})
    height = _MARGIN * 2 + (max(layers) + 1) * (_BOX_H + _RANK_GAP) - _RANK_GAP
    return {"boxes": boxes, "paths": paths, "width": total_w, "height": height}


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


def svg(model, title: str | None = None) -> str:
    """The diagram as an ``<svg>`` element (CSS classes ``cd-diagram__*`` colour it), drawn at
    its natural size: labels stay at 12 px and a wide or tall graph scrolls in its box."""
    g = graph(model)
    lay = layout(g)
    title = title or f"Architecture of {getattr(model, 'name', 'the model')}"
    parts = [f'<svg class="cd-diagram" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'width="{lay["width"]:.0f}" height="{lay["height"]:.0f}" '
             f'viewBox="0 0 {lay["width"]:.0f} {lay["height"]:.0f}" font-size="{_FONT}">'
             f'<title>{_esc(title)}: {len(g["nodes"])} layers, {len(g["edges"])} connections '
             f'(listed in text below)</title>'
             '<defs><marker id="cd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             'class="cd-diagram__head"/></marker></defs>']
    for p in lay["paths"]:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in p["points"])
        parts.append(f'<polyline class="cd-diagram__edge" points="{pts}" marker-end="url(#cd-arrow)"/>')
    # Each tensor is labelled once, just under the box that makes it, where its column (wide
    # enough for the label) keeps it clear of its neighbours; drawn after every line, on a
    # halo, so no arrow crosses a label.
    labelled = set()
    for p in lay["paths"]:
        src = p["edge"]["source"]
        if src in labelled:
            continue
        labelled.add(src)
        (lx, y0) = p["points"][0]
        ly = y0 + _FONT + 4
        parts.append(f'<text class="cd-diagram__shape" x="{lx:.1f}" y="{ly:.1f}" '
                     f'text-anchor="middle">{_esc(p["edge"]["shape"])}</text>')
    for n in g["nodes"]:
        x, y, w, h = lay["boxes"][n["id"]]
        parts.append(
            f'<g class="cd-diagram__node cd-diagram__node--{_esc(n["class_name"]).lower()}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" rx="4"/>'
            f'<text x="{x + w / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" '
            f'class="cd-diagram__name">{_esc(n["label"])}</text>'
            f'<text x="{x + w / 2:.1f}" y="{y + 32:.1f}" text-anchor="middle" '
            f'class="cd-diagram__class">{_esc(n["class_name"])} · {n["params"]:,}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def text_outline(model) -> list[str]:
    """The diagram in words, one line per layer: what it is, what it reads, what it makes
    (the text alternative next to the picture)."""
    g = graph(model)
    names = {n["id"]: n["label"] for n in g["nodes"]}
    lines = []
    for n in g["nodes"]:
        ins = [f'{names[e["source"]]} {e["shape"]}' for e in g["edges"] if e["target"] == n["id"]]
        reads = f' reads {", ".join(ins)};' if ins else ""
        lines.append(f'{n["label"]} ({n["class_name"]}, {n["params"]:,} parameters):{reads} '
                     f'output {n["output_shape"]}')
    return lines
