"""What the worker tests share: a stand-in for Azure Speech, and settings that reach it."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure
from tests.audio.fakes.server import speech_audio

AZURE_KEY = "7e6d5c4b3a2918070f1e2d3c4b5a6978"


@pytest.fixture(scope="module")
def azure():
    """The fake Azure Speech (it checks every request as Azure does), one per test module."""
    fake = FakeAzure(speech_audio(), AZURE_KEY).start()
    yield fake
    fake.stop()


@pytest.fixture
def voiced(settings, azure, redis_url, redis_prefix):
    """Settings whose Azure voices speak through the fake (its record cleared); the chain is espeak."""
    azure.reset()
    azure.spoken.clear()
    return replace(settings, engine="auto", engine_chain="espeak", redis_url=redis_url, key_prefix=redis_prefix,
                   azure_key=AZURE_KEY, azure_endpoint=azure.url + SYNTHESIZE)
