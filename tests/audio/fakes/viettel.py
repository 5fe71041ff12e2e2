"""Viettel AI's speech_synthesis endpoint: JSON in, audio out."""
from __future__ import annotations

from tests.audio.fakes.server import Answer, FakeService, Request, SpeechAudio

SYNTHESIZE = "/tts/speech_synthesis"
VOICES = {"hn-quynhanh", "hn-thanhtung", "hn-phuongtrang", "hue-maingoc", "hue-baoquoc", "hcm-diemmy",
          "hcm-minhquan", "hcm-thuydung"}
FIELDS = {"text": str, "voice": str, "speed": (int, float), "tts_return_option": int, "token": str,
          "without_filter": bool}


class FakeViettel(FakeService):
    def __init__(self, speech: SpeechAudio, token: str):
        super().__init__()
        self.speech = speech
        self.token = token

    def answer(self, request: Request) -> Answer:
        if request.path != SYNTHESIZE or request.method != "POST":
            return Answer.json(404, {"code": 404, "message": "Not Found"})
        if not (request.header("Content-Type") or "").startswith("application/json"):
            return Answer.json(415, {"code": 415, "message": "Content-Type must be application/json"})
        try:
            body = request.json()
        except ValueError:
            return Answer.json(400, {"code": 400, "message": "Invalid JSON"})
        wrong = [name for name, kind in FIELDS.items()
                 if name not in body or not isinstance(body[name], kind) or (kind is not bool and body[name] is True)]
        if wrong:
            return Answer.json(400, {"code": 400, "message": f"Invalid field(s): {', '.join(wrong)}"})
        if body["token"] != self.token:
            return Answer.json(401, {"code": 401, "message": "Token is invalid or expired"})
        if body["voice"] not in VOICES or not 0.7 <= body["speed"] <= 1.3 \
                or body["tts_return_option"] not in (2, 3) or not body["text"].strip() or len(body["text"]) > 2000:
            return Answer.json(400, {"code": 400, "message": "Invalid voice, speed, option or text"})
        if body["tts_return_option"] == 2:
            return Answer(200, self.speech.wav(22050), {"Content-Type": "audio/wav"})
        return Answer(200, self.speech.mp3, {"Content-Type": "audio/mpeg"})
