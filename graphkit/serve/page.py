"""graphkit's query page: YASGUI, served by the endpoint itself, with nothing fetched from outside.

The page loads YASGUI's script and style from the endpoint (Oxigraph ships
them), predeclares graphkit's prefixes in a new tab, opens one tab per
cookbook query (``graphkit query --list``), and sends queries to ``/query``
only. YASGUI's prefix and vocabulary autocompleters, which fetch prefix.cc and
LOV, are switched off; so is its tab memory (each visit starts from the
cookbook). The page's Content-Security-Policy lets it reach its own server only.

Examples
--------
>>> page = query_page()
>>> "<title>graphkit SPARQL endpoint</title>" in page, "prefix.cc" in page
(True, False)
"""

from __future__ import annotations

import functools
import json

__all__ = ["CSP", "query_page"]

#: Sent with the page: scripts, styles and requests of this server only.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self' data:; frame-src 'none'; object-src 'none'; base-uri 'none'"
)

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>graphkit SPARQL endpoint</title>
<link href="/yasgui.min.css" rel="stylesheet" type="text/css">
<script src="/yasgui.min.js"></script>
<style>
body { font-family: sans-serif; margin: 0 1em; }
header { display: flex; align-items: baseline; gap: 1em; }
header h1 { font-size: 1.2em; }
header p { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<header><h1>graphkit SPARQL endpoint</h1>
<p>read-only · queries at <code>/query</code> · the default graph is the union of the documents</p></header>
<div id="yasgui"></div>
<script>
"use strict";
const TABS = __TABS__;
const PREFIXES = __PREFIXES__;
const endpoint = new URL("/query", window.location.href).href;
// No outside requests: the autocompleters that fetch prefixes and vocabularies are off.
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
Yasgui.Yasqe.defaults.value = PREFIXES + "\\nSELECT ?name WHERE {\\n  ?a a gk:Agency ; skos:prefLabel ?name .\\n} LIMIT 10\\n";
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: true,
  persistenceId: null,
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
});
const first = yasgui.getTab();
for (const [name, query] of TABS) {
  yasgui.addTab(false, { name: name, yasqe: { value: query }, requestConfig: { endpoint: endpoint } });
}
if (TABS.length) {
  const ids = Object.keys(yasgui._tabs);
  yasgui.selectTabId(ids[1] || ids[0]);
  if (first && ids.length > TABS.length) yasgui.getTab(ids[0]).setName("query");
}
window.graphkitYasgui = yasgui;
</script>
</body>
</html>
"""


@functools.cache
def query_page() -> str:
    """The HTML of the query page (the same on every call)."""
    from graphkit.store import cookbook
    from graphkit.store.sparql import PREFIXES

    prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
    tabs = list(cookbook().items())

    def script_json(value: object) -> str:
        return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")

    return _PAGE.replace("__TABS__", script_json(tabs)).replace(
        "__PREFIXES__", script_json(prefixes)
    )
