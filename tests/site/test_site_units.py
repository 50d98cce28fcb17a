"""Fast checks of site_glue's pieces (no MkDocs build)."""

from __future__ import annotations

import re

from site_glue import figures, forms, scan


def test_prose_only_outside_code():
    md = (
        "A {{calc: 1}} `{{calc: 2}}` and ``x `{{calc: 3}}` y``\n"
        "````markdown\n```widget conv2d\nfilters: {{calc: 4}}\n```\n````\n"
        "!!! note\n    ```python\n    {{calc: 5}}\n    ```\n    After {{calc: 6}}\n"
    )
    seen = []
    scan.map_prose(md, lambda t: seen.extend(re.findall(r"calc: (\d)", t)) or t)
    assert seen == ["1", "6"]


def test_fences_inside_admonitions_are_found_and_dedented():
    md = "!!! example\n    ```keras-model id=\"m\"\n    a = 1\n      b = 2\n    ```\n"
    (f,) = scan.find_fences(md)
    assert f.lang == "keras-model" and f.options == {"id": "m"}
    assert f.body == "a = 1\n  b = 2"


def test_headers_are_normalized_for_superfences():
    md = "```widget conv-grid\na: 1\n```\n\n```keras-model id=x run=false\ncode\n```\n"
    out = scan.normalize_headers(md)
    assert '```widget name="conv-grid"' in out
    assert '```keras-model id="x" run="false"' in out


def test_format_value():
    assert figures.format_value(138357544) == "138,357,544"
    assert figures.format_value((None, 100, 100, 16)) == "(None, 100, 100, 16)"
    assert figures.format_value([None, 10]) == "(None, 10)"
    assert figures.format_value((10,)) == "(10,)"
    assert figures.format_value(figures.raw(1000)) == "1000"
    assert figures.format_value(True) == "True"
    assert figures.format_value(2.5) == "2.5"
    assert figures.format_value(3.0) == "3"
    assert figures.format_value("a<b") == "a&lt;b"


class F:
    def __init__(self, name, label, kind, default="", options=None, help="", url_param=False):
        self.name, self.label, self.kind, self.default = name, label, kind, default
        self.options, self.help, self.url_param = options, help, url_param


def test_every_control_is_labelled_and_has_an_error_slot():
    fields = [
        F("filters", "filters", "number", "32"),
        F("padding", "padding", "select", "same", options=["valid", "same"]),
        F("mode", "mode", "radio", "b", options=[("a", "Option A"), ("b", "Option B")]),
        F("use_bias", "use_bias", "checkbox", "true"),
        F("code", "code", "code", "x = 1"),
        F("seed", "seed", "text", "7", url_param=True),
        F("k", "kernel", "range", "3", options={"min": 1, "max": 7}),
    ]
    html = forms.widget_html("demo", fields, {}, {"fixed": "1"}, "<p>out</p>", "cd-w-1")
    for fid in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
        assert f'for="{fid}"' in html, fid
    for name in ("filters", "padding", "mode", "use_bias", "code", "seed", "k"):
        assert f'data-error-for="{name}" id="cd-w-1-{name}-err"' in html
    assert "<legend>mode</legend>" in html
    assert 'value="b" name="mode"' in html and re.search(r'value="b"[^>]*checked', html)
    assert re.search(r'<option value="same" selected>', html)
    assert 'data-url-param' in html
    assert 'min="1" max="7"' in html
    assert 'data-widget="demo"' in html and "data-widget-output" in html
    assert 'data-options="{&quot;fixed&quot;:&quot;1&quot;}"' in html


def test_math_delimiters_are_split_as_the_page_script_does():
    from site_glue.prerender_math import split_delimiters
    assert split_delimiters(r"\(x^2\)", False) == ("x^2", False)
    assert split_delimiters(r"\[\frac{a}{b}\]", True) == (r"\frac{a}{b}", True)
    assert split_delimiters("$$a$$", False) == ("a", True)
    assert split_delimiters("$a$", True) == ("a", False)
    assert split_delimiters(r"\begin{aligned}a\end{aligned}", False)[1] is True
    assert split_delimiters("  ", False) is None


def test_rewrite_html_swaps_only_rendered_formulas():
    from site_glue.prerender_math import rewrite_html
    page = ('<p><span class="arithmatex">\\(a &lt; b\\)</span> and '
            '<div class="arithmatex">\\[c\\]</div> and <span class="arithmatex">\\(bad\\)</span></p>')
    out = rewrite_html(page, {("a < b", False): "<b>A</b>", ("c", True): "<b>C</b>",
                              ("bad", False): None})
    assert '<span class="arithmatex" data-math-rendered><b>A</b></span>' in out
    assert '<div class="arithmatex" data-math-rendered><b>C</b></div>' in out
    # what KaTeX could not render stays as TeX for the page script
    assert '<span class="arithmatex">\\(bad\\)</span>' in out


def test_sparse_snapshot_drops_long_zero_runs_and_unpacks_to_the_heap():
    from site_glue.assets import PAGE, sparse, unsparse
    # page 0 data, pages 1-16 zero (16 pages = ZERO_RUN: dropped), page 17 data,
    # pages 18-20 zero (3 pages: kept), page 21 data, then 100 bytes of zeros at the end
    heap = bytearray(22 * PAGE + 100)
    heap[5] = 1
    heap[17 * PAGE] = 2
    heap[21 * PAGE + 7] = 3
    packed = sparse(bytes(heap))
    # header: magic "CDSP", full length, 2 segments: [0, 1 page) and [17 pages, end)
    import struct
    assert struct.unpack_from("<3I4I", packed) == (0x50534443, 22 * PAGE + 100, 2, 0, PAGE, 17 * PAGE, 5 * PAGE + 100)
    assert len(packed) == 12 + 2 * 8 + PAGE + 5 * PAGE + 100
    assert unsparse(packed) == bytes(heap)
    assert unsparse(sparse(bytes(40 * PAGE))) == bytes(40 * PAGE)  # all zeros: no segment
