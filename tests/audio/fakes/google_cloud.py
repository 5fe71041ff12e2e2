"""Google Cloud Text-to-Speech and Google's OAuth token endpoint, as their documentation describes them."""
from __future__ import annotations

import base64
import json
import secrets
import time
from urllib.parse import parse_qs

import jsonschema
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from tests.audio.fakes.server import Answer, FakeService, Request, SpeechAudio

SYNTHESIZE = "/v1/text:synthesize"
TOKEN = "/token"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
VOICES = {
    "vi-VN-Standard-A", "vi-VN-Standard-B", "vi-VN-Standard-C", "vi-VN-Standard-D",
    "vi-VN-Wavenet-A", "vi-VN-Wavenet-B", "vi-VN-Wavenet-C", "vi-VN-Wavenet-D",
    "vi-VN-Neural2-A", "vi-VN-Neural2-D", "vi-VN-Chirp3-HD-Aoede", "vi-VN-Chirp3-HD-Charon",
}
REQUEST_SCHEMA = {
    "type": "object",
    "required": ["input", "voice", "audioConfig"],
    "additionalProperties": False,
    "properties": {
        "input": {"type": "object", "properties": {"text": {"type": "string"}, "ssml": {"type": "string"}},
                  "additionalProperties": False, "minProperties": 1, "maxProperties": 1},
        "voice": {"type": "object", "required": ["languageCode"], "additionalProperties": False,
                  "properties": {"languageCode": {"type": "string"}, "name": {"type": "string"},
                                 "ssmlGender": {"enum": ["SSML_VOICE_GENDER_UNSPECIFIED", "MALE", "FEMALE",
                                                         "NEUTRAL"]}}},
        "audioConfig": {"type": "object", "required": ["audioEncoding"], "additionalProperties": False,
                        "properties": {
                            "audioEncoding": {"enum": ["LINEAR16", "MP3", "OGG_OPUS", "MULAW", "ALAW"]},
                            "speakingRate": {"type": "number"}, "pitch": {"type": "number"},
                            "volumeGainDb": {"type": "number"},
                            "sampleRateHertz": {"type": "integer", "minimum": 8000, "maximum": 48000},
                            "effectsProfileId": {"type": "array"}}},
    },
}


def google_error(code: int, status: str, message: str, reason: str = "",
                 headers: dict[str, str] | None = None) -> Answer:
    """An error reply in Google's JSON form (google.rpc.Status with an ErrorInfo reason)."""
    error: dict = {"code": code, "message": message, "status": status}
    if reason:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                             "domain": "googleapis.com"}]
    return Answer.json(code, {"error": error}, headers)


class FakeGoogleCloud(FakeService):
    def __init__(self, speech: SpeechAudio, api_key: str, client_email: str = "loa-tts@station.iam.gserviceaccount.com"):
        super().__init__()
        self.speech = speech
        self.api_key = api_key
        self.client_email = client_email
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.tokens: dict[str, float] = {}  # access token -> expiry (time.time())
        self.token_lifetime = 3599

    def service_account(self) -> dict:
        """A service-account key file for this fake, as the Cloud console downloads it."""
        pem = self.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
        return {"type": "service_account", "project_id": "station-loa", "private_key_id": "3f2a9c",
                "private_key": pem, "client_email": self.client_email, "client_id": "1049",
                "token_uri": self.url + TOKEN}

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def answer(self, request: Request) -> Answer:
        if request.path == TOKEN and request.method == "POST":
            return self._token(request)
        if request.path == SYNTHESIZE and request.method == "POST":
            return self._synthesize(request)
        return google_error(404, "NOT_FOUND", f"{request.method} {request.path} not found")

    def _synthesize(self, request: Request) -> Answer:
        refusal = self._authenticate(request)
        if refusal is not None:
            return refusal
        if not (request.header("Content-Type") or "").startswith("application/json"):
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        try:
            body = request.json()
            jsonschema.validate(body, REQUEST_SCHEMA)
        except (ValueError, jsonschema.ValidationError) as error:
            return google_error(400, "INVALID_ARGUMENT", f"Invalid JSON payload received. {error}"[:200])
        text = body["input"].get("text", body["input"].get("ssml", ""))
        if len(text.encode("utf-8")) > 5000:
            return google_error(400, "INVALID_ARGUMENT", "Either `input.text` or `input.ssml` is longer than the "
                                "limit of 5000 bytes. This limit is different from quotas.")
        voice, audio = body["voice"], body["audioConfig"]
        name = voice.get("name", "")
        if name and (name not in VOICES or not name.startswith(voice["languageCode"] + "-")):
            return google_error(400, "INVALID_ARGUMENT", f"Voice '{name}' does not exist. Is it misspelled?")
        if not 0.25 <= audio.get("speakingRate", 1.0) <= 4.0 or not -20 <= audio.get("pitch", 0.0) <= 20:
            return google_error(400, "INVALID_ARGUMENT", "speaking_rate or pitch out of range")
        if "Chirp" in name and "pitch" in audio:
            return google_error(400, "INVALID_ARGUMENT", f"Voice '{name}' does not support pitch parameters.")
        if audio["audioEncoding"] == "MP3":
            data = self.speech.mp3
        elif audio["audioEncoding"] == "LINEAR16":
            data = self.speech.wav(audio.get("sampleRateHertz", 24000))
        else:
            return google_error(400, "INVALID_ARGUMENT", "this fake speaks MP3 and LINEAR16 only")
        return Answer.json(200, {"audioContent": base64.b64encode(data).decode("ascii")})

    def _authenticate(self, request: Request) -> Answer | None:
        key = request.header("X-Goog-Api-Key") or (request.query.get("key") or [None])[0]
        bearer = request.header("Authorization") or ""
        if key is not None:
            if key == self.api_key:
                return None
            return google_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                                reason="API_KEY_INVALID")
        if bearer.startswith("Bearer "):
            if self.tokens.get(bearer[7:], 0) > time.time():
                return None
            return google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected "
                                "OAuth 2 access token, login cookie or other valid authentication credential.",
                                reason="ACCESS_TOKEN_TYPE_UNSUPPORTED")
        return google_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                            "established identity). Please use API Key or other form of API consumer identity.",
                            reason="CONSUMER_INVALID")

    def _token(self, request: Request) -> Answer:
        form = parse_qs(request.body.decode("ascii"))
        grant = (form.get("grant_type") or [""])[0]
        assertion = (form.get("assertion") or [""])[0]
        if grant != JWT_BEARER:
            return Answer.json(400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"})
        problem = self._check_jwt(assertion, audience=self.url + TOKEN)
        if problem:
            return Answer.json(400, {"error": "invalid_grant", "error_description": problem})
        token = "ya29.c." + secrets.token_urlsafe(24)
        self.tokens[token] = time.time() + self.token_lifetime
        return Answer.json(200, {"access_token": token, "expires_in": self.token_lifetime, "token_type": "Bearer"})

    def _check_jwt(self, assertion: str, audience: str) -> str:
        parts = assertion.split(".")
        if len(parts) != 3:
            return "Invalid JWT: not three parts"
        header, claims = (json.loads(_unb64(p)) for p in parts[:2])
        if header.get("alg") != "RS256":
            return "Invalid JWT: alg must be RS256"
        try:
            self.private_key.public_key().verify(_unb64(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"),
                                                 padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return "Invalid JWT Signature."
        now = time.time()
        if claims.get("iss") != self.client_email:
            return "Invalid JWT: iss is not the service account"
        if claims.get("aud") != audience:
            return "Invalid JWT: aud is not the token endpoint"
        if "https://www.googleapis.com/auth/cloud-platform" not in str(claims.get("scope", "")).split():
            return "Invalid JWT: scope"
        if not claims.get("iat", 0) - 300 <= now < claims.get("exp", 0) or claims["exp"] - claims["iat"] > 3600:
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
        return ""


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
