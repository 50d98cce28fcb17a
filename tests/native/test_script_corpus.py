"""The realistic-script corpus, text for text against real Keras 3 at 80 and 200 columns.

Natively, with real numpy. Scripts that use what other parts of ConvDims do not model yet
(recurrent layers, ``keras.ops`` on tensors, subclassed models...) fail here until they do;
``tests/native/script_corpus.py`` prints the pass counts.
"""

import pytest

import script_corpus


@pytest.mark.parametrize("name,columns", script_corpus.cases())
def test_script_matches_keras(name, columns):
    assert script_corpus.differences(name, columns) == []
