"""The file store: where rendered PDFs and export ZIPs live, never in the database (which keeps
each one's key, size, SHA-256 and dates). One small interface, two backends:

- a folder (`instance/files/` by default): one machine, nothing to install;
- an S3-compatible object store when `PARCOURS_STORAGE_URL=s3://bucket/prefix` (boto3 reads the
  usual AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION).

Views and services call `store()` and the five methods; none knows which backend it is.
Keys are the app's own (`pdf/ab/abcd….pdf`, `exports/….zip`): checked, never a user's text.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from flask import Flask, current_app

# A key's last part may also be a folder store's temporary (`.part-` and mkstemp's letters):
# a process killed between writing and renaming leaves one, which only the purge's sweep sees,
# lists, and must be able to delete.
_KEY = re.compile(r"^[a-z0-9]+(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*"
                  r"(/[A-Za-z0-9_-][A-Za-z0-9_.-]*|/\.part-[a-z0-9_]+)$")


class StorageError(RuntimeError):
    """A bad key or setting, or a store that cannot be reached."""


class Missing(StorageError):
    """No object under that key (deleted meanwhile, or never stored)."""


def checked(key: str) -> str:
    """The key, if it is one of ours (`kind/part/…`: no `..`, no leading slash or dot)."""
    if not _KEY.match(key) or ".." in key or len(key) > 200:
        raise StorageError(f"not a storage key: {key!r}")
    return key


@dataclass(frozen=True)
class Stored:
    """What the database keeps of a stored object."""

    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Listed:
    """An object found in the store (for the purge's sweep and the tests)."""

    key: str
    size: int
    modified: datetime


class Store(Protocol):
    """What views and services may do with the store."""

    kind: str
    where: str

    def put(self, key: str, data: bytes, content_type: str) -> Stored: ...
    def open(self, key: str) -> IO[bytes]: ...
    def read(self, key: str) -> bytes: ...
    def url(self, key: str, file_name: str, content_type: str, seconds: int) -> str | None: ...
    def delete(self, keys: Iterable[str]) -> None: ...
    def exists(self, key: str) -> bool: ...
    def listing(self, prefix: str = "") -> Iterator[Listed]: ...


def _stored(key: str, data: bytes) -> Stored:
    return Stored(key, len(data), hashlib.sha256(data).hexdigest())


class FolderStore:
    """Files in a folder: written to a temporary file beside their place, then renamed (a
    reader never sees half a PDF), readable by the app's user only."""

    kind = "folder"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.where = str(root)

    def _path(self, key: str) -> Path:
        return self.root / checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> Stored:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return _stored(key, data)

    def open(self, key: str) -> IO[bytes]:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise Missing(key) from None

    def read(self, key: str) -> bytes:
        with self.open(key) as file:
            return file.read()

    def url(self, key: str, file_name: str, content_type: str, seconds: int) -> str | None:
        return None  # the app streams the file itself

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            path = self._path(key)
            path.unlink(missing_ok=True)
            for parent in path.parents:  # empty folders go too
                if parent == self.root or not parent.is_relative_to(self.root):
                    break
                try:
                    parent.rmdir()
                except OSError:
                    break

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def listing(self, prefix: str = "") -> Iterator[Listed]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    info = path.stat()
                    yield Listed(key, info.st_size, datetime.fromtimestamp(info.st_mtime, UTC))


class S3Store:
    """Objects in an S3 bucket (AWS, MinIO, Garage, Scaleway…), under a prefix."""

    kind = "s3"

    def __init__(self, bucket: str, prefix: str, client: Any = None) -> None:
        if client is None:
            import boto3  # only when an S3 store is configured

            client = boto3.client("s3")
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.where = f"s3://{bucket}/{self.prefix}"

    def _name(self, key: str) -> str:
        return self.prefix + checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> Stored:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                               ContentType=content_type)
        return _stored(key, data)

    def open(self, key: str) -> IO[bytes]:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise Missing(key) from None
            raise
        body: IO[bytes] = answer["Body"]
        return body

    def read(self, key: str) -> bytes:
        with self.open(key) as body:
            return body.read()

    def url(self, key: str, file_name: str, content_type: str, seconds: int) -> str | None:
        url: str = self.client.generate_presigned_url("get_object", ExpiresIn=seconds, Params={
            "Bucket": self.bucket, "Key": self._name(key), "ResponseContentType": content_type,
            "ResponseContentDisposition": f'attachment; filename="{file_name}"',
            "ResponseCacheControl": "no-store"})
        return url

    def delete(self, keys: Iterable[str]) -> None:
        names = [self._name(key) for key in keys]
        for start in range(0, len(names), 1000):  # S3's limit per request
            answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": name} for name in names[start:start + 1000]],
                "Quiet": True})
            if answer.get("Errors"):
                raise StorageError(f"S3 kept {len(answer['Errors'])} objects: "
                                   f"{answer['Errors'][0].get('Message')}")

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def listing(self, prefix: str = "") -> Iterator[Listed]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield Listed(item["Key"][len(self.prefix):], int(item["Size"]),
                             item["LastModified"])


def from_url(url: str | None, instance: Path) -> Store:
    """The store a `PARCOURS_STORAGE_URL` names: `s3://bucket/prefix`, a folder (a path or
    `file:///path`), or by default `instance/files/`."""
    if not url:
        return FolderStore(instance / "files")
    if url.startswith("s3://"):
        bucket, _, prefix = url[len("s3://"):].partition("/")
        if not bucket:
            raise StorageError("PARCOURS_STORAGE_URL: s3://bucket/prefix, the bucket is missing")
        return S3Store(bucket, prefix)
    if url.startswith("file://"):
        url = url[len("file://"):]
    if "://" in url:
        raise StorageError("PARCOURS_STORAGE_URL: s3://bucket/prefix or a folder's path")
    path = Path(url)
    return FolderStore(path if path.is_absolute() else instance / path)


def attach(app: Flask) -> None:
    """Give the app its store (STORAGE, or the one STORAGE_URL names)."""
    found = app.config.get("STORAGE")
    app.extensions["parcours_storage"] = found if found is not None else from_url(
        app.config.get("STORAGE_URL"), Path(app.instance_path))


def store() -> Store:
    """The app's file store."""
    found: Store = current_app.extensions["parcours_storage"]
    return found
