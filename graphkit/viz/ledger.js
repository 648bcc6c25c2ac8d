/* graphkit ledger page: sort, search and filter every measure, a page of rows at a time.
 * Every text reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var T2S = data.t2s || {};
  var ROWS = data.rows, DOCS = data.documents, AGENCIES = data.agencies, PATHS = data.regionPaths;
  var F = {}; data.meta.fields.forEach(function (f, i) { F[f] = i; });
  var PAGE = 100;
  var TOPICS = data.meta.topics || [];   /* [id, label, count] */
  var TOPIC_INDEX = {};
  TOPICS.forEach(function (t, i) { TOPIC_INDEX[t[0]] = i; });
  var COLUMNS = [
    ["document", "文件 document"], ["number", "编号 no."], ["text", "措施 measure"],
    ["lead", "牵头 lead"], ["cooperate", "配合 cooperate"], ["responsible", "负责 responsible"],
    ["deadline", "期限 deadline"], ["targets", "目标 targets"], ["region", "地区 region"],
    ["topics", "主题 topic"], ["source", "来源 source"]
  ];

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
  /* each word of a query in its search form, and as typed (lower case), since rows
   * are searched as written: the corpus is Simplified, and its punctuation full-width */
  function words(q) {
    return String(q || "").split(/[\s,，、]+/).filter(Boolean).map(function (w) {
      var forms = [norm(w), w.toLowerCase()];
      return forms[0] === forms[1] ? [forms[0]] : forms;
    });
  }
  function names(list) { return list.map(function (a) { return AGENCIES[a]; }); }
  function topicNames(list) { return list.map(function (t) { return TOPICS[t][1]; }); }

  /* search keys, made on the first search: the row's texts as written, lower case */
  var keys = null;
  var docKeys = DOCS.map(function (d) { return d.toLowerCase(); });
  var pathKeys = PATHS.map(function (p) { return p.join("\n"); });
  function keyOf(i) {
    if (!keys) keys = new Array(ROWS.length);
    var k = keys[i];
    if (k === undefined) {
      var r = ROWS[i];
      k = keys[i] = docKeys[r[F.document]] + "\n" + r[F.number] + "\n" + r[F.text].toLowerCase() +
        "\n" + names(r[F.lead]).join("\n") + "\n" + names(r[F.cooperate]).join("\n") + "\n" +
        names(r[F.responsible]).join("\n") + "\n" + r[F.deadline] + "\n" + r[F.targets] + "\n" +
        pathKeys[r[F.region]] + "\n" + topicNames(r[F.topics]).join("\n").toLowerCase();
    }
    return k;
  }
  function found(key, forms) {
    for (var f = 0; f < forms.length; f++) if (key.indexOf(forms[f]) >= 0) return true;
    return false;
  }

  /* sorting -------------------------------------------------------------- */
  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });
  function sortValue(r, col) {
    if (col === "document") return DOCS[r[F.document]];
    if (col === "lead" || col === "cooperate" || col === "responsible") return names(r[F[col]]).join("、");
    if (col === "region") return PATHS[r[F.region]].join("/");
    if (col === "topics") return topicNames(r[F.topics]).join("、");
    if (col === "source") return r[F.source];
    if (col === "deadline") return r[F.due_date] || (r[F.deadline] ? "9999 " + r[F.deadline] : "");
    return String(r[F[col]]);
  }
  var sortBy = null, sortDir = 1;
  var sourceOrder = ROWS.map(function (_, i) { return i; });
  var sorted = sourceOrder;
  function resort() {
    if (!sortBy) { sorted = sourceOrder; return; }
    var values = ROWS.map(function (r) { return sortValue(r, sortBy); });
    sorted = sourceOrder.slice().sort(function (a, b) {
      var va = values[a], vb = values[b];
      if (va === "" && vb !== "") return 1;        /* empty cells last, either way */
      if (vb === "" && va !== "") return -1;
      var c = collator.compare(va, vb);
      if (c === 0 && sortBy === "source") c = ROWS[a][F.line] - ROWS[b][F.line];
      return sortDir * c || a - b;
    });
  }

  /* filters -------------------------------------------------------------- */
  var state = { q: "", role: "", agency: "", region: "", year: "", month: "", topic: "" };
  var agencyIndex = {};
  AGENCIES.forEach(function (a, i) { agencyIndex[norm(a)] = i; });
  function matches(i) {
    var r = ROWS[i];
    if (state.region && PATHS[r[F.region]].indexOf(state.region) < 0) return false;
    if (state.year && String(r[F.year]) !== state.year) return false;
    if (state.topic && r[F.topics].indexOf(wantedTopic) < 0) return false;
    if (state.month === "none" && r[F.due_date]) return false;
    if (state.month && state.month !== "none" && r[F.due_date].slice(0, 7) !== state.month) return false;
    if (state.agency) {
      var a = wantedAgency, hit = false;
      for (var k = 0; k < wantedRoles.length && !hit; k++) {
        var list = r[F[wantedRoles[k]]];
        for (var j = 0; j < list.length && !hit; j++) {
          hit = a !== undefined ? list[j] === a : agencyKeys[list[j]].indexOf(wantedKey) >= 0;
        }
      }
      if (!hit) return false;
    } else if (state.role && !r[F[state.role]].length) {
      return false;
    }
    if (state.ws && state.ws.length) {
      var key = keyOf(i);
      for (var w = 0; w < state.ws.length; w++) if (!found(key, state.ws[w])) return false;
    }
    return true;
  }
  var agencyKeys = AGENCIES.map(norm);
  var wantedAgency, wantedKey, wantedRoles, wantedTopic;
  var shown = sorted, page = 0;
  function refilter() {
    state.ws = words(state.q);
    wantedKey = norm(state.agency);
    wantedAgency = agencyIndex[wantedKey];
    wantedRoles = state.role ? [state.role] : ["lead", "cooperate", "responsible"];
    wantedTopic = TOPIC_INDEX[state.topic] !== undefined ? TOPIC_INDEX[state.topic] : -1;
    var any = state.ws.length || state.role || state.agency || state.region || state.year ||
      state.month || state.topic;
    shown = any ? sorted.filter(matches) : sorted;
    page = 0;
    render();
  }

  /* rendering ------------------------------------------------------------ */
  var head = document.getElementById("gk-head");
  COLUMNS.forEach(function (c) {
    var th = el("th", c[1]);
    th.dataset.col = c[0];
    th.setAttribute("aria-sort", "none");
    th.addEventListener("click", function () {
      if (sortBy === c[0]) sortDir = -sortDir; else { sortBy = c[0]; sortDir = 1; }
      head.querySelectorAll("th").forEach(function (x) { x.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      resort();
      refilter();
    });
    head.appendChild(th);
  });
  var body = document.getElementById("gk-rows");
  function agencyCell(list) {
    var td = el("td");
    list.forEach(function (a) {
      var name = AGENCIES[a];
      var link = el(data.meta.graphPage ? "a" : "span", name);
      if (data.meta.graphPage) link.href = data.meta.graphPage + "#select=" + encodeURIComponent(name);
      td.appendChild(link);
    });
    return td;
  }
  function render() {
    body.textContent = "";
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (page >= pages) page = pages - 1;
    var from = page * PAGE, to = Math.min(shown.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) {
      var i = shown[k], r = ROWS[i];
      var tr = el("tr");
      tr.dataset.row = String(i);
      tr.appendChild(el("td", DOCS[r[F.document]]));
      tr.appendChild(el("td", r[F.number]));
      tr.appendChild(el("td", r[F.text], "gk-text"));
      tr.appendChild(agencyCell(r[F.lead]));
      tr.appendChild(agencyCell(r[F.cooperate]));
      tr.appendChild(agencyCell(r[F.responsible]));
      tr.appendChild(el("td", r[F.deadline] + (r[F.due_date] && r[F.due_date] !== r[F.deadline] ? " (" + r[F.due_date] + ")" : "")));
      tr.appendChild(el("td", r[F.targets]));
      tr.appendChild(el("td", PATHS[r[F.region]].slice(-1)[0] || ""));
      tr.appendChild(el("td", topicNames(r[F.topics]).join("、"), "gk-topics"));
      tr.appendChild(el("td", r[F.source] + (r[F.line] ? ":" + r[F.line] : ""), "gk-src"));
      frag.appendChild(tr);
    }
    body.appendChild(frag);
    document.getElementById("gk-counts").textContent = shown.length === ROWS.length
      ? ROWS.length + " measures" : shown.length + " of " + ROWS.length + " measures";
    document.getElementById("gk-page").textContent = shown.length
      ? (from + 1) + "–" + to + " of " + shown.length + " · page " + (page + 1) + " of " + pages
      : "no measure matches";
    document.getElementById("gk-prev").disabled = page === 0;
    document.getElementById("gk-next").disabled = page >= pages - 1;
  }
  document.getElementById("gk-prev").addEventListener("click", function () { page--; render(); });
  document.getElementById("gk-next").addEventListener("click", function () { page++; render(); });

  function fill(id, values, label) {
    var select = document.getElementById(id);
    values.forEach(function (v) {
      var o = el("option", label ? label(v) : v);
      o.value = Array.isArray(v) ? v[0] : String(v);
      select.appendChild(o);
    });
  }
  fill("gk-region", data.meta.regions, function (r) { return "\u3000".repeat(r[1]) + r[0] + " (" + r[2] + ")"; });
  fill("gk-year", data.meta.years);
  fill("gk-month", data.meta.months);
  fill("gk-topic", TOPICS, function (t) { return t[1] + " (" + t[2] + ")"; });
  if (!TOPICS.length) document.getElementById("gk-topic-box").style.display = "none";
  var list = document.getElementById("gk-agencies");
  AGENCIES.slice().sort(collator.compare).forEach(function (a) { var o = el("option"); o.value = a; list.appendChild(o); });

  var timer = null;
  function later(f) { clearTimeout(timer); timer = setTimeout(f, 120); }
  var search = document.getElementById("gk-search");
  search.addEventListener("input", function () { later(function () { state.q = search.value; refilter(); }); });
  var agency = document.getElementById("gk-agency");
  agency.addEventListener("input", function () { later(function () { state.agency = agency.value.trim(); refilter(); }); });
  [["gk-role", "role"], ["gk-region", "region"], ["gk-year", "year"], ["gk-month", "month"],
   ["gk-topic", "topic"]].forEach(function (p) {
    var s = document.getElementById(p[0]);
    s.addEventListener("change", function () { state[p[1]] = s.value; refilter(); });
  });
  document.getElementById("gk-reset").addEventListener("click", function () {
    ["gk-search", "gk-agency", "gk-role", "gk-region", "gk-year", "gk-month", "gk-topic"].forEach(function (id) {
      document.getElementById(id).value = "";
    });
    state = { q: "", role: "", agency: "", region: "", year: "", month: "", topic: "" };
    refilter();
  });

  document.getElementById("gk-title").textContent = data.meta.title;
  /* ledger.html#topic=ID opens with that topic's rows */
  var wantedHash = /^#topic=(.+)$/.exec(window.location.hash);
  var topicSelect = document.getElementById("gk-topic");
  if (wantedHash && TOPIC_INDEX[decodeURIComponent(wantedHash[1])] !== undefined) {
    state.topic = topicSelect.value = decodeURIComponent(wantedHash[1]);
    refilter();
  } else {
    render();
  }

  window.graphkit = {
    rows: ROWS.length,
    shown: function () { return shown.length; },
    visibleRows: function () {
      return Array.prototype.map.call(body.children, function (tr) { return Number(tr.dataset.row); });
    },
    filter: function (changes) {   /* set filters at once, as the controls do */
      Object.keys(changes).forEach(function (k) { state[k] = changes[k]; });
      refilter();
      return shown.length;
    },
    readyMs: performance.now()
  };
  document.body.setAttribute("data-ready", "1");
})();
