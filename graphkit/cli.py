"""The ``graphkit`` command line: a thin layer over the library.

Each command parses its options, calls the library and turns
:class:`graphkit.errors.GraphkitError` into a clear message and exit status.
This is the only module that imports click.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit import __version__
from graphkit.errors import GraphkitError

DEFAULT_CORPUS = Path("data/corpus")
DEFAULT_STORE = Path(".graphkit/store")


def default_store() -> Path:
    """The store directory: ``$GRAPHKIT_STORE`` or ``.graphkit/store``."""
    return Path(os.environ.get("GRAPHKIT_STORE", DEFAULT_STORE))


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store DIR``, shared by every command that reads or writes the graph."""
    return click.option(
        "--store",
        "store",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_store,
        show_default="$GRAPHKIT_STORE or .graphkit/store",
        help="Store directory.",
    )(f)


def paths_argument(f: Callable[..., Any]) -> Callable[..., Any]:
    """``[PATHS]...``: files or directories; the bundled corpus when none."""
    return click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))(f)


def library_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into ``click.ClickException`` (message, exit 1)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except GraphkitError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


def corpus_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, or the bundled corpus."""
    if paths:
        return list(paths)
    if not DEFAULT_CORPUS.is_dir():
        raise click.UsageError(
            f"no PATHS given and {DEFAULT_CORPUS} is not here: run from the project folder "
            "or name the files"
        )
    return [DEFAULT_CORPUS]


def echo_err(message: str) -> None:
    """A line on stderr."""
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def cli() -> None:
    """graphkit: Chinese policy documents to a knowledge graph of agencies,
    measures and regions."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphkit")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)


@cli.command("serve")
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default answers this machine only.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Seconds a query may run; longer ones are stopped with status 503.",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (query pages elsewhere).")
@library_errors
def serve_cmd(store: Path, host: str, port: int, timeout: int, cors: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Queries by GET or POST at /query (SPARQL JSON, XML, CSV, TSV; Turtle,
    N-Triples), a query page at /, updates refused with 403. The default
    graph is the union of the document graphs.
    """
    import signal

    from graphkit.serve import is_loopback, start

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with start(store, host=host, port=port, timeout=timeout, cors=cors) as endpoint:
        click.echo(f"SPARQL endpoint: {endpoint.query_url}")
        click.echo(f"query page:      {endpoint.url}")
        if not is_loopback(host):
            echo_err(f"warning: listening on {host}: other machines can query this endpoint")
        echo_err("read-only; Ctrl-C stops the server")
        try:
            endpoint.wait()
        except KeyboardInterrupt:
            echo_err("stopping")


@cli.command("push")
@store_option
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="SPARQL endpoint of the target store. Checks the push; takes the updates "
    "unless --graph-store or --update is given.",
)
@click.option(
    "--graph-store",
    metavar="URL",
    help="Graph Store Protocol URL: replace each document graph with one PUT.",
)
@click.option("--update", "update_url", metavar="URL", help="SPARQL Update URL, if not --endpoint.")
@click.option(
    "--user",
    help="User for HTTP Basic or Digest authentication; the password comes from "
    "$GRAPHKIT_PUSH_PASSWORD or a prompt.",
)
@click.option(
    "--token",
    envvar="GRAPHKIT_PUSH_TOKEN",
    help="Bearer token, e.g. QLever's access token [env: GRAPHKIT_PUSH_TOKEN].",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Most triples per SPARQL Update request (a document graph is never split).",
)
@click.option("--no-verify", is_flag=True, help="Do not count the pushed triples on the target.")
@library_errors
def push_cmd(
    store: Path,
    endpoint: str,
    graph_store: str | None,
    update_url: str | None,
    user: str | None,
    token: str | None,
    batch_size: int,
    no_verify: bool,
) -> None:
    """Load the graph into another triple store, one named graph per document.

    Pushing again replaces each document's graph on the target.
    """
    from graphkit.push import push

    password = None
    if user:
        password = os.environ.get("GRAPHKIT_PUSH_PASSWORD")
        if password is None:
            password = click.prompt(f"password for {user}", hide_input=True)
    report = push(
        store,
        endpoint,
        graph_store=graph_store,
        update=update_url,
        user=user,
        password=password,
        token=token,
        batch_size=batch_size,
        verify=not no_verify,
    )
    checked = ", counts checked on the target" if report.verified else ""
    click.echo(
        f"pushed {report.graphs} graphs ({report.triples} triples) by {report.method} in "
        f"{report.requests} requests, {report.seconds:.1f} s{checked}"
    )
    if report.default_triples:
        echo_err(f"note: {report.default_triples} triples in the default graph were not pushed")
