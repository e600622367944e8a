"""How every command reports a mistake the user can fix: one red line on stderr, exit code 2."""

from __future__ import annotations

import typer

USER_ERROR = 2  # the exit code of a mistake in the command line or its values


def user_error(error: Exception | str) -> typer.Exit:
    """Print `error: …` to stderr and return the Exit to raise (`raise user_error(e) from None`)."""
    typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=USER_ERROR)
