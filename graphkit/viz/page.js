/* graphkit network page: search, filters, legend and details over vis-network.
 * Every text from the graph reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var ROLE_NAMES = { lead: "牵头 lead", cooperate: "配合 cooperate", responsible: "负责 responsible", "": "tie" };
  var ROLE_SHORT = { lead: "牵头", cooperate: "配合", responsible: "负责" };
  var MEASURES = data.measures || [];
  var T2S = data.t2s || {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  var T2S_RE = Object.keys(T2S).length ? new RegExp("[" + Object.keys(T2S).join("") + "]", "g") : null;
  function toSimplified(c) { return T2S[c]; }
  /* search form: NFKC, lower case, no spaces, Traditional characters as Simplified */
  function norm(s) {
    s = String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
    return T2S_RE ? s.replace(T2S_RE, toSimplified) : s;
  }
  function words(q) {
    return String(q || "").split(/[\s,，、]+/).map(norm).filter(Boolean);
  }

  /* measures ------------------------------------------------------------ */
  function measureLine(mi) {
    var m = MEASURES[mi];
    return ((m.n ? m.n + " " : "") + m.t).trim();
  }
  function measureBlock(mi, box, skip) {
    var m = MEASURES[mi];
    var head = el("div", null, "gk-m");
    if (m.n) head.appendChild(el("b", m.n + " "));
    head.appendChild(document.createTextNode(m.t.length > 160 ? m.t.slice(0, 159) + "…" : m.t));
    box.appendChild(head);
    var meta = [];
    if (m.d) meta.push("《" + m.d + "》");
    if (m.dl) meta.push("期限 " + m.dl);
    var others = m.a.filter(function (a) { return a[1] !== skip; });
    if (others.length) {
      meta.push(others.slice(0, 6).map(function (a) {
        return (ROLE_SHORT[a[0]] || a[0]) + " " + a[1];
      }).join("；") + (others.length > 6 ? "；… +" + (others.length - 6) : ""));
    }
    if (meta.length) box.appendChild(el("div", meta.join(" · "), "gk-m-meta"));
    return box;
  }
  function measureList(ms, box, skip, limit) {
    var ul = el("ul", null, "gk-mlist");
    ms.slice(0, limit).forEach(function (mi) {
      var li = measureBlock(mi, el("li"), skip);
      li.dataset.measure = String(mi);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (ms.length > limit) box.appendChild(el("p", "… and " + (ms.length - limit) + " more", "gk-hint"));
  }

  function describe(n, box, limit) {
    if (n.kind === "measure" && n.ms.length) {
      var m = MEASURES[n.ms[0]];
      box.appendChild(el("strong", measureLine(n.ms[0])));
    } else {
      box.appendChild(el("strong", n.name));
    }
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
    if (n.kind === "measure" && n.ms.length) {
      m = MEASURES[n.ms[0]];
      if (m.dl) box.appendChild(el("div", "期限 deadline: " + m.dl, "gk-m-meta"));
    } else if (n.ms.length) {
      box.appendChild(el("div", "措施 measures (" + n.ms.length + ")", "gk-sub"));
      measureList(n.ms, box, n.name, limit || 3);
    }
    if (n.examples.length) {
      var ul = el("ul");
      n.examples.forEach(function (t) { ul.appendChild(el("li", t)); });
      box.appendChild(ul);
    }
    return box;
  }
  function edgeTip(e) {
    var box = el("div", null, "gk-tip");
    var a = data.nodes[e.vis.from].name, b = data.nodes[e.vis.to].name;
    box.appendChild(el("strong", a + (data.meta.directed ? " → " : " — ") + b));
    if (e.info) box.appendChild(el("div", e.info, "gk-m-meta"));
    if (e.ms.length) {
      box.appendChild(el("div", "共同措施 shared measures (" + e.ms.length + ")", "gk-sub"));
      measureList(e.ms, box, null, 6);
    }
    return box;
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
    v.title = edgeTip(e);
    return v;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  /* filters ------------------------------------------------------------- */
  var state = { region: "", type: "", topic: "", roles: {} };
  var TOPIC_INDEX = {};
  (data.meta.topics || []).forEach(function (t, i) { TOPIC_INDEX[t[0]] = i; });
  data.meta.roles.forEach(function (r) { state.roles[r] = true; });
  var shownNodes = null, shownEdges = null, dimmed = new Set();   /* null: everything */

  function inRegion(n) {
    return !state.region || n.regions.indexOf(state.region) >= 0;
  }
  /* a topic keeps its measures and the agencies with a role in them; an edge that names
   * its shared measures stays when one of them is of the topic */
  function onTopic(n, t) { return t < 0 || n.tp.indexOf(t) >= 0; }
  function edgeOnTopic(e, t) {
    return t < 0 || !e.ms.length || e.ms.some(function (mi) { return MEASURES[mi].tp.indexOf(t) >= 0; });
  }
  function applyFilters() {
    var topic = state.topic && TOPIC_INDEX[state.topic] !== undefined ? TOPIC_INDEX[state.topic] : -1;
    var everything = !state.region && !state.type && topic < 0 &&
      data.meta.roles.every(function (r) { return state.roles[r]; });
    var before = dimmed;
    dimmed = new Set();
    if (everything) {
      shownNodes = shownEdges = null;
    } else {
      shownNodes = new Set();
      shownEdges = new Set();
      var pass = data.nodes.map(function (n) {
        return inRegion(n) && onTopic(n, topic);
      });
      var kept = data.nodes.map(function (n, i) {
        return pass[i] && (!state.type || n.kind === "measure" || n.type === state.type);
      });
      data.edges.forEach(function (e, i) {
        var a = e.vis.from, b = e.vis.to;
        if (!state.roles[e.role] || !pass[a] || !pass[b] || !edgeOnTopic(e, topic)) return;
        if (!kept[a] && !kept[b]) return;
        if (state.type && data.nodes[a].kind === "measure" && !kept[b]) return;
        if (state.type && data.nodes[b].kind === "measure" && !kept[a]) return;
        shownEdges.add(i);
        shownNodes.add(a);
        shownNodes.add(b);
        /* a type filter keeps the partners of what it keeps, dimmed */
        if (!kept[a] || (state.type && byId[a].kind !== "measure" && byId[a].type !== state.type)) dimmed.add(a);
        if (!kept[b] || (state.type && byId[b].kind !== "measure" && byId[b].type !== state.type)) dimmed.add(b);
      });
      data.nodes.forEach(function (n, i) {
        if (kept[i] && n.kind !== "measure") shownNodes.add(i);
      });
    }
    var changes = [];
    before.forEach(function (i) { if (!dimmed.has(i)) changes.push({ id: i, opacity: 1 }); });
    dimmed.forEach(function (i) { if (!before.has(i)) changes.push({ id: i, opacity: data.meta.dimmed }); });
    if (changes.length) nodes.update(changes);
    nodeView.refresh();
    edgeView.refresh();
    counts();
    legendCounts();
    network.fit({ animation: false });
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

  var regionSelect = document.getElementById("gk-region");
  data.meta.regions.forEach(function (r) {
    var o = el("option", "\u3000".repeat(r[1]) + r[0] + " (" + r[2] + ")");
    o.value = r[0];
    regionSelect.appendChild(o);
  });
  regionSelect.addEventListener("change", function () { state.region = regionSelect.value; applyFilters(); });
  var typeSelect = document.getElementById("gk-type");
  data.meta.types.forEach(function (v) {
    var o = el("option", v[0] + " (" + v[1] + ")");
    o.value = v[0];
    typeSelect.appendChild(o);
  });
  typeSelect.addEventListener("change", function () { state.type = typeSelect.value; applyFilters(); });
  var topicSelect = document.getElementById("gk-topic");
  (data.meta.topics || []).forEach(function (t) {
    var o = el("option", t[1] + " (" + t[2] + ")");
    o.value = t[0];
    topicSelect.appendChild(o);
  });
  if (!(data.meta.topics || []).length) document.getElementById("gk-topic-box").style.display = "none";
  topicSelect.addEventListener("change", function () { state.topic = topicSelect.value; applyFilters(); });
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
  var legendRows = [];
  legend.appendChild(el("h2", data.meta.colorBy ? "colour: " + data.meta.colorBy : "colour"));
  data.meta.legend.forEach(function (k) {
    var row = el("div", null, "gk-key");
    var sw = el("span", null, "gk-swatch" + (k.square ? " gk-square" : ""));
    sw.style.background = k.color;
    row.appendChild(sw);
    row.appendChild(el("span", k.label));
    var count = el("span", " (" + k.count + ")", "gk-count");
    row.appendChild(count);
    row.dataset.label = k.label;
    legend.appendChild(row);
    legendRows.push({ keys: new Set(k.keys || [k.label]), total: k.count, count: count });
  });
  function legendCounts() {
    var tally = legendRows.map(function () { return 0; });
    data.nodes.forEach(function (n, i) {
      if (shownNodes !== null && (!shownNodes.has(i) || dimmed.has(i))) return;
      for (var k = 0; k < legendRows.length; k++) {
        if (legendRows[k].keys.has(n.cat)) { tally[k]++; break; }
      }
    });
    legendRows.forEach(function (row, k) {
      row.count.textContent = shownNodes === null ? " (" + row.total + ")" : " (" + tally[k] + " of " + row.total + ")";
    });
  }
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
    var n = byId[i];
    describe(n, details, 30);
    var partners = network.getConnectedNodes(i);
    if (partners.length) {
      details.appendChild(el("h2", "connected (" + partners.length + ")"));
      var measures = partners.filter(function (j) { return byId[j].kind === "measure" && byId[j].ms.length; });
      var others = partners.filter(function (j) { return !(byId[j].kind === "measure" && byId[j].ms.length); });
      if (others.length) {
        var ul = el("ul");
        others.slice(0, 40).forEach(function (j) { ul.appendChild(el("li", byId[j].name)); });
        details.appendChild(ul);
      }
      if (measures.length) {
        measureList(measures.map(function (j) { return byId[j].ms[0]; }), details, n.name, 40);
      }
    }
  }
  function showMeasure(mi) {
    details.textContent = "";
    details.appendChild(el("h2", "措施 measure"));
    details.appendChild(el("strong", measureLine(mi)));
    var m = MEASURES[mi];
    var table = el("table");
    [["文件 document", m.d], ["期限 deadline", m.dl], ["地区 region", m.r], ["年份 year", m.y]].forEach(function (kv) {
      if (!kv[1]) return;
      var tr = el("tr");
      tr.appendChild(el("th", kv[0]));
      tr.appendChild(el("td", kv[1]));
      table.appendChild(tr);
    });
    details.appendChild(table);
    var ul = el("ul");
    m.a.forEach(function (a) { ul.appendChild(el("li", (ROLE_NAMES[a[0]] || a[0]) + ": " + a[1])); });
    details.appendChild(ul);
  }
  network.on("click", function (p) { if (p.nodes.length) showDetails(p.nodes[0]); });

  /* search -------------------------------------------------------------- */
  var nodeKeys = data.nodes.map(function (n) {
    return { name: norm(n.name), alt: n.alt.map(norm), regions: n.regions.map(norm),
             type: norm(n.type) };
  });
  var measureKeys = MEASURES.map(function (m) { return norm((m.n || "") + " " + m.t + " " + m.d); });

  function scoreNode(i, ws) {
    var k = nodeKeys[i], total = 0;
    for (var w = 0; w < ws.length; w++) {
      var word = ws[w], best = 99;
      if (k.name === word || k.alt.indexOf(word) >= 0) best = 0;
      else if (k.name.indexOf(word) === 0) best = 1;
      else if (k.name.indexOf(word) > 0) best = 2;
      else if (k.alt.some(function (a) { return a.indexOf(word) >= 0; })) best = 2;
      else if (k.regions.some(function (r) { return r.indexOf(word) >= 0; })) best = 3;
      else if (k.type && k.type.indexOf(word) >= 0) best = 4;
      if (best === 99) return -1;
      total += best;
    }
    return total;
  }
  /* hits: [score, tie, kind, index], best first; kind 0 a node, 1 a measure */
  function searchItems(query) {
    var ws = words(query);
    if (!ws.length) return [];
    var whole = ws.join("");
    var hits = [];
    data.nodes.forEach(function (n, i) {
      if (n.kind === "measure") return;
      var s = scoreNode(i, ws);
      if (s < 0) return;
      if (nodeKeys[i].name === whole || nodeKeys[i].alt.indexOf(whole) >= 0) s -= 1;
      if (state.region && inRegion(n)) s -= 0.5;
      hits.push([s, n.name.length, 0, i]);
    });
    MEASURES.forEach(function (m, i) {
      var key = measureKeys[i];
      for (var w = 0; w < ws.length; w++) if (key.indexOf(ws[w]) < 0) return;
      var s = 10 + (key.indexOf(whole) >= 0 ? 0 : 1);
      if (state.region && m.node >= 0 && inRegion(byId[m.node])) s -= 0.5;
      hits.push([s, i, 1, i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[2] - b[2] || a[1] - b[1] || a[3] - b[3]; });
    return hits.slice(0, 40);
  }
  function revealFor(ids) {
    if (shownNodes === null) return;
    if (ids.some(function (i) { return !shownNodes.has(i); })) document.getElementById("gk-reset").click();
  }
  function select(i) {
    revealFor([i]);
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(i);
    results.textContent = "";
  }
  function selectMeasure(mi) {
    var m = MEASURES[mi];
    if (m.node >= 0) { select(m.node); return; }
    var ids = m.a.map(function (a) { return a[2]; }).filter(function (j) { return j >= 0; });
    revealFor(ids);
    if (ids.length) {
      network.selectNodes(ids);
      network.fit({ nodes: ids, animation: false });
    }
    showMeasure(mi);
    results.textContent = "";
  }
  function choose(hit) {
    if (hit[2] === 0) select(hit[3]); else selectMeasure(hit[3]);
  }

  var input = document.getElementById("gk-search");
  var results = document.getElementById("gk-results");
  var current = [], active = 0;
  function mark() {
    Array.prototype.forEach.call(results.children, function (li, k) {
      li.className = k === active ? "gk-active" : "";
      li.setAttribute("aria-selected", k === active ? "true" : "false");
      if (k === active && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    });
  }
  function render() {
    results.textContent = "";
    current = searchItems(input.value);
    active = 0;
    current.forEach(function (h) {
      var li;
      if (h[2] === 0) {
        var n = byId[h[3]];
        li = el("li", n.name);
        if (n.region) li.appendChild(el("small", n.region));
      } else {
        var m = MEASURES[h[3]];
        li = el("li", measureLine(h[3]).slice(0, 40), "gk-hit-m");
        li.appendChild(el("small", [m.d, m.dl].filter(Boolean).join(" · ").slice(0, 40)));
        li.dataset.measure = String(h[3]);
      }
      li.setAttribute("role", "option");
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(h); });
      results.appendChild(li);
    });
    mark();
  }
  input.addEventListener("input", render);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) render();
      if (!current.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      mark();
    } else if (ev.key === "Enter") {
      var hits = current.length ? current : searchItems(input.value);
      if (hits[active] !== undefined) choose(hits[active]);
    } else if (ev.key === "Escape") {
      results.textContent = "";
      current = [];
    }
  });
  input.addEventListener("blur", function () { results.textContent = ""; current = []; });

  document.getElementById("gk-reset").addEventListener("click", function () {
    state.region = state.type = state.topic = "";
    regionSelect.value = "";
    typeSelect.value = "";
    topicSelect.value = "";
    rolesBox.querySelectorAll("input").forEach(function (b) { b.checked = true; state.roles[b.value] = true; });
    applyFilters();
  });

  document.getElementById("gk-title").textContent = data.meta.title;
  counts();

  var api = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    stats: { nodes: data.nodes.length, edges: data.edges.length },
    search: function (q) {
      return searchItems(q).map(function (h) { return h[2] === 0 ? byId[h[3]].name : measureLine(h[3]); });
    },
    searchItems: searchItems,
    select: select,
    selectMeasure: selectMeasure,
    dimmed: function () { return Array.from(dimmed); },
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
  /* page.html#topic=ID opens filtered to that topic */
  var wantedTopic = /^#topic=(.+)$/.exec(window.location.hash);
  if (wantedTopic && TOPIC_INDEX[decodeURIComponent(wantedTopic[1])] !== undefined) {
    state.topic = topicSelect.value = decodeURIComponent(wantedTopic[1]);
    applyFilters();
  }
  /* page.html#select=NAME selects that agency (the ledger links here) */
  var wanted = /^#select=(.+)$/.exec(window.location.hash);
  if (wanted) {
    var name = decodeURIComponent(wanted[1]);
    var at = data.nodes.findIndex(function (n) { return n.name === name; });
    if (at >= 0) select(at);
  }
})();
