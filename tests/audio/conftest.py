"""Fixtures for the speech engine tests: real MP3 speech and a fake Google Translate endpoint."""
from __future__ import annotations

import base64
import json
import urllib.parse
from dataclasses import dataclass

import pytest
import responses

from audio.engines.espeak import EspeakEngine
from audio.ffmpeg import decode
from tests.support.audio_files import mp3_bytes

GOOGLE_URL = "https://translate.google.com.vn/_/TranslateWebserverUi/data/batchexecute"


@dataclass(frozen=True)
class SpokenMp3:
    data: bytes
    duration: float  # seconds, as ffmpeg decodes it


@pytest.fixture(scope="session")
def spoken_mp3() -> SpokenMp3:
    """Real MP3 speech: a short Vietnamese phrase from espeak-ng, encoded by ffmpeg."""
    clip = EspeakEngine(sample_rate=24000).synthesize("Xin chào các bạn")
    data = mp3_bytes(clip)
    return SpokenMp3(data, decode(data, "mp3", 24000, 1).duration)


def batchexecute_reply(mp3: bytes) -> str:
    """A reply shaped like Google's: ``)]}'`` then length-prefixed JSON lines, audio as base64."""
    compact = {"separators": (",", ":")}
    audio = json.dumps([base64.b64encode(mp3).decode("ascii")], **compact)
    lines = [
        json.dumps(
            [["wrb.fr", "jQ1olc", audio, None, None, None, "generic"], ["di", 48], ["af.httprm", 47, "-1", 3]],
            **compact,
        ),
        json.dumps([["e", 4, None, None, len(audio) + 120]], **compact),
    ]
    return ")]}'\n\n" + "".join(f"{len(line) + 1}\n{line}\n" for line in lines)


def sent_text_and_language(request) -> tuple[str, str]:
    """The text and language one recorded request asked Google to speak."""
    form = urllib.parse.parse_qs(request.body if isinstance(request.body, str) else request.body.decode())
    rpc = json.loads(form["f.req"][0])
    text, language, _speed, _ = json.loads(rpc[0][0][1])
    return text, language


@pytest.fixture
def google():
    """Intercepts every HTTP request made through ``requests``; nothing leaves the machine."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def google_speaks(google, spoken_mp3):
    """Google answers every request with the same real MP3 phrase."""
    google.add(responses.POST, GOOGLE_URL, body=batchexecute_reply(spoken_mp3.data), status=200)
    return google
