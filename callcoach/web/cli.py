"""``callcoach serve``, ``callcoach user …`` and ``callcoach token …``: registered on the main
app by ``register(app)``. FastAPI, uvicorn and argon2 load inside the commands only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from callcoach.errors import CallcoachError

if TYPE_CHECKING:
    from callcoach.storage.accounts import Accounts

__all__ = ["register", "token_app", "user_app"]

out = Console(markup=False, soft_wrap=True)
err = Console(stderr=True, soft_wrap=True, markup=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="DB", help="Database URL or SQLite file (default: CALLCOACH_DB_URL)."
    ),
]

user_app = typer.Typer(
    help="Web app users: add, list, set passwords, disable.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
token_app = typer.Typer(
    help="API tokens for the REST API: create (shown once), list, revoke.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class RoleChoice(StrEnum):
    admin = "admin"
    manager = "manager"
    rep = "rep"


class ScopeChoice(StrEnum):
    read = "read"
    write = "write"


FIRST_ADMIN = 'callcoach user add you@example.com --role admin --name "Your Name"'


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``user`` and ``token`` to the main ``callcoach`` app."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(Text(f"error: {message}", style="red"))
    return typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except CallcoachError as exc:
        raise _fail(str(exc)) from None


@contextmanager
def _accounts(db: str | None) -> Iterator[Accounts]:
    from callcoach.storage.accounts import Accounts
    from callcoach.storage.database import make_engine
    from callcoach.storage.schema import ensure_schema

    engine = make_engine(db)
    try:
        ensure_schema(engine)
        yield Accounts(engine)
    finally:
        engine.dispose()


def _read_password(from_stdin: bool) -> str:
    from callcoach.web.security import password_problem

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise _fail("no terminal to ask for the password: pipe it with --password-stdin", 2)
    problem = password_problem(password)
    if problem is not None:
        raise _fail(problem, 2)
    return password


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: DbOption = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", metavar="MB", help="Largest upload accepted.")
    ] = 20.0,
    rubric: Annotated[
        str, typer.Option("--rubric", metavar="RUBRIC", help="Rubric that scores uploaded calls.")
    ] = "expert-not-friend",
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="Mark cookies Secure (use behind an HTTPS proxy that hides the scheme).",
        ),
    ] = False,
    secret_key_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-key-file",
            metavar="FILE",
            help="Secret key file (created on first run; default in the data folder).",
        ),
    ] = None,
    upload_dir: Annotated[
        Path | None,
        typer.Option("--upload-dir", metavar="DIR", help="Where uploads wait for analysis."),
    ] = None,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            metavar="IPS",
            help="Proxies trusted for X-Forwarded-Proto/For (comma-separated).",
        ),
    ] = "127.0.0.1",
) -> None:
    """Run the web app and REST API (http://HOST:PORT; API docs at /api/v1/openapi.json)."""
    from callcoach.scoring import builtin_rubrics

    if port < 1 or port > 65535:
        raise _fail("--port must be between 1 and 65535", 2)
    if max_upload_mb <= 0:
        raise _fail("--max-upload-mb must be positive", 2)
    if rubric not in builtin_rubrics():
        raise _fail(f"--rubric {rubric!r}: use one of {', '.join(builtin_rubrics())}", 2)
    try:
        import uvicorn

        from callcoach.web.app import create_app
        from callcoach.web.settings import WebSettings
    except ImportError as exc:
        raise _fail(f"the web app needs its extra: pip install 'callcoach[web]' ({exc})") from None
    settings = WebSettings(
        db_url=db,
        secret_key_file=secret_key_file,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        secure_cookies=secure_cookies,
        upload_dir=upload_dir,
        rubric=rubric,
    )
    with _errors():
        app = create_app(settings)
        users = app.state.callcoach.accounts.user_count()
    if users == 0:
        err.print(
            Text(
                "No users yet, so no one can sign in. Create the first admin (in another "
                f"terminal, with the same --db):\n  {FIRST_ADMIN}",
                style="yellow",
            )
        )
    if host not in ("127.0.0.1", "localhost", "::1") and not secure_cookies:
        err.print(
            Text(
                f"note: listening on {host}: put the app behind HTTPS (a reverse proxy) "
                "before anyone signs in over the network",
                style="yellow",
            )
        )
    err.print(f"callcoach web app on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="Sign-in email.")],
    role: Annotated[
        RoleChoice, typer.Option("--role", metavar="admin|manager|rep", help="What they may see.")
    ],
    name: Annotated[
        str,
        typer.Option(
            "--name", metavar="NAME", help="Full name; a rep's calls are attributed by it."
        ),
    ],
    team: Annotated[
        list[str] | None,
        typer.Option("--team", metavar="TEAM", help="A team they belong to (repeatable)."),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="No browser sign-in (API tokens only).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a user who signs in with EMAIL and a password (asked for, or --password-stdin)."""
    if "@" not in email or len(email) > 320 or any(c.isspace() for c in email.strip()):
        raise _fail(f"{email!r} is not an email address", 2)
    if not name.strip():
        raise _fail("--name must not be empty", 2)
    if no_password and password_stdin:
        raise _fail("--no-password and --password-stdin exclude each other", 2)
    password_hash = None
    if not no_password:
        from callcoach.web.security import hash_password

        password_hash = hash_password(_read_password(password_stdin))
    with _errors(), _accounts(db) as accounts:
        user = accounts.add_user(email, name, role.value, password_hash, team or ())
    teams = f", teams {', '.join(user.teams)}" if user.teams else ""
    err.print(f"added {user.role} {user.name} <{user.email}>{teams}")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List the users with their role and teams."""
    with _errors(), _accounts(db) as accounts:
        users = accounts.users()
    if not users:
        err.print(f"no users yet; create the first admin with:\n  {FIRST_ADMIN}")
        return
    table = Table(title="users", title_justify="left")
    for column in ("email", "name", "role", "teams", "sign-in"):
        table.add_column(column, overflow="fold")
    for user in users:
        sign_in = "disabled" if user.disabled else ("password" if user.has_password else "tokens")
        table.add_row(user.email, user.name, user.role, ", ".join(user.teams), sign_in)
    out.print(table)


@user_app.command("passwd")
def user_passwd(
    email: Annotated[str, typer.Argument(metavar="EMAIL")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Set a user's password; their signed-in browsers are signed out."""
    from callcoach.web.security import hash_password

    with _errors(), _accounts(db) as accounts:
        user = accounts.user_by_email(email)
        if user is None:
            raise _fail(f"no user {email}")
        accounts.set_password_hash(user.id, hash_password(_read_password(password_stdin)))
        ended = accounts.end_sessions(user.id)
    err.print(f"password set for {user.email}; {ended} signed-in session(s) ended")


@user_app.command("disable")
def user_disable(
    email: Annotated[str, typer.Argument(metavar="EMAIL")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the user again.")] = False,
    db: DbOption = None,
) -> None:
    """Disable a user: their sessions end and their tokens stop working (--enable undoes)."""
    with _errors(), _accounts(db) as accounts:
        user = accounts.user_by_email(email)
        if user is None:
            raise _fail(f"no user {email}")
        accounts.set_disabled(user.id, not enable)
    err.print(f"{'enabled' if enable else 'disabled'} {user.email}")


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="The user the token acts as.")],
    scope: Annotated[
        ScopeChoice,
        typer.Option("--scope", metavar="read|write", help="read: GET only; write: also changes."),
    ] = ScopeChoice.read,
    db: DbOption = None,
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    from callcoach.web.security import new_api_token

    with _errors(), _accounts(db) as accounts:
        user = accounts.user_by_email(email)
        if user is None:
            raise _fail(f"no user {email}")
        token = new_api_token()
        stored = accounts.add_token(user.id, token.hash, token.prefix, scope.value)
    err.print(
        f"token {stored.id} ({stored.scope}) for {user.email}; it is shown once, store it now:"
    )
    out.print(token.secret)


@token_app.command("list")
def token_list(
    email: Annotated[str | None, typer.Argument(metavar="[EMAIL]")] = None,
    db: DbOption = None,
) -> None:
    """List API tokens (of one user): id, prefix, scope, last use, revoked."""
    with _errors(), _accounts(db) as accounts:
        users = {u.id: u for u in accounts.users()}
        owner = None
        if email is not None:
            found = accounts.user_by_email(email)
            if found is None:
                raise _fail(f"no user {email}")
            owner = found.id
        tokens = accounts.tokens(owner)
    table = Table(title="API tokens", title_justify="left")
    for column in ("id", "user", "prefix", "scope", "created", "last used", "revoked"):
        table.add_column(column, overflow="fold")
    for t in tokens:
        table.add_row(
            str(t.id),
            users[t.user_id].email if t.user_id in users else "?",
            t.prefix + "…",
            t.scope,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
            f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token: Annotated[str, typer.Argument(metavar="ID_OR_TOKEN", help="A token id or the token.")],
    db: DbOption = None,
) -> None:
    """Revoke an API token: it stops working at once."""
    from callcoach.web.security import hash_secret

    with _errors(), _accounts(db) as accounts:
        token_id = int(token) if token.isdigit() else accounts.token_id(hash_secret(token))
        if token_id is None or not accounts.revoke_token(token_id):
            raise _fail("no such active token")
    err.print(f"revoked token {token_id}")
