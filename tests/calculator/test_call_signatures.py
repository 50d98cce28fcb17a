"""Each layer class's ``call`` signature is Keras 3.15.1's (``tests/fixtures/call_signatures.json``,
from ``generate_call_signatures.py``): ``calculator.call_spec`` reads from it the training
default and the mask Keras records in a functional config's ``inbound_nodes``."""

import json
import os

import pytest

from calculator import call_spec
from calculator.keras import layers as L

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "fixtures",
                       "call_signatures.json")
with open(FIXTURE, encoding="utf-8") as _f:
    SIGNATURES = sorted(json.load(_f).items())


@pytest.mark.parametrize("name,expected", SIGNATURES, ids=[n for n, _ in SIGNATURES])
def test_call_signature_is_keras(name, expected):
    assert str(call_spec.signature(getattr(L, name))) == expected
