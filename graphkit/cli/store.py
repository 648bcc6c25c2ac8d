"""``graphkit build``, ``query``, ``validate``, ``export`` and ``push``: the knowledge graph."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import (
    allow_service_option,
    executor_options,
    hints_option,
    jobs_option,
    library_errors,
    max_size_option,
    ocr_option,
    output_option,
    paths_argument,
    store_option,
    strict_option,
)
from graphkit.cli.output import echo_err, progress_reporter
from graphkit.cli.runs import Run, corpus_paths, extract_all, file_size, progress


@click.command("build")
@paths_argument
@store_option
@click.option(
    "--update", is_flag=True, help="Replace only the documents of PATHS in the existing store."
)
@click.option(
    "--full",
    is_flag=True,
    help="Extract every file again, even those whose checksum has not changed.",
)
@click.option(
    "--base",
    metavar="IRI",
    help="Base of instance IRIs [default: $GRAPHKIT_BASE or https://w3id.org/graphkit/id/].",
)
@jobs_option
@executor_options
@strict_option
@max_size_option
@ocr_option
@library_errors
@hints_option
def build_command(
    paths: tuple[Path, ...],
    store: Path,
    update: bool,
    full: bool,
    base: str | None,
    jobs: int,
    executor: str,
    scheduler: str | None,
    strict: bool,
    max_file_size: float,
    ocr: bool,
    hints: Any = None,
) -> None:
    """Extract PATHS (default: data/corpus) and load them into the store.

    The store then holds exactly the documents of PATHS. A build is
    incremental: files whose checksum is unchanged since the last build are
    not extracted again, a changed file replaces only its own graphs, and
    files no longer given lose theirs. A new store is written beside the old
    one and swapped in only when complete; an interrupted build leaves the
    old store as it was. Files that cannot be read are skipped with a
    message; so are folders, symlinks that loop or point nowhere, and FIFOs,
    and files last built from under a folder that cannot be read keep their
    graphs. The exit status is 1 when nothing could be built, or with
    --strict (and the store is then left as it was) when anything was
    skipped or had problems.

    \b
    Examples:
      graphkit build
      graphkit build --jobs 2 big_collection/ --store /data/kg
      graphkit build --executor dask --scheduler tcp://head:8786 /shared/docs/
      graphkit build data/corpus/002_a353d1155dfef9ed.txt --store /tmp/kg
      graphkit build --update data/corpus/002_a353d1155dfef9ed.txt
    """
    from graphkit import store as kg
    from graphkit.extraction.sources import scan_sources
    from graphkit.namespace import IRIs

    max_bytes = int(max_file_size * 2**20)
    if update:
        run = Run()
        extracted = extract_all(
            paths, jobs, run, max_bytes=max_bytes, ocr=ocr, hints=hints, executor=executor,
            scheduler=scheduler,
        )
        summary = kg.update(store, extracted, iris=IRIs(base))
        echo_err(str(summary))
        run.finish(strict)
        return
    sources = scan_sources(corpus_paths(paths))
    files = sources.files
    for message in sources.problems:
        echo_err(f"not read: {message}")
    sizes = {str(f): file_size(f) for f in files}
    with progress(sum(sizes.values()), len(files), label="build") as bar:

        def report(r: Any) -> None:
            if r.status == "skipped":
                bar.write(f"skipped: {r.error}")
            for problem in r.problems:
                bar.write(f"{r.path}: {problem}")
            bar.advance(sizes.get(r.path, 0))

        summary = kg.build_files(
            store,
            sources,
            jobs=jobs,
            full=full,
            strict=strict,
            iris=IRIs(base),
            max_bytes=max_bytes,
            on_file=report,
            ocr=ocr,
            hints=hints,
            executor=executor,
            scheduler=scheduler,
        )
    echo_err(str(summary))
    if summary.skipped:
        echo_err(f"skipped {len(summary.skipped)} of {len(files)} files:")
        for message in summary.skipped:
            echo_err(f"  {message}")
    if summary.unreadable:
        echo_err(
            f"{len(summary.unreadable)} entries could not be read (listed above); "
            f"the graphs of {len(summary.kept)} file(s) under them are kept"
        )
    if summary.warned:
        echo_err(f"{len(summary.warned)} file(s) read with problems (listed above)")


@click.command("query")
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    metavar="FILE",
    help="Read the query from FILE, or run the cookbook query of that name (see --list).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output: a table, or the SPARQL 1.1 CSV, TSV or JSON results format.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME before running (repeatable): <IRI>, \"text\"@zh, \"2021-06-30\"^^xsd:date, "
    "or a plain name, which matches a label of that text in any language.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the cookbook's queries and exit.")
@allow_service_option
@store_option
@library_errors
def query_command(
    sparql: str | None,
    file: str | None,
    fmt: str,
    params: tuple[str, ...],
    list_queries: bool,
    allow_service: tuple[str, ...],
    store: Path,
) -> None:
    """Run a SPARQL query (argument, -f FILE, or standard input) on the store.

    The default graph is the union of all document graphs; the prefixes gk,
    org, cv, eli, skos, dct, prov, xsd, rdf, rdfs and owl need no declaration.
    Queries that name SERVICE, or nest too deep, are refused unrun.

    \b
    Examples:
      graphkit query 'SELECT ?name WHERE { ?a a gk:Agency ; skos:prefLabel ?name } LIMIT 5'
      graphkit query -f lead_agencies --format csv > lead.csv
      graphkit query -f region_measures -p region=拉萨市
      graphkit query 'SELECT ?a WHERE { ?a skos:prefLabel ?name }' -p name=拉萨市司法局
      echo 'ASK { ?m a gk:Measure }' | graphkit query --format json
    """
    from graphkit import store as kg

    if list_queries:
        for name, text in kg.cookbook().items():
            click.echo(f"{name:28s} {text.splitlines()[0].lstrip('# ')}")
        return
    text = _query_text(sparql, file)
    from dataclasses import replace

    from graphkit.store.guard import UNSIZED

    bindings = dict(_param(p) for p in params)
    limits = replace(UNSIZED, allow_service=frozenset(h.lower() for h in allow_service))
    results = kg.run(store, text, params=bindings, limits=limits, native=True)
    click.echo(kg.format_results(results, fmt), nl=False)


def _query_text(sparql: str | None, file: str | None) -> str:
    """The query from the argument, ``-f`` (a file or a cookbook name) or stdin."""
    from graphkit import store as kg

    if sparql and file:
        raise click.UsageError("give the query as an argument or with -f, not both")
    if file:
        if Path(file).is_file():
            return Path(file).read_text(encoding="utf-8")
        if file in kg.cookbook():
            return kg.cookbook_query(file)
        raise click.UsageError(f"no file or cookbook query {file!r} (graphkit query --list)")
    if sparql and sparql != "-":
        return sparql
    if sparql != "-" and sys.stdin.isatty():
        raise click.UsageError("give a query: as an argument, with -f FILE, or on standard input")
    return sys.stdin.buffer.read().decode("utf-8")


def _param(text: str) -> tuple[str, str]:
    """``-p NAME=VALUE`` as ``(NAME, VALUE)``; the value is split off at the first ``=``.

    Examples
    --------
    >>> _param("region=拉萨市")
    ('region', '拉萨市')
    >>> _param("q=a=b")
    ('q', 'a=b')
    >>> _param("region")
    Traceback (most recent call last):
    click.exceptions.BadParameter: 'region' is not NAME=VALUE
    """
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name, value


@click.command("validate")
@store_option
@click.option(
    "--show",
    default=20,
    show_default=True,
    metavar="N",
    help="Print at most N violations (0: all).",
)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes as SPARQL queries run by Oxigraph on the store; "
    "pyshacl: the same report, many times slower.",
)
@library_errors
def validate_command(store: Path, show: int, engine: str) -> None:
    """Check the store against the SHACL shapes; exit 1 when it has violations.

    \b
    Example:
      graphkit validate --store .graphkit/store --show 5
    """
    from graphkit import store as kg

    progress = progress_reporter()
    if progress:
        progress(f"checking {store} against the SHACL shapes ({engine})")
    report = kg.validate(store, engine=engine)  # type: ignore[arg-type]
    for v in report.violations[: show or None]:
        click.echo(str(v))
    if report.violations:
        click.echo(report.summary())
    n, w = len(report.violations), len(report.warnings)
    echo_err(f"{n} violations, {w} warnings in {report.triples} triples")
    if not report.conforms:
        sys.exit(1)


@click.command("export")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "jsonld", "csv"]),
    help="ttl, nt, nq, jsonld, or csv for the ledger (台账) [default: from -o's suffix, else ttl].",
)
@output_option("Write to FILE [default: standard output].")
@library_errors
def export_command(store: Path, fmt: str | None, output: Path | None) -> None:
    """Write the graph as Turtle, N-Triples, N-Quads, JSON-LD or a ledger CSV.

    \b
    Examples:
      graphkit export --format nq -o out/graph.nq
      graphkit export -o out/ledger.csv      # one row per measure
    """
    from graphkit import store as kg

    suffixes = {
        ".ttl": "ttl",
        ".nt": "nt",
        ".nq": "nq",
        ".jsonld": "jsonld",
        ".json": "jsonld",
        ".csv": "csv",
    }
    fmt = fmt or (suffixes.get(output.suffix.lower(), "ttl") if output else "ttl")
    progress = progress_reporter()
    if progress:
        progress(f"writing {store} as {fmt}")
    data = kg.export(store, fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    echo_err(f"wrote {len(data)} bytes to {output}")


@click.command("push")
@store_option
@click.option(
    "--endpoint",
    metavar="URL",
    help="SPARQL endpoint of the target store. Checks the push; takes the updates "
    "unless --graph-store or --update is given. Needed but with --virtuoso.",
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
@click.option(
    "--default-graph",
    is_flag=True,
    help="Also replace the target's default graph with the union of the document graphs "
    "(for a target that holds this graph alone).",
)
@click.option("--no-verify", is_flag=True, help="Do not count the pushed triples on the target.")
@click.option(
    "--virtuoso",
    metavar="HOST:PORT",
    help="Bulk-load into Virtuoso instead, through its SQL port (isql-vt, user dba unless "
    "--user): N-Quads files in --load-dir, then ld_dir and rdf_loader_run.",
)
@click.option(
    "--load-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --virtuoso: where to write the N-Quads files, a directory in the server's "
    "DirsAllowed.",
)
@click.option(
    "--server-dir",
    metavar="DIR",
    help="With --virtuoso: --load-dir as the server sees it, if it differs.",
)
@click.option(
    "--loaders",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="With --virtuoso: loader sessions run side by side (about one per server core).",
)
@library_errors
def push_cmd(
    store: Path,
    endpoint: str | None,
    graph_store: str | None,
    update_url: str | None,
    user: str | None,
    token: str | None,
    batch_size: int,
    default_graph: bool,
    no_verify: bool,
    virtuoso: str | None,
    load_dir: Path | None,
    server_dir: str | None,
    loaders: int,
) -> None:
    """Load the graph into another triple store, one named graph per document.

    Pushing again replaces each document's graph on the target; other graphs
    there are left alone.

    \b
    Example:
      graphkit push --graph-store http://localhost:3030/kg/data \\
                    --endpoint http://localhost:3030/kg/sparql
      graphkit push --virtuoso localhost:1111 --load-dir /var/lib/virtuoso/load
    """
    from graphkit.push import push

    if virtuoso:
        _push_virtuoso(store, virtuoso, load_dir, server_dir, user, loaders, not no_verify)
        return
    if not endpoint:
        raise click.UsageError("--endpoint is needed (or --virtuoso for a bulk load)")
    password = _password(user) if user else None
    report = push(
        store,
        endpoint,
        graph_store=graph_store,
        update=update_url,
        user=user,
        password=password,
        token=token,
        batch_size=batch_size,
        default_graph=default_graph,
        verify=not no_verify,
    )
    default = f" and the default graph ({report.default_triples})" if report.default_pushed else ""
    checked = ", counts checked on the target" if report.verified else ""
    click.echo(
        f"pushed {report.graphs} graphs ({report.triples} triples){default} by {report.method} "
        f"in {report.requests} requests, {report.seconds:.1f} s{checked}"
    )


def _push_virtuoso(
    store: Path,
    address: str,
    load_dir: Path | None,
    server_dir: str | None,
    user: str | None,
    loaders: int,
    verify: bool,
) -> None:
    """``graphkit push --virtuoso``: the bulk path."""
    from graphkit.virtuoso import push_virtuoso

    if load_dir is None:
        raise click.UsageError("--virtuoso needs --load-dir, a directory the server reads")
    user = user or "dba"
    password = _password(user)
    r = push_virtuoso(
        store,
        isql=address,
        load_dir=load_dir,
        server_dir=server_dir,
        user=user,
        password=password,
        loaders=loaders,
        verify=verify,
    )
    checked = ", counts checked on the server" if r.verified else ""
    click.echo(
        f"loaded {r.graphs} graphs ({r.triples} triples) into Virtuoso from {r.files} file(s) "
        f"of {r.bytes / 2**20:.1f} MiB: written in {r.seconds_write:.1f} s, loaded in "
        f"{r.seconds_load:.1f} s, checkpoint {r.seconds_checkpoint:.1f} s "
        f"({r.triples_per_second:,.0f} triples/s){checked}"
    )


def _password(user: str) -> str:
    """The password of ``user`` for ``push``: ``$GRAPHKIT_PUSH_PASSWORD``, or a prompt."""
    password = os.environ.get("GRAPHKIT_PUSH_PASSWORD")
    if password is None:
        password = click.prompt(f"password for {user}", hide_input=True)
    return password
