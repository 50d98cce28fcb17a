"""Summaries in this suite print as real Keras printed its fixtures: to a pipe, 80 columns.

Natively a summary follows the terminal it runs in (``calculator.summary_width``), as Keras's
does; pinning the width keeps these comparisons independent of the terminal pytest runs in.
"""

import pytest

from calculator import summary_width


@pytest.fixture(autouse=True)
def _fixture_width():
    with summary_width.columns(80):
        yield
