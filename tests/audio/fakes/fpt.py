"""FPT.AI's text to speech v5: the API, and the file server where the audio appears later."""
from __future__ import annotations

import threading
import uuid

from tests.audio.fakes.server import Answer, FakeService, Request, SpeechAudio

SYNTHESIZE = "/hmi/tts/v5"
FILES = "/text2speech-v5/short/"
VOICES = {"banmai", "thuminh", "leminh", "minhquang", "myan", "giahuy", "ngoclam", "lannhi", "linhsan"}
NO_SUCH_KEY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code>'
               b"<Message>The specified key does not exist.</Message></Error>")


class FakeFPT(FakeService):
    def __init__(self, speech: SpeechAudio, api_key: str):
        super().__init__()
        self.speech = speech
        self.api_key = api_key
        self.polls_before_ready = 1  # GETs of a new file answered 404 before the audio is there
        self._files: dict[str, list] = {}  # path -> [polls left before ready, format]
        self._files_lock = threading.Lock()

    def answer(self, request: Request) -> Answer:
        if request.path == SYNTHESIZE and request.method == "POST":
            return self._synthesize(request)
        if request.path.startswith(FILES) and request.method == "GET":
            return self._file(request.path)
        return Answer.json(404, {"message": "no Route matched with those values"})

    def _synthesize(self, request: Request) -> Answer:
        key = request.header("api-key") or request.header("api_key")
        if key is None:
            return Answer.json(401, {"message": "No API key found in request"})
        if key != self.api_key:
            return Answer.json(401, {"message": "Invalid authentication credentials"})
        text = request.body.decode("utf-8")
        voice = request.header("voice") or "banmai"
        speed = request.header("speed") or "0"
        audio_format = request.header("format") or "mp3"
        if len(text.strip()) < 3 or len(text) > 5000:
            return Answer.json(200, {"error": 1, "message": "Text length must be between 3 and 5000 characters",
                                     "request_id": str(uuid.uuid4())})
        if voice not in VOICES or speed not in {"-3", "-2", "-1", "0", "1", "2", "3", "+1", "+2", "+3"} \
                or audio_format not in ("mp3", "wav"):
            return Answer.json(200, {"error": 2, "message": "Invalid voice, speed or format",
                                     "request_id": str(uuid.uuid4())})
        request_id = uuid.uuid4().hex
        path = f"{FILES}2025-03-01/{request_id}.{audio_format}"
        with self._files_lock:
            self._files[path] = [self.polls_before_ready, audio_format]
        return Answer.json(200, {"async": self.url + path, "error": 0,
                                 "message": "The content will be returned after a few seconds under the async link.",
                                 "request_id": request_id})

    def _file(self, path: str) -> Answer:
        with self._files_lock:
            entry = self._files.get(path)
            if entry is None or entry[0] != 0:
                if entry is not None and entry[0] > 0:
                    entry[0] -= 1
                return Answer(404, NO_SUCH_KEY, {"Content-Type": "application/xml"})
        if entry[1] == "wav":
            return Answer(200, self.speech.wav(22050), {"Content-Type": "audio/wav"})
        return Answer(200, self.speech.mp3, {"Content-Type": "audio/mpeg"})

    def never_ready(self) -> None:
        """Files made from now on stay missing."""
        self.polls_before_ready = -1
