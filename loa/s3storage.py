"""Loa's files in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2), so workers on several machines
share the clip cache, the episodes and the feeds.

``LOA_STORAGE_URL=s3://bucket/prefix`` names the bucket and the folder of keys in it. The endpoint is
``LOA_S3_ENDPOINT_URL`` (or boto3's own ``AWS_ENDPOINT_URL``; empty: AWS); region and credentials come
from boto3's usual chain (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``,
profiles, instance roles). Every write is one PUT (or one multipart upload, which S3 also shows whole
or not at all), so a reader sees the old object or the new one. Public files carry their
Content-Type and Cache-Control (``loa.publicfiles``) for a CDN or the bucket's public URL
(``LOA_STORAGE_PUBLIC_URL``, which ``Settings.file_url`` builds links on).
"""
from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from loa.publicfiles import cache_control, content_type, public_key
from loa.storage import CHUNK, OpenFile, StoredFile, StoreUnavailable, checked_key, scratch_folder

_MISSING = {"404", "NoSuchKey", "NotFound"}


def parse_storage_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → ``("bucket", "some/prefix")``; ``ValueError`` for anything else.

    >>> parse_storage_url("s3://loa-media/dai-1/"), parse_storage_url("s3://loa-media")
    (('loa-media', 'dai-1'), ('loa-media', ''))
    """
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"expected s3://bucket/prefix, got {url!r}")
    prefix = parts.path.strip("/")
    if prefix:
        checked_key(prefix)
    return parts.netloc, prefix


def _missing(err: ClientError) -> bool:
    return str(err.response.get("Error", {}).get("Code", "")) in _MISSING


class _S3OpenFile:
    """One version of an object: every range is read with ``If-Match`` on its ETag, so a response never
    mixes two versions (an object replaced meanwhile ends the response early instead)."""

    def __init__(self, storage: S3Storage, key: str, info: StoredFile):
        self.storage, self.key, self.info = storage, key, info

    def chunks(self, first: int, length: int) -> Iterator[bytes]:
        if length <= 0:
            return
        body = self.storage.client.get_object(Bucket=self.storage.bucket, Key=self.storage.object_key(self.key),
                                              Range=f"bytes={first}-{first + length - 1}",
                                              IfMatch=self.info.etag)["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def close(self) -> None:
        pass


class S3Storage:
    """The files under ``prefix`` in ``bucket`` of an S3-compatible store."""

    def __init__(self, bucket: str, prefix: str = "", *, client: Any = None, endpoint_url: str | None = None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client: Any = client or boto3.client(
            "s3", endpoint_url=endpoint_url,
            config=Config(retries={"mode": "standard", "max_attempts": 5}, s3={"addressing_style": "path"}
                          if endpoint_url else {}))

    @classmethod
    def from_url(cls, url: str, *, endpoint_url: str | None = None) -> S3Storage:
        bucket, prefix = parse_storage_url(url)
        return cls(bucket, prefix, endpoint_url=endpoint_url)

    @property
    def local_root(self) -> Path | None:
        return None

    def object_key(self, key: str) -> str:
        checked_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def location(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.object_key(key)}"

    @contextmanager
    def _errors(self, key: str) -> Iterator[None]:
        """The store's errors as ``FileNotFoundError`` (no such object) or ``StoreUnavailable``, naming
        ``key`` (empty: the store itself)."""
        where = self.location(key) if key else f"s3://{self.bucket}/{self.prefix}"
        try:
            yield
        except ClientError as err:
            if _missing(err):
                raise FileNotFoundError(errno.ENOENT, "no such object", where) from None
            error = err.response.get("Error", {})
            said = f"{error.get('Code', '')}: {error.get('Message', '')}".strip(": ")
            raise StoreUnavailable(errno.EIO, f"the object store refused ({said})", where) from err
        except BotoCoreError as err:
            raise StoreUnavailable(errno.EIO, f"the object store cannot be used ({err})", where) from err

    def check(self) -> None:
        try:
            with self._errors(""):
                self.client.head_bucket(Bucket=self.bucket)
        except FileNotFoundError:
            raise StoreUnavailable(errno.ENOENT, "no such bucket", f"s3://{self.bucket}") from None

    def stat(self, key: str) -> StoredFile | None:
        try:
            with self._errors(key):
                head = self.client.head_object(Bucket=self.bucket, Key=self.object_key(key))
        except FileNotFoundError:
            return None
        return StoredFile(size=int(head["ContentLength"]), modified=head["LastModified"].timestamp(),
                          etag=head["ETag"])

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def size(self, key: str) -> int:
        found = self.stat(key)
        if found is None:
            raise FileNotFoundError(errno.ENOENT, "no such object", self.location(key))
        return found.size

    def read_bytes(self, key: str) -> bytes:
        with self._errors(key):
            return self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))["Body"].read()

    def _headers(self, key: str) -> dict[str, str]:
        if public_key(key) is None:
            return {"ContentType": "application/octet-stream"}
        return {"ContentType": content_type(key), "CacheControl": cache_control(key)}

    def write_bytes(self, key: str, data: bytes) -> None:
        with self._errors(key):
            self.client.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data, **self._headers(key))

    def put_file(self, key: str, source: Path) -> int:
        size = os.stat(source).st_size
        with self._errors(key):
            self.client.upload_file(str(source), self.bucket, self.object_key(key), ExtraArgs=self._headers(key))
        return size

    def delete(self, key: str) -> None:
        with self._errors(key):
            self.client.delete_object(Bucket=self.bucket, Key=self.object_key(key))

    def list(self, prefix: str = "") -> list[str]:
        start = self.object_key(prefix) + "/" if prefix else (f"{self.prefix}/" if self.prefix else "")
        keys = []
        with self._errors(prefix):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
                for item in page.get("Contents", ()):
                    keys.append(item["Key"][len(self.prefix) + 1:] if self.prefix else item["Key"])
        return sorted(keys)

    @contextmanager
    def _scratch(self, key: str, suffix: str | None) -> Iterator[Path]:
        folder = scratch_folder()
        try:
            name = PurePosixPath(key).name
            yield folder / (name if suffix is None else PurePosixPath(name).stem + suffix)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        with self._scratch(key, None) as path:
            with self._errors(key):
                self.client.download_file(self.bucket, self.object_key(key), str(path))
            yield path

    @contextmanager
    def writing(self, key: str, suffix: str | None = None) -> Iterator[Path]:
        self.object_key(key)  # a bad key is refused before any work
        with self._scratch(key, suffix) as path:
            yield path
            self.put_file(key, path)

    def open_file(self, key: str) -> OpenFile:
        info = self.stat(key)
        if info is None:
            raise FileNotFoundError(errno.ENOENT, "no such object", self.location(key))
        return _S3OpenFile(self, key, info)
