"""The architecture explorer: a famous CNN's totals, where its parameters live, every layer.

Each model is built by :mod:`calculator.applications` exactly as Keras builds it (LeNet-5 and
AlexNet as lesson models); totals, the split by layer type, the largest layers and the
per-layer table all come from that model and :mod:`calculator.stats`.
"""

from __future__ import annotations

import functools

from ..stats import known_sum
from . import Field, error_note, esc, fmt_int, human_bytes, result

LIVE = True
TITLE = "Architecture explorer"

_NAMES = ["lenet5", "alexnet", "vgg16", "vgg19", "resnet50", "inceptionv3", "xception",
          "mobilenet", "mobilenetv2", "densenet121", "efficientnetb0"]

FIELDS = [Field("model", "model", "select", "vgg16", options=_NAMES, url_param=True,
                help="the address keeps your choice, so a link shows the same network")]

# Values the build-time snapshot renders in advance (site_glue/snapshot.mjs): every network,
# so a reader's first pick of DenseNet121 is as quick as a repeat. Only the HTML is kept
# (``_page``), not the models.
WARM = [{"model": name} for name in _NAMES]


def _explore(name: str) -> dict:
    from .. import applications, stats

    model = applications.get(name)
    figures = stats.model_stats(model)
    rows = figures["layers"]
    trainable = sum(w.size for w in model.trainable_weights)
    non_trainable = sum(w.size for w in model.non_trainable_weights)
    by_type: dict[str, int] = {}
    for r in rows:
        if r["params"]:
            by_type[r["class_name"]] = by_type.get(r["class_name"], 0) + r["params"]
    return {"rows": rows, "total": model.count_params(), "trainable": trainable,
            "non_trainable": non_trainable, "by_type": by_type,
            "macs": figures["totals"]["macs"], "input": tuple(model.inputs[0].shape),
            "output": tuple(model.outputs[0].shape), "layers": len(rows)}


def _shape(shape) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ")"


def render(values: dict) -> dict:
    from .. import parse

    try:
        name = parse.parse_choice(values.get("model", "vgg16"), "model", _NAMES)
    except ValueError as e:
        return result(False, error_note(str(e)), {"model": str(e)})
    return result(True, _page(name))


@functools.cache
def _page(name: str) -> str:
    """The explorer's HTML for one network (eleven at most, so every one is kept)."""
    from .. import applications

    info = _explore(name)
    meta = applications.CATALOG.get(name, {})
    total = info["total"]
    bars = []
    for cls, count in sorted(info["by_type"].items(), key=lambda kv: -kv[1]):
        share = count / total if total else 0
        bars.append(f'<tr><td>{esc(cls)}</td><td class="cd-num">{fmt_int(count)}</td>'
                    f'<td class="cd-bar-cell"><span class="cd-bar" style="width:{share * 100:.1f}%"></span>'
                    f'<span class="cd-bar__label">{share * 100:.1f}%</span></td></tr>')
    largest = sorted(info["rows"], key=lambda r: -r["params"])[:5]
    top = "".join(f'<li><code>{esc(r["name"])}</code> ({esc(r["class_name"])}): {fmt_int(r["params"])}</li>'
                  for r in largest if r["params"])
    table = "".join(
        f'<tr><td>{esc(r["name"])}</td><td>{esc(r["class_name"])}</td>'
        f'<td><code>{esc(_shape(r["output_shape"]) if r["output_shape"] else "")}</code></td>'
        f'<td class="cd-num">{fmt_int(r["params"])}</td></tr>' for r in info["rows"])
    source = esc(meta.get("citation", ""))
    head = (f'<p class="cd-result__shape"><strong>{esc(meta.get("title", name))}</strong>'
            f'{" (" + str(meta["year"]) + ")" if meta.get("year") else ""}: input '
            f'<code>{esc(_shape(info["input"]))}</code>, output <code>{esc(_shape(info["output"]))}</code>, '
            f'{fmt_int(info["layers"])} layers.</p>')
    totals = ('<ul class="cd-result__facts">'
              f'<li>Total params: <strong data-result="params">{fmt_int(total)}</strong> '
              f'({esc(human_bytes(total * 4))} as float32)</li>'
              f'<li>Trainable: {fmt_int(info["trainable"])} · non-trainable: {fmt_int(info["non_trainable"])}</li>'
              f'<li>Multiply–accumulates per image: {fmt_int(info["macs"])}</li></ul>')
    html = (f'<div class="cd-result">{head}{totals}'
            f'<p>Where the parameters live:</p><table class="cd-arch__types"><thead><tr><th>layer type</th>'
            f'<th>params</th><th>share</th></tr></thead><tbody>{"".join(bars)}</tbody></table>'
            f'<p>The largest layers:</p><ol>{top}</ol>'
            f'<details class="cd-arch__layers"><summary>Every layer ({fmt_int(info["layers"])})</summary>'
            f'<table><thead><tr><th>layer</th><th>type</th><th>output shape</th><th>params</th></tr></thead>'
            f'<tbody>{table}</tbody></table></details>'
            + (f'<p class="cd-source">Source: {source}</p>' if source else "") + "</div>")
    return html
