"""A real S3-compatible server for the object store's tests: moto's server mode on a free port, with a
bucket for the session. Each test keeps its objects under a prefix of its own."""
from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass

# moto accepts any credentials; these only have to be present for boto3's chain to find them.
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "loa-test",
    "AWS_SECRET_ACCESS_KEY": "loa-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str

    def storage_url(self) -> str:
        """``s3://bucket/<a prefix of its own>``: a store no other test writes in."""
        return f"s3://{self.bucket}/t-{uuid.uuid4().hex[:12]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(endpoint_url: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint_url, aws_access_key_id=S3_ENV["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=S3_ENV["AWS_SECRET_ACCESS_KEY"], region_name=S3_ENV["AWS_DEFAULT_REGION"])
