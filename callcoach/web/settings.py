"""How a web app instance is configured, and where its secret key comes from.

The secret key signs CSRF tokens. It is never a default: it comes from ``secret_key``,
else ``CALLCOACH_SECRET_KEY``, else a file (``secret_key_file``, default
``<user data dir>/web-secret-key``) that is created with 256 random bits and mode 0600 on
first run.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from callcoach.errors import CallcoachError

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "ENV_SECRET", "WebSettings", "load_secret_key"]

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ENV_SECRET = "CALLCOACH_SECRET_KEY"


def _data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("callcoach", appauthor=False))


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Everything ``create_app`` needs; every field has a safe default.

    ``db_url``: as ``--db`` (a URL or SQLite path; None: ``CALLCOACH_DB_URL`` or the default
    file). ``secure_cookies``: always mark cookies Secure (they are anyway on HTTPS requests;
    set it behind a TLS-terminating proxy that does not forward the scheme).
    ``upload_dir``: where uploaded transcripts wait for analysis (deleted after it).
    ``rubric`` / ``detectors``: how uploads are analysed (None: the defaults of
    ``callcoach analyze``). ``login_attempts`` failed sign-ins per email (and per client
    address, times four) within ``login_window_s`` seconds lock that email (address) out
    for the rest of the window.
    """

    db_url: str | None = None
    secret_key: str | None = None
    secret_key_file: Path | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    secure_cookies: bool = False
    session_hours: float = 12.0
    upload_dir: Path | None = None
    rubric: str | None = "expert-not-friend"
    detectors: tuple[str, ...] | None = None
    login_attempts: int = 5
    login_window_s: float = 15 * 60

    def resolved_upload_dir(self) -> Path:
        return Path(self.upload_dir) if self.upload_dir else _data_dir() / "uploads"


def load_secret_key(settings: WebSettings) -> bytes:
    """The secret key (see the module docstring); creates the key file on first run."""
    if settings.secret_key:
        return settings.secret_key.encode()
    env = os.environ.get(ENV_SECRET)
    if env:
        return env.encode()
    path = Path(settings.secret_key_file or (_data_dir() / "web-secret-key"))
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 32:
            return text.encode()
        if text:
            raise CallcoachError(f"{path}: the secret key is too short (32 characters at least)")
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise CallcoachError(f"{path}: cannot read the secret key: {exc}") from None
    key = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return load_secret_key(settings)
    except OSError as exc:
        raise CallcoachError(f"{path}: cannot create the secret key file: {exc}") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key.encode()
