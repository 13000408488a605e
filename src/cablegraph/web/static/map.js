// The map page: country outlines (vendored world-atlas, equirectangular projection),
// places as circles sized by their documents, flows as lines weighted by their messages.
// Every label is set with textContent (never HTML), as the CSP and the escaping rules ask.
(function () {
  "use strict";
  const figure = document.getElementById("map");
  if (!figure) return;
  const svg = document.getElementById("map-svg");
  const NS = "http://www.w3.org/2000/svg";
  const W = 960, H = 480;
  const project = (lon, lat) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    parent.appendChild(node);
    return node;
  }

  function ringPath(ring) {
    let d = "", last = null;
    for (const [lon, lat] of ring) {
      const [x, y] = project(lon, lat);
      const jump = last !== null && Math.abs(lon - last) > 180; // the antimeridian
      d += (d === "" || jump ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
      last = lon;
    }
    return d + "Z";
  }

  function drawOutline(world) {
    const land = topojson.feature(world, world.objects.countries);
    const group = el("g", { class: "land" }, svg);
    for (const feature of land.features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      let d = "";
      for (const polygon of polygons) for (const ring of polygon) d += ringPath(ring);
      const path = el("path", { d: d, class: "country" }, group);
      const title = el("title", {}, path);
      title.textContent = (feature.properties && feature.properties.name) || "";
    }
  }

  function query() {
    const params = new URLSearchParams();
    for (const key of ["person", "from", "to"]) {
      const value = figure.dataset[key];
      if (value) params.set(key, value);
    }
    return params.toString();
  }

  function drawData(data) {
    const byId = Object.fromEntries(data.places.map((p) => [p.id, p]));
    const most = Math.max(1, ...data.flows.map((f) => f.count));
    const flows = el("g", { class: "flows" }, svg);
    for (const flow of data.flows) {
      const a = byId[flow.from], b = byId[flow.to];
      if (!a || !b) continue;
      const [x1, y1] = project(a.lon, a.lat), [x2, y2] = project(b.lon, b.lat);
      const bend = `M${x1},${y1} Q${(x1 + x2) / 2},${Math.min(y1, y2) - 30} ${x2},${y2}`;
      const line = el("path", { d: bend, class: "flow", "stroke-width": 1 + (4 * flow.count) / most }, flows);
      const title = el("title", {}, line);
      title.textContent = `${a.name} → ${b.name}: ${flow.count} messages` +
        (flow.via.length ? ` through ${flow.via.join(", ")}` : "");
    }
    const places = el("g", { class: "places" }, svg);
    const biggest = Math.max(1, ...data.places.map((p) => p.documents));
    for (const place of data.places) {
      const [x, y] = project(place.lon, place.lat);
      const link = el("a", { href: "/search?f=" + encodeURIComponent("place:" + place.name) }, places);
      const dot = el("circle", { cx: x, cy: y, r: 2 + (8 * Math.sqrt(place.documents)) / Math.sqrt(biggest), class: "place" }, link);
      const title = el("title", {}, dot);
      title.textContent = `${place.name}: ${place.documents} documents`;
    }
    const list = document.getElementById("map-places");
    for (const place of data.places.slice(0, 30)) {
      const item = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/search?f=" + encodeURIComponent("place:" + place.name);
      a.textContent = place.name;
      item.appendChild(a);
      item.appendChild(document.createTextNode(` (${place.documents})`));
      list.appendChild(item);
    }
    const flowList = document.getElementById("map-flows");
    for (const flow of data.flows.slice(0, 30)) {
      const item = document.createElement("li");
      item.textContent = `${byId[flow.from].name} → ${byId[flow.to].name}: ${flow.count}` +
        (flow.via.length ? ` (through ${flow.via.join(", ")})` : "");
      flowList.appendChild(item);
    }
    if (!data.flows.length) flowList.textContent = "No message with both a known origin and destination.";
    figure.dataset.ready = "true";
  }

  Promise.all([
    fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json()),
    fetch("/api/map?" + query()).then((r) => r.json()),
  ]).then(([world, data]) => {
    drawOutline(world);
    drawData(data);
  });
})();
