"""One Deduce instance for the whole test session (loading it costs ~6 s and ~1.1 GB)."""

import pytest

from incidents import deidentify


@pytest.fixture(scope="session")
def checker():
    """The loaded checker module; fails loudly if Deduce cannot load."""
    if not deidentify.wait_until_ready(timeout=600):
        pytest.fail("Deduce did not load: run `python -m incidents.deidentify --build-cache`")
    return deidentify
