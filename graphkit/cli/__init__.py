"""The ``graphkit`` command line: a thin layer over the library.

Each command parses its options, calls the library and turns
:class:`graphkit.errors.GraphkitError` into a clear message and exit status.
This package is the only one that imports click; its modules follow the
commands' topics (:mod:`~graphkit.cli.extract`, :mod:`~graphkit.cli.store`,
:mod:`~graphkit.cli.serve`, :mod:`~graphkit.cli.analysis`,
:mod:`~graphkit.cli.view`), with the shared options in
:mod:`~graphkit.cli.options`. Command modules import the library inside the
command, so that ``graphkit --help`` and the everyday commands start light.
"""

from __future__ import annotations

import click

from graphkit import __version__
from graphkit.cli import analysis, extract, serve, store, view
from graphkit.cli.output import emit_table

__all__ = ["cli", "emit_table", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def cli() -> None:
    """graphkit: Chinese policy documents to a knowledge graph of agencies,
    measures and regions."""


for _command in (
    extract.extract,
    extract.evaluate,
    extract.agencies,
    store.build_command,
    store.query_command,
    store.validate_command,
    store.export_command,
    store.push_cmd,
    serve.serve_cmd,
    analysis.centrality,
    analysis.communities,
    analysis.compare,
    analysis.brokers,
    analysis.network,
    view.view,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="graphkit")
