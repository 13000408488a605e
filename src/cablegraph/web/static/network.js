// Draw the correspondence network from /api/network as SVG with a small force layout.
// Everything is text content or attributes: nothing from the data becomes HTML.
(function () {
  const svg = document.getElementById("network");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const W = 800, H = 500;
  const params = new URLSearchParams();
  for (const key of ["person", "from", "to"]) if (svg.dataset[key]) params.set(key, svg.dataset[key]);
  const url = "/api/network" + (params.toString() ? "?" + params.toString() : "");
  fetch(url, { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((graph) => draw(graph))
    .catch(() => { svg.setAttribute("data-error", "1"); });

  function draw(graph) {
    const nodes = graph.nodes.map((n, i) => ({ ...n, x: W / 2 + 200 * Math.cos(i), y: H / 2 + 150 * Math.sin(i), vx: 0, vy: 0 }));
    const index = new Map(nodes.map((n) => [n.id, n]));
    const edges = graph.edges.filter((e) => index.has(e.source) && index.has(e.target));
    for (let step = 0; step < 300; step++) {
      for (const a of nodes) for (const b of nodes) {
        if (a === b) continue;
        const dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
        const f = 30000 / d2;
        a.vx += dx * f / Math.sqrt(d2); a.vy += dy * f / Math.sqrt(d2);
      }
      for (const e of edges) {
        const a = index.get(e.source), b = index.get(e.target);
        const dx = b.x - a.x, dy = b.y - a.y;
        a.vx += dx * 0.004; a.vy += dy * 0.004; b.vx -= dx * 0.004; b.vy -= dy * 0.004;
      }
      for (const n of nodes) {
        n.vx += (W / 2 - n.x) * 0.005; n.vy += (H / 2 - n.y) * 0.005;
        n.x = Math.max(20, Math.min(W - 20, n.x + n.vx * 0.5)); n.y = Math.max(20, Math.min(H - 20, n.y + n.vy * 0.5));
        n.vx *= 0.6; n.vy *= 0.6;
      }
    }
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      const line = document.createElementNS(NS, "line");
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
      line.setAttribute("class", e.kind);
      svg.appendChild(line);
    }
    for (const n of nodes) {
      const link = document.createElementNS(NS, "a");
      if (!n.id.startsWith("name:")) link.setAttribute("href", "/entities/" + encodeURIComponent(n.id));
      const circle = document.createElementNS(NS, "circle");
      circle.setAttribute("cx", n.x); circle.setAttribute("cy", n.y);
      circle.setAttribute("r", 4 + Math.min(14, Math.sqrt(n.weight) * 2));
      circle.setAttribute("data-id", n.id);
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", n.x + 8); label.setAttribute("y", n.y - 8);
      label.textContent = n.label;
      const title = document.createElementNS(NS, "title");
      title.textContent = n.label;
      circle.appendChild(title);
      link.appendChild(circle); link.appendChild(label);
      svg.appendChild(link);
    }
    svg.setAttribute("data-drawn", String(nodes.length));
  }
})();
