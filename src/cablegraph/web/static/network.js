// The correspondence network on Cytoscape.js (vendored: /static/vendor/cytoscape):
// a force layout (CoSE), arrows from writer to recipient, edge width and label by the number of
// messages, node shape and colour by kind (person, office, organisation), click an edge for
// its documents, click a person for their page, a time slider that plays the months,
// filters by kind, and exports (PNG, SVG here; GEXF, GraphML, CSV from the server).
// Everything from the data is text content or attributes: nothing becomes HTML.
(function () {
  const box = document.getElementById("network");
  if (!box || typeof cytoscape !== "function") return;
  const panel = document.getElementById("edge-documents");
  const slider = document.getElementById("time-slider");
  const sliderLabel = document.getElementById("time-label");
  const play = document.getElementById("time-play");
  const params = new URLSearchParams();
  for (const key of ["person", "from", "to"]) if (box.dataset[key]) params.set(key, box.dataset[key]);
  const query = params.toString() ? "?" + params.toString() : "";
  for (const link of document.querySelectorAll("a[data-export]")) link.href = "/export/network." + link.dataset.export + query;

  fetch("/api/network" + query, { headers: { Accept: "application/json" } })
    .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(draw)
    .catch((error) => { box.setAttribute("data-error", String(error)); box.textContent = "The network could not be loaded."; });

  function month(date) { return date ? date.slice(0, 7) : null; }

  function draw(graph) {
    if (!graph.nodes.length) { box.textContent = "No messages between people in this selection."; box.setAttribute("data-drawn", "0"); return; }
    const maxCount = Math.max(1, ...graph.edges.map((e) => e.count));
    const maxWeight = Math.max(1, ...graph.nodes.map((n) => n.weight));
    const elements = [];
    for (const n of graph.nodes) elements.push({ group: "nodes", data: { id: n.id, label: n.label, kind: n.kind || "unknown", weight: n.weight, ego: n.id === box.dataset.person ? 1 : 0 } });
    graph.edges.forEach((e, i) => {
      if (e.source === e.target) return;
      elements.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, count: e.count, months: e.dates.map(month), documents: e.documents } });
    });
    const cy = cytoscape({
      container: box,
      elements: elements,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "color": "#1d232b", "text-valign": "bottom", "text-margin-y": 3,
          "text-wrap": "wrap", "text-max-width": 120, "text-background-color": "#ffffff", "text-background-opacity": 0.8,
          "text-background-padding": 1,
          "width": "mapData(weight, 1, " + maxWeight + ", 14, 44)", "height": "mapData(weight, 1, " + maxWeight + ", 14, 44)",
          "background-color": "#1f5f8b", "border-width": 1.5, "border-color": "#ffffff" } },
        { selector: "node[kind = 'office']", style: { "shape": "round-rectangle", "background-color": "#c2741c" } },
        { selector: "node[kind = 'organisation']", style: { "shape": "hexagon", "background-color": "#3d8b37" } },
        { selector: "node[kind = 'unknown']", style: { "shape": "ellipse", "background-color": "#8a96a3" } },
        { selector: "node[ego = 1]", style: { "border-width": 4, "border-color": "#f2b705" } },
        { selector: "edge", style: {
          "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 1.1,
          "width": "mapData(count, 1, " + maxCount + ", 1.5, 8)", "line-color": "#8a96a3", "target-arrow-color": "#8a96a3",
          "label": "data(count)", "font-size": 10, "color": "#5b6673", "text-background-color": "#ffffff",
          "text-background-opacity": 0.9, "text-background-padding": 1 } },
        { selector: "edge[kind = 'relay_hop']", style: { "line-style": "dashed" } },
        { selector: "edge[kind = 'copy']", style: { "line-style": "dotted", "line-color": "#c4ccd4", "target-arrow-color": "#c4ccd4" } },
        { selector: ".hidden", style: { "display": "none" } },
        { selector: "edge:selected", style: { "line-color": "#d0342c", "target-arrow-color": "#d0342c" } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 150,
        nodeOverlap: 40, padding: 40, componentSpacing: 80, gravity: 0.6, numIter: 1500 },
    });
    window.cablegraphNetwork = cy;
    cy.fit(undefined, 40);

    cy.on("tap", "edge", (event) => showDocuments(event.target));
    cy.on("tap", "node", (event) => {
      const id = event.target.id();
      if (!id.startsWith("name:")) window.location.href = "/entities/" + encodeURIComponent(id);
    });
    cy.on("mouseover", "edge", (event) => { box.title = edgeTitle(event.target); });
    cy.on("mouseover", "node", (event) => { box.title = event.target.data("label") + " (" + event.target.data("kind") + ")"; });
    cy.on("mouseout", () => { box.title = ""; });

    setUpFilters(cy);
    setUpSlider(cy);
    setUpImageExports(cy);
    box.setAttribute("data-drawn", String(cy.nodes().length));
    box.setAttribute("data-edges", String(cy.edges().length));
  }

  function edgeTitle(edge) {
    const kinds = { message: "messages", relay_hop: "messages passed on", copy: "copies" };
    return edge.source().data("label") + " → " + edge.target().data("label") + ": " + edge.data("count") + " " + (kinds[edge.data("kind")] || edge.data("kind"));
  }

  function showDocuments(edge) {
    if (!panel) return;
    panel.replaceChildren();
    const head = document.createElement("h3");
    head.textContent = edgeTitle(edge);
    panel.appendChild(head);
    const list = document.createElement("ol");
    for (const doc of edge.data("documents")) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/documents/" + encodeURIComponent(doc.id);
      link.textContent = doc.title;
      item.appendChild(link);
      if (doc.date) item.appendChild(document.createTextNode(" (" + doc.date + ")"));
      list.appendChild(item);
    }
    panel.appendChild(list);
    panel.setAttribute("data-edge", edge.source().id() + "→" + edge.target().id());
    panel.hidden = false;
  }

  // Filters and the time slider both hide elements; an element is shown when neither hides it.
  const state = { kinds: new Set(), nodeKinds: new Set(), month: null };

  function apply(cy) {
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        const months = edge.data("months").filter(Boolean);
        const inTime = state.month === null || !months.length || months.some((m) => m <= state.month);
        const kindOff = state.kinds.has(edge.data("kind"));
        edge.toggleClass("hidden", !inTime || kindOff);
      });
      cy.nodes().forEach((node) => {
        const off = state.nodeKinds.has(node.data("kind"));
        const connected = node.connectedEdges().some((e) => !e.hasClass("hidden"));
        node.toggleClass("hidden", off || (!connected && node.degree() > 0));
      });
    });
    box.setAttribute("data-visible-edges", String(cy.edges().filter((e) => !e.hasClass("hidden")).length));
  }

  function setUpFilters(cy) {
    for (const input of document.querySelectorAll("input[data-filter]")) {
      input.addEventListener("change", () => {
        const set = input.dataset.filter === "edge" ? state.kinds : state.nodeKinds;
        if (input.checked) set.delete(input.value); else set.add(input.value);
        apply(cy);
      });
    }
  }

  function setUpSlider(cy) {
    if (!slider) return;
    const months = [...new Set(cy.edges().map((e) => e.data("months")).flat().filter(Boolean))].sort();
    if (!months.length) { slider.disabled = true; if (play) play.disabled = true; sliderLabel.textContent = "undated"; return; }
    slider.min = "0";
    slider.max = String(months.length - 1);
    slider.value = String(months.length - 1);
    const show = () => {
      const index = Number(slider.value);
      state.month = index >= months.length - 1 ? null : months[index];
      sliderLabel.textContent = (state.month === null ? "all, to " + months[months.length - 1] : "to " + months[index]);
      apply(cy);
    };
    slider.addEventListener("input", show);
    show();
    let timer = null;
    if (play) play.addEventListener("click", () => {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "▶ Play"; return; }
      slider.value = "0"; show();
      play.textContent = "■ Stop";
      timer = setInterval(() => {
        if (Number(slider.value) >= months.length - 1) { clearInterval(timer); timer = null; play.textContent = "▶ Play"; return; }
        slider.value = String(Number(slider.value) + 1); show();
      }, 700);
    });
  }

  function download(name, blob) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function svgOf(cy) {
    const NS = "http://www.w3.org/2000/svg";
    const box2 = cy.elements(":visible").boundingBox({ includeLabels: true });
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [box2.x1 - 20, box2.y1 - 20, box2.w + 40, box2.h + 40].join(" "));
    const defs = document.createElementNS(NS, "defs");
    const marker = document.createElementNS(NS, "marker");
    for (const [k, v] of [["id", "arrow"], ["viewBox", "0 0 10 10"], ["refX", "10"], ["refY", "5"], ["markerWidth", "6"], ["markerHeight", "6"], ["orient", "auto-start-reverse"]]) marker.setAttribute(k, v);
    const tip = document.createElementNS(NS, "path");
    tip.setAttribute("d", "M 0 0 L 10 5 L 0 10 z");
    tip.setAttribute("fill", "#8a96a3");
    marker.appendChild(tip); defs.appendChild(marker); svg.appendChild(defs);
    cy.edges(":visible").forEach((edge) => {
      const a = edge.sourceEndpoint(), b = edge.targetEndpoint();
      const line = document.createElementNS(NS, "line");
      for (const [k, v] of [["x1", a.x], ["y1", a.y], ["x2", b.x], ["y2", b.y], ["stroke", "#8a96a3"], ["stroke-width", edge.numericStyle("width")], ["marker-end", "url(#arrow)"]]) line.setAttribute(k, String(v));
      if (edge.data("kind") !== "message") line.setAttribute("stroke-dasharray", edge.data("kind") === "copy" ? "1 3" : "5 3");
      const title = document.createElementNS(NS, "title"); title.textContent = edgeTitle(edge); line.appendChild(title);
      svg.appendChild(line);
    });
    cy.nodes(":visible").forEach((node) => {
      const p = node.position();
      const circle = document.createElementNS(NS, "circle");
      for (const [k, v] of [["cx", p.x], ["cy", p.y], ["r", node.width() / 2], ["fill", node.style("background-color")]]) circle.setAttribute(k, String(v));
      svg.appendChild(circle);
      const label = document.createElementNS(NS, "text");
      for (const [k, v] of [["x", p.x], ["y", p.y + node.height() / 2 + 12], ["text-anchor", "middle"], ["font-size", "11"], ["font-family", "sans-serif"]]) label.setAttribute(k, String(v));
      label.textContent = node.data("label");
      svg.appendChild(label);
    });
    return new XMLSerializer().serializeToString(svg);
  }

  function setUpImageExports(cy) {
    const png = document.getElementById("export-png");
    const svg = document.getElementById("export-svg");
    if (png) png.addEventListener("click", () => download("cablegraph-network.png", cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" })));
    if (svg) svg.addEventListener("click", () => download("cablegraph-network.svg", new Blob([svgOf(cy)], { type: "image/svg+xml" })));
  }
})();
