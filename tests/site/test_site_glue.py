"""What site_glue does with the Markdown: figures follow their model, fences run the code."""

from __future__ import annotations

import re
from html import unescape

CONV_MODEL = """\
from keras.models import Sequential
from keras.layers import Conv2D
model = Sequential()
model.add(Conv2D(filters={filters}, kernel_size=3, input_shape=(32, 32, 3)))
model.summary()
"""


def conv_params(filters: int, k: int = 3, c_in: int = 3) -> int:
    return k * k * c_in * filters + filters   # the hand derivation: weights + biases


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_figure_follows_its_model(build_tiny):
    """No hand-typed numbers: change the model, rebuild, the figure in the prose changes."""
    page = "# Tiny\n\nThe layer has {{calc: model(\"tiny\").count_params() }} parameters.\n"
    first = build_tiny({"index.md": page, "models/tiny.py": CONV_MODEL.format(filters=8)})
    assert first.returncode == 0, first.output
    assert f"The layer has {conv_params(8):,} parameters." in _text(first.page("index.html"))

    second = build_tiny({"models/tiny.py": CONV_MODEL.format(filters=16)})
    assert second.returncode == 0, second.output
    text = _text(second.page("index.html"))
    assert f"The layer has {conv_params(16):,} parameters." in text
    assert conv_params(8) != conv_params(16)


def test_figures_format_ints_and_shapes_and_skip_code(build_tiny):
    page = """\
    # Figures

    Big: {{calc: 1000 * 1000 }}. Raw: {{calc: raw(1000 * 1000) }}.
    Shape: {{calc: model("tiny").output_shape }}.
    Layer: {{calc: layer("Conv2D", input_shape=(128, 128, 3), filters=32, kernel_size=3, strides=2, padding="same").output.shape }}.
    Code stays: `{{calc: 1 + 1}}`.
    Math: $n = {{calc: 1000 * 1000 }}$.

    ```python
    x = "{{calc: 2 + 2}}"
    ```
    """
    b = build_tiny({"index.md": page, "models/tiny.py": CONV_MODEL.format(filters=8)})
    assert b.returncode == 0, b.output
    text = _text(b.page("index.html"))
    assert "Big: 1,000,000." in text
    assert "Raw: 1000000." in text
    assert "Shape: (None, 30, 30, 8)." in text
    assert "Layer: (None, 64, 64, 32)." in text
    assert "{{calc: 1 + 1}}" in text
    assert "{{calc: 2 + 2}}" in text
    # TeX would space a bare comma like a list; the math is rendered at build time, and
    # KaTeX keeps the TeX it rendered in its MathML annotation.
    assert '<annotation encoding="application/x-tex">n = 1{,}000{,}000</annotation>' in b.page("index.html")


def test_keras_model_fence_prints_the_summary(build_tiny):
    page = """\
    # Model

    ```keras-model id="conv"
    from keras.models import Sequential
    from keras.layers import Conv2D
    model = Sequential()
    model.add(Conv2D(filters=16, kernel_size=2, strides=2, padding='valid',
                     activation='relu', input_shape=(200, 200, 1)))
    model.summary()
    ```

    It has {{calc: model("conv").count_params() }} parameters.

    ```keras-model width="80"
    import keras
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]).summary()
    ```
    """
    b = build_tiny({"index.md": page})
    assert b.returncode == 0, b.output
    html = b.page("index.html")
    text = _text(html)
    assert 'data-widget="playground"' in html
    assert "Total params: 80" in text                 # 2*2*1*16 + 16
    assert "(None, 100, 100, 16)" in text             # floor((200 - 2) / 2) + 1 = 100
    assert "It has 80 parameters." in text
    assert 'class="highlight"' in html                # the code, highlighted (copy button)
    # Table widths: the page's 200 columns give Keras's default 88; width="80" gives 80 - 4.
    assert [len(top) for top in re.findall(r"┏[━┳]*┓", html)] == [88, 76]
    assert '&quot;width&quot;:80' in html and '&quot;width&quot;:200' in html  # the page reruns at it
    # every form control is labelled
    for fid in re.findall(r'<(?:input|textarea|select)[^>]*\sid="(cd-[^"]+)"', html):
        assert f'for="{fid}"' in html, fid


def test_keras_model_from_file_and_static(build_tiny):
    page = """\
    # Files

    ```keras-model file="tiny.py"
    ```

    ```keras-model run="false"
    this is not run
    ```

    Shared: {{calc: model("tiny").count_params() }}.
    """
    b = build_tiny({"index.md": page, "models/tiny.py": CONV_MODEL.format(filters=4)})
    assert b.returncode == 0, b.output
    text = _text(b.page("index.html"))
    assert f"Total params: {conv_params(4):,}" in text
    assert "this is not run" in text
    assert f"Shared: {conv_params(4):,}." in text


def test_failing_figure_names_page_and_expression(build_tiny):
    b = build_tiny({"index.md": "# Bad\n\nValue {{calc: model(\"nope\").count_params() }}.\n"})
    assert b.returncode != 0
    assert "docs/index.md" in b.output
    assert 'model("nope")' in b.output


def test_failing_model_fails_the_build(build_tiny):
    page = """\
    # Bad model

    ```keras-model
    from keras.layers import Conv2D
    import keras
    model = keras.Sequential([keras.Input(shape=(4, 4, 1)), Conv2D(8, kernel_size=5)])
    ```
    """
    b = build_tiny({"index.md": page})
    assert b.returncode != 0
    assert "docs/index.md" in b.output
    assert "ValueError" in b.output


def test_expected_error_is_shown(build_tiny):
    page = """\
    # Error on purpose

    ```keras-model error="true"
    from keras.layers import Conv2D
    import keras
    model = keras.Sequential([keras.Input(shape=(4, 4, 1)), Conv2D(8, kernel_size=5)])
    ```
    """
    b = build_tiny({"index.md": page})
    assert b.returncode == 0, b.output
    assert "ValueError" in _text(b.page("index.html"))


def test_widget_fence_prerenders_with_labels(build_tiny):
    page = """\
    # Widget

    ```widget conv2d
    filters: 32
    kernel_size: 3
    strides: 2
    padding: same
    input_shape: 128, 128, 3
    ```
    """
    b = build_tiny({"index.md": page})
    assert b.returncode == 0, b.output
    html = b.page("index.html")
    assert 'data-widget="conv2d"' in html
    assert "data-widget-output" in html
    assert "(None, 64, 64, 32)" in _text(html)
    assert "896" in _text(html)
    for name in ("filters", "kernel_size", "strides", "padding", "input_shape"):
        assert re.search(rf'<label for="[^"]+">{name}</label>', html) or f">{name}</legend>" in html, name
        assert f'data-error-for="{name}"' in html
    for fid in re.findall(r'<(?:input|textarea|select)[^>]*\sid="(cd-[^"]+)"', html):
        assert f'for="{fid}"' in html, fid


def test_serve_rebuild_uses_edited_calculator(tmp_path):
    """`mkdocs serve` reloads the hook on every rebuild: when calculator/ changed, its modules
    are dropped so the rebuild computes with the edited code (run in a subprocess so this
    session's `calculator` stays untouched)."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    fake = tmp_path / "repo"
    (fake / "calculator").mkdir(parents=True)
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        sys.path.insert(0, {str(root)!r})
        from site_glue import plugin
        fake = Path({str(fake)!r})
        init = fake / "calculator" / "__init__.py"
        sys.path.insert(0, str(fake))
        init.write_text("VALUE = 1\\n")
        plugin._fresh_calculator(fake)
        import calculator
        first = calculator.VALUE
        init.write_text("VALUE = 22\\n")
        os.utime(init, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        plugin._fresh_calculator(fake)
        import calculator
        print(first, calculator.VALUE)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "22"]


def test_math_is_rendered_at_build_time(build_tiny):
    page = "# Tiny\n\nInline $H_{out} = 3$ and display:\n\n$$\n\\frac{a}{b}\n$$\n"
    build = build_tiny({"index.md": page})
    assert build.returncode == 0, build.output
    html = build.page("index.html")
    # KaTeX's HTML is in the page itself: no script is needed to read the formula
    assert html.count('class="arithmatex" data-math-rendered>') == 2
    assert '<span class="katex">' in html and 'class="katex-display"' in html
    assert "<mfrac>" in html                       # MathML for screen readers
    assert '<span class="arithmatex">\\(' not in html and "\\[" not in html
