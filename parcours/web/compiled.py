"""Templates compiled once per process, however many apps it makes.

Jinja compiles a template for each app's environment: the test suite makes an app per test, and
a results page's templates take a fifth of a second to compile (`GET /` on a new app: 0.26 s of
0.30 s). Compiled code is kept here by template name and file, and checked against the source's
hash, so an edited template compiles again; environments whose compiling settings differ never
share it.
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


class _Compiled(BytecodeCache):
    """Compiled templates in memory, for every environment with the same compiling settings."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored when the source's hash differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_caches: dict[tuple[object, ...], _Compiled] = {}


def share(environment: Environment) -> None:
    """Compile `environment`'s templates once per process (call it once its extensions and
    gettext style are set: they change the compiled code)."""
    settings = (environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix,
                environment.trim_blocks, environment.lstrip_blocks,
                environment.newline_sequence, environment.keep_trailing_newline,
                environment.optimized,
                getattr(environment.autoescape, "__func__", environment.autoescape),  # Flask's
                getattr(environment, "newstyle_gettext", None),
                tuple(sorted(environment.extensions)))
    environment.bytecode_cache = _caches.setdefault(settings, _Compiled())
