"""Build-time glue between MkDocs and the calculator (never shipped in the wheel).

- ``hook.py``     the MkDocs hook file named in ``mkdocs.yml`` (``hooks:``); it only imports
                  :mod:`site_glue.plugin`, which holds the event handlers.
- ``assets.py``   builds the calculator wheel and collects the Pyodide and KaTeX files that
                  the hook adds to the site under ``assets/convdims/`` (``File.generated``).
- ``scan.py``     a small code-aware Markdown scanner: where fences and code spans are.
- ``models.py``   runs Keras scripts natively (``calculator.runner``), cached per build.
- ``figures.py``  ``{{calc: EXPR }}``: the namespace and how values are formatted.
- ``forms.py``    widget forms from a widget module's ``FIELDS`` (DEVELOPING contract 4).
- ``fences.py``   the ``keras-model``, ``widget`` and ``quiz`` fences (DEVELOPING contract 3).
"""
