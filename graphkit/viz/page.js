/* graphkit network page: search, filters, legend and details over vis-network.
 * Every text from the graph reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var ROLE_NAMES = { lead: "牵头 lead", cooperate: "配合 cooperate", responsible: "负责 responsible", "": "tie" };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) {
    return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function describe(n, box) {
    box.appendChild(el("strong", n.name));
    if (n.info.length) {
      var table = el("table");
      n.info.forEach(function (kv) {
        var tr = el("tr");
        tr.appendChild(el("th", kv[0]));
        tr.appendChild(el("td", kv[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (n.examples.length) {
      var ul = el("ul");
      n.examples.forEach(function (t) { ul.appendChild(el("li", t)); });
      box.appendChild(ul);
    }
    return box;
  }
  function edgeText(e) {
    var a = data.nodes[e.vis.from].name, b = data.nodes[e.vis.to].name;
    return a + (data.meta.directed ? " → " : " — ") + b + (e.info ? "\n" + e.info : "");
  }

  var byId = data.nodes;
  var visNodes = data.nodes.map(function (n) {
    var v = Object.assign({}, n.vis);
    v.title = describe(n, el("div", null, "gk-tip"));
    return v;
  });
  var visEdges = data.edges.map(function (e, i) {
    var v = Object.assign({}, e.vis);
    v.id = i;
    v.title = edgeText(e);
    return v;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  /* filters ------------------------------------------------------------- */
  var state = { region: "", type: "", roles: {} };
  data.meta.roles.forEach(function (r) { state.roles[r] = true; });
  var shownNodes = null, shownEdges = null;   /* null: everything */

  function applyFilters() {
    var everything = !state.region && !state.type &&
      data.meta.roles.every(function (r) { return state.roles[r]; });
    if (everything) {
      shownNodes = shownEdges = null;
    } else {
      shownNodes = new Set();
      shownEdges = new Set();
      var pass = data.nodes.map(function (n) {
        if (state.region && n.region !== state.region) return false;
        if (state.type && n.kind !== "measure" && n.type !== state.type) return false;
        return true;
      });
      data.edges.forEach(function (e, i) {
        if (state.roles[e.role] && pass[e.vis.from] && pass[e.vis.to]) {
          shownEdges.add(i);
          shownNodes.add(e.vis.from);
          shownNodes.add(e.vis.to);
        }
      });
      data.nodes.forEach(function (n, i) {
        if (pass[i] && n.kind !== "measure" && (!state.type || n.type === state.type)) {
          shownNodes.add(i);
        }
      });
    }
    nodeView.refresh();
    edgeView.refresh();
    counts();
  }
  var nodeView = new vis.DataView(nodes, {
    filter: function (item) { return shownNodes === null || shownNodes.has(item.id); }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (item) { return shownEdges === null || shownEdges.has(item.id); }
  });

  function counts() {
    var n = nodeView.length, m = edgeView.length;
    var text = data.nodes.length + " nodes · " + data.edges.length + " edges";
    if (n !== data.nodes.length || m !== data.edges.length) {
      text = n + " of " + data.nodes.length + " nodes · " + m + " of " + data.edges.length + " edges";
    }
    document.getElementById("gk-counts").textContent = text;
  }

  function fillSelect(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) {
      var o = el("option", v[0] + " (" + v[1] + ")");
      o.value = v[0];
      select.appendChild(o);
    });
    select.addEventListener("change", function () {
      state[id === "gk-region" ? "region" : "type"] = select.value;
      applyFilters();
    });
  }
  fillSelect("gk-region", data.meta.regions);
  fillSelect("gk-type", data.meta.types);
  var rolesBox = document.getElementById("gk-roles");
  data.meta.roles.forEach(function (r) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = r;
    box.addEventListener("change", function () { state.roles[r] = box.checked; applyFilters(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + (ROLE_NAMES[r] || r)));
    rolesBox.appendChild(label);
  });
  if (data.meta.roles.length < 2) rolesBox.style.display = "none";

  /* legend -------------------------------------------------------------- */
  var legend = document.getElementById("gk-legend");
  legend.appendChild(el("h2", data.meta.colorBy ? "colour: " + data.meta.colorBy : "colour"));
  data.meta.legend.forEach(function (k) {
    var row = el("div", null, "gk-key");
    var sw = el("span", null, "gk-swatch" + (k.square ? " gk-square" : ""));
    sw.style.background = k.color;
    row.appendChild(sw);
    row.appendChild(el("span", k.label + (k.count !== undefined ? " (" + k.count + ")" : "")));
    legend.appendChild(row);
  });
  if (data.meta.edgeLegend.length) {
    legend.appendChild(el("h2", "edges"));
    data.meta.edgeLegend.forEach(function (k) {
      var row = el("div", null, "gk-key");
      var line = el("span", null, "gk-line");
      line.style.borderTopStyle = k.style;
      line.style.borderTopColor = k.color;
      row.appendChild(line);
      row.appendChild(el("span", k.label));
      legend.appendChild(row);
    });
  }
  if (data.meta.sizeBy) legend.appendChild(el("p", "node size: " + data.meta.sizeBy, "gk-hint"));
  if (data.meta.widthBy) legend.appendChild(el("p", "edge width: " + data.meta.widthBy, "gk-hint"));

  /* network ------------------------------------------------------------- */
  var container = document.getElementById("gk-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var details = document.getElementById("gk-details");

  function showDetails(i) {
    details.textContent = "";
    details.appendChild(el("h2", "details"));
    describe(byId[i], details);
    var partners = network.getConnectedNodes(i);
    if (partners.length) {
      details.appendChild(el("h2", "connected (" + partners.length + ")"));
      var ul = el("ul");
      partners.slice(0, 40).forEach(function (j) { ul.appendChild(el("li", byId[j].name)); });
      details.appendChild(ul);
    }
  }
  network.on("click", function (p) { if (p.nodes.length) showDetails(p.nodes[0]); });

  /* search -------------------------------------------------------------- */
  var searchIndex = data.nodes.map(function (n) { return norm(n.search); });
  var input = document.getElementById("gk-search");
  var results = document.getElementById("gk-results");

  function search(query) {
    var q = norm(query);
    if (!q) return [];
    var hits = [];
    data.nodes.forEach(function (n, i) {
      if (n.kind === "measure") return;
      var at = searchIndex[i].indexOf(q);
      if (at >= 0) hits.push([norm(n.label) === q ? 0 : (at === 0 ? 1 : 2), n.name.length, i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 30).map(function (h) { return h[2]; });
  }
  function select(i) {
    if (shownNodes !== null && !shownNodes.has(i)) {   /* reveal what the filters hid */
      document.getElementById("gk-reset").click();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(i);
    results.textContent = "";
  }
  function render() {
    results.textContent = "";
    search(input.value).forEach(function (i, k) {
      var li = el("li", byId[i].label);
      li.setAttribute("role", "option");
      li.dataset.node = String(i);
      if (k === 0) li.className = "gk-active";
      if (byId[i].region) li.appendChild(el("small", byId[i].region));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); select(i); });
      results.appendChild(li);
    });
  }
  input.addEventListener("input", render);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = search(input.value)[0];
      if (first !== undefined) select(first);
    } else if (ev.key === "Escape") {
      results.textContent = "";
    }
  });
  input.addEventListener("blur", function () { results.textContent = ""; });

  document.getElementById("gk-reset").addEventListener("click", function () {
    state.region = state.type = "";
    document.getElementById("gk-region").value = "";
    document.getElementById("gk-type").value = "";
    rolesBox.querySelectorAll("input").forEach(function (b) { b.checked = true; state.roles[b.value] = true; });
    applyFilters();
    network.fit({ animation: false });
  });

  document.getElementById("gk-title").textContent = data.meta.title;
  counts();

  var api = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    stats: { nodes: data.nodes.length, edges: data.edges.length },
    search: function (q) { return search(q).map(function (i) { return byId[i].name; }); },
    select: select,
    readyMs: null
  };
  window.graphkit = api;
  network.once("afterDrawing", function () {
    api.readyMs = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
    });
  } else {
    network.fit({ animation: false });
  }
})();
