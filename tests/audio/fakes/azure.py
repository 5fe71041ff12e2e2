"""Azure Speech's text-to-speech REST endpoint and its issueToken endpoint, as documented."""
from __future__ import annotations

import re
import secrets
import time
import xml.etree.ElementTree as ElementTree

from tests.audio.fakes.server import Answer, FakeService, Request, SpeechAudio

SYNTHESIZE = "/cognitiveservices/v1"
ISSUE_TOKEN = "/sts/v1.0/issueToken"
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VOICES = {"vi-VN-HoaiMyNeural", "vi-VN-NamMinhNeural"}
FORMATS = {
    "riff-16khz-16bit-mono-pcm": 16000, "riff-24khz-16bit-mono-pcm": 24000, "riff-48khz-16bit-mono-pcm": 48000,
    "audio-16khz-32kbitrate-mono-mp3": 0, "audio-24khz-48kbitrate-mono-mp3": 0, "audio-24khz-96kbitrate-mono-mp3": 0,
}
RATE = re.compile(r"[+-]\d+(\.\d+)?%|x-slow|slow|medium|fast|x-fast|default")
PITCH = re.compile(r"[+-]\d+(\.\d+)?(st|Hz|%)|x-low|low|medium|high|x-high|default")
DENIED = ("Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for "
          "an active subscription and use a correct regional API endpoint for your resource.")


class FakeAzure(FakeService):
    def __init__(self, speech: SpeechAudio, key: str):
        super().__init__()
        self.speech = speech
        self.key = key
        self.tokens: dict[str, float] = {}  # token -> expiry (time.time())
        self.spoken: list[str] = []  # the text inside each accepted SSML document

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def answer(self, request: Request) -> Answer:
        if request.path == ISSUE_TOKEN and request.method == "POST":
            if request.header("Ocp-Apim-Subscription-Key") != self.key:
                return Answer.json(401, {"error": {"code": "401", "message": DENIED}})
            token = "eyJhbGciOiJFUzI1NiJ9." + secrets.token_urlsafe(32)
            self.tokens[token] = time.time() + 600
            return Answer(200, token.encode("ascii"), {"Content-Type": "application/jwt; charset=us-ascii"})
        if request.path == SYNTHESIZE and request.method == "POST":
            return self._synthesize(request)
        return Answer(404)

    def _synthesize(self, request: Request) -> Answer:
        key = request.header("Ocp-Apim-Subscription-Key")
        bearer = request.header("Authorization") or ""
        if key is not None:
            if key != self.key:
                return Answer.json(401, {"error": {"code": "401", "message": DENIED}})
        elif not (bearer.startswith("Bearer ") and self.tokens.get(bearer[7:], 0) > time.time()):
            return Answer(401)
        if (request.header("Content-Type") or "").split(";")[0].strip() != "application/ssml+xml":
            return Answer(415)
        output = request.header("X-Microsoft-OutputFormat") or ""
        if output not in FORMATS or not request.header("User-Agent"):
            return Answer(400)
        try:
            root = ElementTree.fromstring(request.body)
        except ElementTree.ParseError:
            return Answer(400)
        voices = root.findall(f"{SSML_NS}voice")
        if (root.tag != f"{SSML_NS}speak" or root.get("version") != "1.0" or not root.get(XML_LANG)
                or len(voices) != 1 or voices[0].get("name") not in VOICES):
            return Answer(400)
        for prosody in root.iter(f"{SSML_NS}prosody"):
            if not RATE.fullmatch(prosody.get("rate", "default")) or not PITCH.fullmatch(prosody.get("pitch", "default")):
                return Answer(400)
        self.spoken.append("".join(root.itertext()))
        rate = FORMATS[output]
        if rate:
            return Answer(200, self.speech.wav(rate), {"Content-Type": "audio/x-wav"})
        return Answer(200, self.speech.mp3, {"Content-Type": "audio/mpeg"})
