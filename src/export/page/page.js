// newsgraph's interactive page: the graph drawn by cytoscape.js, a search with suggestions,
// filters (type, relation, dates, minimum degree), and a panel that shows a node's statements
// and relations with their evidence. All data is in the page (#newsgraph-data); nothing is
// fetched. Text from the articles is only ever set with textContent, never parsed as HTML.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('newsgraph-data').textContent);
  var nodes = D.nodes, edges = D.edges, stmts = D.statements, docs = D.docs;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/['".\u2018\u2019\u201c\u201d]/g, '').replace(/[^0-9a-z\u00c0-\uffff]+/g, ' ').trim();
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // Indexes: per node, its edges out and in, the statements it said and those about it.
  var degree = nodes.map(function () { return 0; });
  var at = nodes.map(function () { return { out: [], inn: [], said: [], about: [] }; });
  edges.forEach(function (e, i) { degree[e.s]++; degree[e.t]++; at[e.s].out.push(i); at[e.t].inn.push(i); });
  stmts.forEach(function (s, i) {
    s.sp.forEach(function (n) { at[n].said.push(i); });
    s.ab.forEach(function (n) { at[n].about.push(i); });
  });
  var names = nodes.map(function (n) { return [fold(n.l)].concat((n.a || []).map(fold)); });

  // Header.
  var s = D.shown, t = D.total;
  $('summary').textContent = plural(s.entities, 'entity', 'entities') + ', ' + plural(s.edges, 'relation', 'relations') +
    ', ' + plural(s.statements, 'statement', 'statements') + ' from ' + plural(t.documents, 'document', 'documents') + '.';
  if (D.capped) {
    var parts = [];
    if (s.entities < t.entities) { parts.push('the ' + s.entities + ' most connected of ' + t.entities + ' entities'); }
    if (s.edges < t.edges) { parts.push(s.edges + ' of ' + t.edges + ' relations'); }
    if (s.statements < t.statements) { parts.push(s.statements + ' of ' + t.statements + ' statements'); }
    $('capped').hidden = false;
    $('capped').textContent = 'This page shows ' + parts.join(', ') + (s.entities < t.entities ? ', so that it stays fast' : '') +
      '. Statements are listed under their speakers and the entities they mention (those with neither are left out). ' +
      'Ask `newsgraph query` for the rest.';
  }

  // Filters.
  var types = {};
  nodes.forEach(function (n) { types[n.t] = (types[n.t] || 0) + 1; });
  Object.keys(types).sort().forEach(function (ty) {
    var label = el('label');
    var box = el('input');
    box.type = 'checkbox'; box.checked = true; box.value = ty; box.className = 'type';
    var sw = el('span', 'swatch');
    sw.style.background = D.colors[ty] || '#999';
    label.appendChild(box); label.appendChild(sw); label.appendChild(document.createTextNode(ty + ' (' + types[ty] + ')'));
    $('types').appendChild(label);
  });
  var relations = {};
  edges.forEach(function (e) { relations[e.r] = (relations[e.r] || 0) + 1; });
  Object.keys(relations).sort().forEach(function (r) {
    var o = el('option', null, r + ' (' + relations[r] + ')');
    o.value = r;
    $('relation').appendChild(o);
  });
  var maxDegree = degree.reduce(function (a, b) { return Math.max(a, b); }, 0);
  $('degree').max = String(Math.min(Math.max(maxDegree, 1), 50));

  // The graph.
  var big = nodes.length > 400;
  var elements = nodes.map(function (n, i) {
    return { group: 'nodes', data: { id: 'n' + i, idx: i, label: n.l, color: D.colors[n.t] || '#999',
      size: Math.round(12 + 5 * Math.sqrt(Math.min(n.m, 400))) } };
  }).concat(edges.map(function (e, i) {
    return { group: 'edges', classes: (e.neg || e.rep) ? 'dashed' : '',
      data: { id: 'e' + i, idx: i, source: 'n' + e.s, target: 'n' + e.t, label: (e.neg ? 'not ' : '') + e.r + (e.n > 1 ? ' \u00d7' + e.n : ''),
        width: 1 + Math.log(Math.min(e.n, 64)) / Math.LN2 * 0.6 } };
  }));
  var cy = cytoscape({
    container: $('graph'),
    elements: elements,
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: 'node', style: { 'background-color': 'data(color)', 'label': 'data(label)', 'width': 'data(size)', 'height': 'data(size)',
        'font-size': 10, 'min-zoomed-font-size': 7, 'text-valign': 'bottom', 'text-margin-y': 2, 'color': '#222',
        'text-outline-color': '#fff', 'text-outline-width': 1.5, 'border-width': 1, 'border-color': '#00000055' } },
      { selector: 'edge', style: { 'width': 'data(width)', 'line-color': '#b5b5b5', 'target-arrow-color': '#b5b5b5',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.7, 'curve-style': 'bezier', 'label': 'data(label)', 'font-size': 8,
        'min-zoomed-font-size': 10, 'color': '#555', 'text-rotation': 'autorotate', 'text-background-color': '#fff',
        'text-background-opacity': 0.7, 'text-background-padding': 1 } },
      { selector: 'edge.dashed', style: { 'line-style': 'dashed' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#d62728' } },
      { selector: 'edge.near', style: { 'line-color': '#d62728', 'target-arrow-color': '#d62728', 'min-zoomed-font-size': 4 } },
      { selector: '.hidden', style: { 'display': 'none' } }
    ]
  });

  function dates(list) {
    var since = $('since').value, until = $('until').value;
    if (!since && !until) { return true; }
    return list.some(function (d) { return d && d.length === 10 && (!since || d >= since) && (!until || d <= until); });
  }
  function stmtShown(i) { return dates([stmts[i].dt]); }

  function applyFilters() {
    var allowed = {};
    Array.prototype.forEach.call(document.querySelectorAll('input.type'), function (b) { allowed[b.value] = b.checked; });
    var rel = $('relation').value, minDeg = Number($('degree').value);
    var dated = $('since').value || $('until').value;
    $('degree-value').textContent = String(minDeg);
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var i = n.data('idx');
        n.toggleClass('hidden', !(allowed[nodes[i].t] && degree[i] >= minDeg));
      });
      cy.edges().forEach(function (e) {
        var x = edges[e.data('idx')];
        var ok = (!rel || x.r === rel) && dates(x.dt) && !e.source().hasClass('hidden') && !e.target().hasClass('hidden');
        e.toggleClass('hidden', !ok);
      });
      if (rel || dated) {
        // Only what the relation or the dates keep: nodes without a visible edge or a statement in range go.
        cy.nodes().forEach(function (n) {
          if (n.hasClass('hidden')) { return; }
          var i = n.data('idx');
          var statements = !rel && at[i].said.concat(at[i].about).some(stmtShown);
          if (!statements && n.connectedEdges().filter(function (e) { return !e.hasClass('hidden'); }).length === 0) {
            n.addClass('hidden');
          }
        });
      }
    });
    var vn = cy.nodes().filter(function (n) { return !n.hasClass('hidden'); }).length;
    var ve = cy.edges().filter(function (e) { return !e.hasClass('hidden'); }).length;
    $('visible').textContent = 'Showing ' + plural(vn, 'node', 'nodes') + ' and ' + plural(ve, 'edge', 'edges') + '.';
  }
  ['relation', 'since', 'until', 'degree'].forEach(function (id) { $(id).addEventListener('input', applyFilters); });
  $('types').addEventListener('change', applyFilters);
  $('reset').addEventListener('click', function () {
    Array.prototype.forEach.call(document.querySelectorAll('input.type'), function (b) { b.checked = true; });
    $('relation').value = ''; $('since').value = ''; $('until').value = ''; $('degree').value = '0';
    applyFilters();
    cy.fit(undefined, 20);
  });

  // The details panel.
  function docLine(d, date) {
    var doc = docs[d] || {};
    var parts = [doc.id || ''];
    if (date || doc.date) { parts.push(date || doc.date); }
    if (doc.title) { parts.push(doc.title); }
    return el('div', 'doc', parts.join(' \u00b7 '));
  }
  function link(i) {
    var a = el('a', 'node', nodes[i].l);
    a.href = '#'; a.title = nodes[i].t;
    a.addEventListener('click', function (ev) { ev.preventDefault(); select(i); });
    return a;
  }
  function statementItem(i, showSpeaker) {
    var st = stmts[i];
    var li = el('li');
    var head = el('div');
    if (showSpeaker) {
      if (st.sp.length) { st.sp.forEach(function (n, k) { if (k) { head.appendChild(document.createTextNode(', ')); } head.appendChild(link(n)); }); }
      else { head.appendChild(el('span', 'meta', st.src || 'unresolved speaker')); }
      head.appendChild(document.createTextNode(' '));
    }
    head.appendChild(el('span', 'meta', (st.c || 'said') + ': '));
    head.appendChild(el('span', 'quote', st.q ? '\u201c' + st.x + '\u201d' : st.x));
    li.appendChild(head);
    if (st.ev && st.ev !== st.x) { li.appendChild(el('div', 'ev', st.ev)); }
    li.appendChild(docLine(st.d, st.dt));
    return li;
  }
  function section(box, title, items, make) {
    box.appendChild(el('h3', null, title + ' (' + items.length + ')'));
    var ul = el('ul');
    items.slice(0, 200).forEach(function (x) { ul.appendChild(make(x)); });
    if (items.length > 200) { ul.appendChild(el('li', 'meta', '\u2026 and ' + (items.length - 200) + ' more')); }
    box.appendChild(ul);
  }
  function show(i) {
    var n = nodes[i], box = $('details');
    box.textContent = '';
    box.appendChild(el('h2', null, n.l));
    box.appendChild(el('div', 'meta', n.t + ' \u00b7 ' + plural(n.m, 'mention', 'mentions') + ' \u00b7 ' + plural(n.d, 'document', 'documents')));
    if (n.a && n.a.length) { box.appendChild(el('div', 'meta', 'also: ' + n.a.slice(0, 8).join(' | ') + (n.a.length > 8 ? ' …' : ''))); }
    var said = at[i].said.filter(stmtShown);
    var about = at[i].about.filter(function (k) { return stmtShown(k) && stmts[k].sp.indexOf(i) < 0; });
    section(box, 'Statements by ' + n.l, said, function (k) { return statementItem(k, false); });
    section(box, 'Statements about ' + n.l, about, function (k) { return statementItem(k, true); });
    var rels = at[i].out.concat(at[i].inn).filter(function (k) { return dates(edges[k].dt); });
    section(box, 'Relations', rels, function (k) {
      var e = edges[k], li = el('li'), head = el('div');
      var word = (e.neg ? 'not ' : '') + e.r + (e.n > 1 ? ' \u00d7' + e.n : '');
      head.appendChild(e.s === i ? el('span', null, n.l) : link(e.s));
      head.appendChild(el('span', 'meta', ' \u2013' + word + '\u2192 '));
      head.appendChild(e.t === i ? el('span', null, n.l) : link(e.t));
      li.appendChild(head);
      e.ev.forEach(function (v) { li.appendChild(el('div', 'ev', v[1])); li.appendChild(docLine(v[0], v[2])); });
      return li;
    });
  }
  function select(i) {
    var n = cy.getElementById('n' + i);
    if (n.hasClass('hidden')) { n.removeClass('hidden'); }
    cy.elements().unselect();
    cy.edges().removeClass('near');
    n.select();
    n.connectedEdges().addClass('near');
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    show(i);
  }
  cy.on('tap', 'node', function (ev) { select(ev.target.data('idx')); });

  // Search with suggestions.
  var current = [], active = -1;
  function matches(q) {
    var f = fold(q);
    if (!f) { return []; }
    var out = [];
    names.forEach(function (list, i) {
      var rank = -1;
      list.forEach(function (x) {
        var r = x === f ? 3 : (x.indexOf(f) === 0 ? 2 : ((' ' + x).indexOf(' ' + f) >= 0 ? 1 : (x.indexOf(f) >= 0 ? 0 : -1)));
        if (r > rank) { rank = r; }
      });
      if (rank >= 0) { out.push([rank, nodes[i].m, i]); }
    });
    out.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || (nodes[a[2]].l < nodes[b[2]].l ? -1 : 1); });
    return out.slice(0, 12).map(function (x) { return x[2]; });
  }
  function suggest() {
    current = matches($('search').value);
    active = current.length ? 0 : -1;
    var ul = $('suggestions');
    ul.textContent = '';
    current.forEach(function (i, k) {
      var li = el('li');
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', k === active ? 'true' : 'false');
      li.dataset.idx = String(i);
      li.appendChild(document.createTextNode(nodes[i].l + ' '));
      li.appendChild(el('small', null, nodes[i].t + ', ' + plural(nodes[i].m, 'mention', 'mentions')));
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(i); });
      ul.appendChild(li);
    });
    ul.hidden = current.length === 0;
  }
  function choose(i) {
    $('suggestions').hidden = true;
    $('search').value = nodes[i].l;
    select(i);
  }
  $('search').addEventListener('input', suggest);
  $('search').addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!current.length) { return; }
      active = (active + (ev.key === 'ArrowDown' ? 1 : current.length - 1)) % current.length;
      Array.prototype.forEach.call($('suggestions').children, function (li, k) { li.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (active >= 0) { choose(current[active]); }
    } else if (ev.key === 'Escape') {
      $('suggestions').hidden = true;
    }
  });
  $('search').addEventListener('blur', function () { $('suggestions').hidden = true; });

  applyFilters();
  window.newsgraph = { cy: cy, select: select, data: D };
  var layout = cy.layout({ name: 'cose', animate: false, randomize: true, numIter: big ? 300 : 1000,
    nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; }, nodeOverlap: 8, padding: 20 });
  layout.one('layoutstop', function () {
    cy.fit(undefined, 20);
    document.body.dataset.ready = '1';
  });
  layout.run();
}());
