#!/usr/bin/env python3
"""Sends one article (a JSON file) to Loa's webhook, signed (scheme v2); Python's standard library only.

    LOA_URL=https://radio.example.vn/loa LOA_WEBHOOK_SECRET=... python3 send_article.py bai-mau.json

Prints Loa's HTTP status and answer; exits 0 on 200/202, 1 otherwise.
"""
import hashlib
import hmac
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


def signed_headers(secret: str, method: str, target: str, body: bytes) -> dict:
    """The three headers of a v2 signature, with a new delivery id."""
    ts, delivery = str(int(time.time())), str(uuid.uuid4())
    message = b"\n".join([b"loa-v2", method.encode(), target.encode(), ts.encode(), delivery.encode(), body])
    mac = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return {"X-Loa-Timestamp": ts, "X-Loa-Delivery": delivery, "X-Loa-Signature": "v2=" + mac}


def main(path: str) -> int:
    secret = os.environ.get("LOA_WEBHOOK_SECRET", "")
    if not secret:
        sys.exit("set LOA_WEBHOOK_SECRET to the secret shared with Loa")
    base = os.environ.get("LOA_URL", "http://127.0.0.1:8000").rstrip("/")
    target = "/api/articles"  # what is signed: the path from /api/ on, without a proxy's prefix
    with open(path, "rb") as file:
        body = file.read()  # sign and send these exact bytes
    headers = {"Content-Type": "application/json", **signed_headers(secret, "POST", target, body)}
    request = urllib.request.Request(base + target, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, answer = err.code, err.read()
    print(f"HTTP {status}")
    print(answer.decode("utf-8", "replace"))
    return 0 if status in (200, 202) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: send_article.py ARTICLE.json")
    sys.exit(main(sys.argv[1]))
