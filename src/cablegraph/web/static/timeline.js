// A zoomable time axis with lanes (per sender or per channel) from /api/timeline/messages:
// one mark per message at its date, a bar joining its stamps (written, sent, received,
// deciphered ...), each mark a link to its document. Wheel or +/− zoom around a point,
// dragging pans, "Fit" shows everything. Drawn as SVG; all data is text or attributes.
(function () {
  const box = document.getElementById("timeline");
  if (!box) return;
  const NS = "http://www.w3.org/2000/svg";
  const LANE = 30, TOP = 26, LEFT = 170, DAY = 86400000;
  const laneSelect = document.getElementById("lanes");
  const spanLabel = document.getElementById("timeline-span");
  const params = new URLSearchParams();
  if (box.dataset.person) params.set("person", box.dataset.person);
  let messages = [], view = null, full = null;

  fetch("/api/timeline/messages" + (params.toString() ? "?" + params : ""), { headers: { Accept: "application/json" } })
    .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then((data) => {
      messages = data.messages.map((m) => ({ ...m, t: time(m.at), t0: time(m.start), t1: time(m.stop) }));
      if (!messages.length) { box.textContent = "No dated messages."; box.setAttribute("data-drawn", "0"); return; }
      fit();
      wire();
    })
    .catch((error) => { box.setAttribute("data-error", String(error)); box.textContent = "The timeline could not be loaded."; });

  function time(iso) {
    // "1951", "1951-06", "1951-06-30" or "1951-06-30T18:35" as UTC milliseconds
    const [date, clock] = iso.split("T");
    const [y, m, d] = date.split("-").map(Number);
    const [hh, mm] = (clock || "0:0").split(":").map(Number);
    return Date.UTC(y, (m || 1) - 1, d || 1, hh || 0, mm || 0);
  }

  function fit() {
    const lo = Math.min(...messages.map((m) => m.t0)), hi = Math.max(...messages.map((m) => m.t1));
    const pad = Math.max(DAY, (hi - lo) * 0.04);
    full = [lo - pad, hi + pad];
    view = full.slice();
    draw();
  }

  function zoom(factor, at) {
    const [a, b] = view;
    const centre = at === undefined ? (a + b) / 2 : at;
    const width = Math.max(60 * 60000, (b - a) * factor); // at most an hour across
    const share = (centre - a) / (b - a);
    view = [centre - width * share, centre + width * (1 - share)];
    draw();
  }

  function ticks(a, b) {
    // Tick marks at a step that gives 4-12 of them: years, months, days or hours.
    const span = b - a;
    const steps = [[3600000, "hour"], [6 * 3600000, "hour"], [DAY, "day"], [7 * DAY, "day"], [30 * DAY, "month"],
      [91 * DAY, "month"], [365 * DAY, "year"], [5 * 365 * DAY, "year"], [10 * 365 * DAY, "year"]];
    const [step, unit] = steps.find(([s]) => span / s <= 12) || steps[steps.length - 1];
    const out = [];
    const start = new Date(a);
    let t;
    if (unit === "year") t = Date.UTC(start.getUTCFullYear(), 0, 1);
    else if (unit === "month") t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
    else if (unit === "day") t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    else t = Math.floor(a / 3600000) * 3600000;
    while (t <= b && out.length < 40) {
      if (t >= a) out.push([t, label(t, unit)]);
      const d = new Date(t);
      if (unit === "year") t = Date.UTC(d.getUTCFullYear() + Math.round(step / (365 * DAY)), 0, 1);
      else if (unit === "month") t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + Math.round(step / (30 * DAY)), 1);
      else t += step;
    }
    return out;
  }

  function label(t, unit) {
    const iso = new Date(t).toISOString();
    return unit === "year" ? iso.slice(0, 4) : unit === "month" ? iso.slice(0, 7) : unit === "day" ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw() {
    const laneKey = laneSelect ? laneSelect.value : "sender";
    const lanes = [...new Set(messages.map((m) => m[laneKey]))].sort();
    const width = Math.max(600, box.clientWidth || 1000);
    const height = TOP + lanes.length * LANE + 10;
    const [a, b] = view;
    const x = (t) => LEFT + (width - LEFT - 20) * (t - a) / (b - a);
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width: width, height: height });
    lanes.forEach((lane, i) => {
      if (i % 2 === 0) svg.appendChild(el("rect", { class: "lane-band", x: 0, y: TOP + i * LANE, width: width, height: LANE }));
      svg.appendChild(el("text", { class: "lane-label", x: 6, y: TOP + i * LANE + LANE / 2 + 4 }, lane.length > 28 ? lane.slice(0, 27) + "…" : lane));
    });
    const axis = el("g", { class: "axis" });
    for (const [t, text] of ticks(a, b)) {
      axis.appendChild(el("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: height }));
      axis.appendChild(el("text", { x: x(t) + 2, y: TOP - 10 }, text));
    }
    svg.appendChild(axis);
    let shown = 0;
    for (const m of messages) {
      if (m.t1 < a || m.t0 > b) continue;
      shown += 1;
      const y = TOP + lanes.indexOf(m[laneKey]) * LANE + LANE / 2;
      if (m.t1 > m.t0) svg.appendChild(el("line", { class: "span", x1: x(m.t0), x2: x(m.t1), y1: y, y2: y }));
      for (const e of m.events) svg.appendChild(el("circle", { class: "stamp", cx: x(time(e.at)), cy: y, r: 2.5 }));
      const link = el("a", { href: "/documents/" + encodeURIComponent(m.document), class: "event-link", "data-id": m.id });
      const mark = el("circle", { class: "event" + (m.inner ? " inner" : ""), cx: x(m.t), cy: y, r: 6 });
      mark.appendChild(el("title", {}, m.at + " · " + m.title + "\n" + m.events.map((e) => e.label + " " + e.at).join(" → ")));
      link.appendChild(mark);
      svg.appendChild(link);
    }
    box.replaceChildren(svg);
    box.setAttribute("data-drawn", String(shown));
    box.setAttribute("data-span-days", String(Math.round((b - a) / DAY)));
    if (spanLabel) spanLabel.textContent = `${label(a, "day")} – ${label(b, "day")} · ${shown} of ${messages.length} messages`;
  }

  function wire() {
    const at = (event) => {
      const rect = box.getBoundingClientRect();
      const width = Math.max(600, box.clientWidth || 1000);
      const px = (event.clientX - rect.left) * width / rect.width;
      return view[0] + (view[1] - view[0]) * Math.min(1, Math.max(0, (px - LEFT) / (width - LEFT - 20)));
    };
    box.addEventListener("wheel", (event) => { event.preventDefault(); zoom(event.deltaY < 0 ? 0.7 : 1 / 0.7, at(event)); }, { passive: false });
    let drag = null;
    box.addEventListener("pointerdown", (event) => { if (event.target.closest("a")) return; drag = { x: event.clientX, view: view.slice() }; });
    window.addEventListener("pointerup", () => { drag = null; });
    window.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const per = (drag.view[1] - drag.view[0]) / box.getBoundingClientRect().width;
      const shift = (drag.x - event.clientX) * per;
      view = [drag.view[0] + shift, drag.view[1] + shift];
      draw();
    });
    const button = (id, fn) => { const b = document.getElementById(id); if (b) b.addEventListener("click", fn); };
    button("zoom-in", () => zoom(0.5));
    button("zoom-out", () => zoom(2));
    button("zoom-fit", fit);
    if (laneSelect) laneSelect.addEventListener("change", draw);
    window.addEventListener("resize", draw);
  }
})();
