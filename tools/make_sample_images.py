"""Make the calculator's sample images from scikit-image's bundled, freely licensed photos.

Run in the reference environment (`make reference-env`; it has Pillow):

    .venv-reference/bin/python tools/make_sample_images.py

It downloads the scikit-image wheel (pinned below) with pip, opens the photos inside it,
crops each to a centred square, resizes it to SIZE x SIZE with Lanczos filtering and writes
``calculator/images/<name>.u8z``: a zlib-compressed header line ``P<channels> <w> <h>\\n``
followed by the 8-bit pixels, row by row, channels interleaved (what
:func:`calculator.images.load` reads). The licences are listed in ``calculator/images/__init__.py``.
"""

import io
import pathlib
import subprocess
import sys
import tempfile
import zipfile
import zlib

from PIL import Image

SKIMAGE = "scikit-image==0.26.0"
SIZE = 96
# name -> (file in skimage/data, mode, crop box as fractions (left, top, right, bottom))
PHOTOS = {
    "camera": ("camera.png", "L", (0.15, 0.0, 0.85, 0.7)),
    "cat": ("chelsea.png", "RGB", (0.2, 0.0, 0.75, 1.0)),
    "astronaut": ("astronaut.png", "RGB", (0.25, 0.0, 0.75, 0.5)),
}
OUT = pathlib.Path(__file__).resolve().parent.parent / "calculator" / "images"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        SKIMAGE], check=True)
        wheel = next(pathlib.Path(tmp).glob("scikit_image-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            for name, (file, mode, (l, t, r, b)) in PHOTOS.items():
                img = Image.open(io.BytesIO(zf.read(f"skimage/data/{file}"))).convert(mode)
                w, h = img.size
                box = (round(l * w), round(t * h), round(r * w), round(b * h))
                side = min(box[2] - box[0], box[3] - box[1])
                cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
                img = img.crop((cx - side // 2, cy - side // 2, cx - side // 2 + side,
                                cy - side // 2 + side)).resize((SIZE, SIZE), Image.LANCZOS)
                channels = 1 if mode == "L" else 3
                data = f"P{channels} {SIZE} {SIZE}\n".encode() + img.tobytes()
                (OUT / f"{name}.u8z").write_bytes(zlib.compress(data, 9))
                print(f"{name}: {file} {w}x{h} -> {SIZE}x{SIZE}x{channels}")


if __name__ == "__main__":
    main()
