"""``graphkit serve``: the store as a read-only SPARQL endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphkit.cli.options import allow_service_option, library_errors, store_option
from graphkit.cli.output import echo_err


@click.command("serve")
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
@click.option(
    "--max-memory",
    type=click.IntRange(min=1024),
    default=4096,
    show_default=True,
    metavar="MIB",
    help="Address-space ceiling of the query process (an idle one takes about 500); "
    "a query crossing it gets 503.",
)
@allow_service_option
@click.option(
    "--log",
    "log_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the access log (method, path, status, ms) to FILE [default: stderr].",
)
@library_errors
def serve_cmd(
    store: Path,
    host: str,
    port: int,
    timeout: int,
    cors: bool,
    max_memory: int,
    allow_service: tuple[str, ...],
    log_file: Path | None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint until Ctrl-C.

    Queries by GET or POST at /query (SPARQL JSON, XML, CSV, TSV; Turtle,
    N-Triples), a query page at /, updates refused with 403. The default
    graph is the union of the document graphs, as for graphkit query.
    SERVICE, and queries nested too deep or too large, are refused with 400.
    SIGHUP reopens the store; SIGINT, SIGTERM and SIGQUIT stop the server.

    \b
    Example:
      graphkit serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode \\
           'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    import signal

    from graphkit.serve import is_loopback, start

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGQUIT, signal.default_int_handler)
    log = open(log_file, "a", encoding="utf-8") if log_file else sys.stderr
    endpoint = start(
        store,
        host=host,
        port=port,
        timeout=timeout,
        cors=cors,
        max_memory=max_memory * 2**20,
        allow_service=allow_service,
        access_log=log,
    )
    signal.signal(signal.SIGHUP, lambda *_: endpoint.reload())
    with endpoint:
        click.echo(f"SPARQL endpoint: {endpoint.query_url}")
        click.echo(f"query page:      {endpoint.url}")
        if not is_loopback(host):
            echo_err(f"warning: listening on {host}: other machines can query this endpoint")
        echo_err("read-only; Ctrl-C stops the server")
        try:
            endpoint.wait()
        except KeyboardInterrupt:
            echo_err("stopping")
