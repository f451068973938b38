"""`dyadwatch serve`: the JSON API and the dashboard over a store."""
from __future__ import annotations

import os

import typer

from .cli import app, err
from .cli_store import DB_HELP


@app.command()
def serve(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token_env: str | None = typer.Option(
        None, "--token-env", help="Environment variable holding the bearer token that allows POST /api/ingest; "
                                  "without it the server is read-only"),
    rate: int = typer.Option(600, "--rate", help="Requests a minute per client address (0: no limit)"),
) -> None:
    """Serve the JSON API (/api, docs at /docs) and the dashboard (/) over the store."""
    import uvicorn

    from .web import create_app

    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise typer.BadParameter(f"environment variable {token_env} is empty or unset", param_hint="--token-env")
    err.print(f"dyadwatch on http://{host}:{port}/ ({'writes allowed with the token' if token else 'read-only'})")
    uvicorn.run(create_app(db, token=token, rate_per_minute=rate), host=host, port=port, log_level="warning")
