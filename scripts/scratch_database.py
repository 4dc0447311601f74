"""A throwaway PostgreSQL database beside the one a URL names, for the scripts that measure against real data."""

from urllib.parse import urlparse, urlunparse


def scratch_database(url: str, suffix: str, *, force: bool = False) -> str:
    """The URL of a new, empty database named after ``url``'s with ``suffix`` ("diplo" -> "diplo_bench"), dropped
    first if a run before left it; ``force`` drops it even while connections (a killed server's) hold it."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/") + suffix
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else ""))
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))
