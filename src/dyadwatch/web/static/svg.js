// Charts drawn as plain SVG: stacked quad-class bars with a Goldstein line, an equirectangular map with
// clustered points over Natural Earth land (world-atlas, vendored), and a force-laid actor network. No library: every mark is a focusable element that
// calls back with what it stands for, so a chart point always leads to its evidence.
const NS = "http://www.w3.org/2000/svg";
export const QUADS = [
  ["1", "verbal cooperation", "var(--q1)"], ["2", "material cooperation", "var(--q2)"],
  ["3", "verbal conflict", "var(--q3)"], ["4", "material conflict", "var(--q4)"],
];

export function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function activatable(node, label, onPick) {
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "button");
  node.setAttribute("aria-label", label);
  node.classList.add("point");
  node.append(s("title", {}, label));
  node.addEventListener("click", onPick);
  node.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick(); } });
  return node;
}

// rows: [{period, quads: {"1": n, ...}, goldstein_mean?}]; onPick(row) when a bar is chosen.
export function barChart(rows, { title, onPick, goldstein = false, width = 900, height = 260 }) {
  const m = { l: 40, r: goldstein ? 40 : 10, t: 10, b: 40 };
  const w = width - m.l - m.r, hgt = height - m.t - m.b;
  const total = (r) => QUADS.reduce((a, [q]) => a + (r.quads[q] || 0), 0);
  const tick = Math.max(1, Math.ceil(Math.max(...rows.map(total), 1) / 4));
  const max = tick * 4;                // whole-number gridlines, even for a handful of events
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": title });
  for (let i = 0; i <= 4; i++) {
    const y = m.t + hgt - (hgt * i) / 4;
    svg.append(s("line", { x1: m.l, x2: m.l + w, y1: y, y2: y, class: "grid-line" }),
      s("text", { x: m.l - 5, y: y + 4, "text-anchor": "end" }, tick * i));
  }
  const step = w / Math.max(1, rows.length), bw = Math.max(2, step * 0.8);
  const every = Math.ceil(rows.length / 12);
  rows.forEach((r, i) => {
    const x = m.l + i * step + (step - bw) / 2;
    let y = m.t + hgt;
    const g = s("g", { "data-period": r.period });
    for (const [q, , colour] of QUADS) {
      const n = r.quads[q] || 0;
      if (!n) continue;
      const bh = (hgt * n) / max;
      y -= bh;
      g.append(s("rect", { x, y, width: bw, height: bh, fill: colour }));
    }
    g.prepend(s("rect", { x: m.l + i * step, y: m.t, width: step, height: hgt, fill: "transparent" }));
    const mix = QUADS.map(([q, name]) => `${name} ${r.quads[q] || 0}`).join(", ");
    svg.append(onPick ? activatable(g, `${r.period}: ${total(r)} events (${mix})`, () => onPick(r)) : g);
    if (i % every === 0) svg.append(s("text", { x: x + bw / 2, y: m.t + hgt + 14, "text-anchor": "middle" }, r.period));
  });
  svg.append(s("line", { x1: m.l, x2: m.l + w, y1: m.t + hgt, y2: m.t + hgt, class: "axis" }));
  if (goldstein) {
    const gy = (v) => m.t + hgt / 2 - (hgt / 2) * (v / 10);
    svg.append(s("line", { x1: m.l, x2: m.l + w, y1: gy(0), y2: gy(0), stroke: "#555", "stroke-dasharray": "2 3" }));
    for (const v of [-10, 0, 10]) svg.append(s("text", { x: m.l + w + 5, y: gy(v) + 4 }, v > 0 ? `+${v}` : v));
    const pts = rows.map((r, i) => (r.goldstein_mean === null || r.goldstein_mean === undefined ? null
      : `${m.l + i * step + step / 2},${gy(r.goldstein_mean)}`)).filter(Boolean);
    if (pts.length) svg.append(s("polyline", { points: pts.join(" "), fill: "none", stroke: "#111", "stroke-width": 2,
      "aria-hidden": "true" }));
    svg.append(s("text", { x: m.l + w + 5, y: m.t + hgt + 30, "text-anchor": "end" }, "mean Goldstein"));
  }
  return svg;
}

// Greedy clustering in screen space: each point joins the first cluster within `radius` pixels.
function clusterPoints(points, project, radius) {
  const clusters = [];
  for (const p of points) {
    const [x, y] = project(p.lon, p.lat);
    const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) <= radius);
    if (near) { near.items.push(p); } else { clusters.push({ x, y, items: [p] }); }
  }
  return clusters;
}

// A TopoJSON topology (world-atlas' land-110m.json, shipped in vendor/) → one SVG path "d" of its land:
// arcs are delta-encoded integers scaled by the transform; a negative arc index means that arc reversed.
function landPath(topology, project) {
  const { scale: [sx, sy], translate: [tx, ty] } = topology.transform;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return project(x * sx + tx, y * sy + ty); });
  });
  const ring = (indexes) => indexes.flatMap((i) => (i >= 0 ? arcs[i] : [...arcs[~i]].reverse()));
  const polygons = topology.objects.land.geometries.flatMap((g) => (g.type === "Polygon" ? [g.arcs] : g.arcs));
  // a ring that crosses the antimeridian jumps across the map: lift the pen there instead of drawing a line
  const draw = (points) => points.map(([x, y], i) =>
    `${i === 0 || Math.abs(x - points[i - 1][0]) > 180 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
  return polygons.flatMap((rings) => rings.map((r) => `${draw(ring(r))}Z`)).join("");
}

// points: [{lat, lon, ...}]; onPick(items) with the events of a cluster; land: optional TopoJSON outline.
export function worldMap(points, { onPick, land = null, width = 960, height = 480 }) {
  const project = (lon, lat) => [((lon + 180) / 360) * width, ((90 - lat) / 180) * height];
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "group",
    "aria-label": `Map of ${points.length} located events (equirectangular projection)` });
  svg.append(s("rect", { x: 0, y: 0, width, height, fill: "#eef4fa" }));
  if (land) svg.append(s("path", { d: landPath(land, project), fill: "#dfe5d6", stroke: "#9aa58c", "stroke-width": 0.5, "aria-hidden": "true" }));
  for (let lon = -180; lon <= 180; lon += 30) {
    const [x] = project(lon, 0);
    svg.append(s("line", { x1: x, x2: x, y1: 0, y2: height, class: "grid-line" }));
    if (lon > -180 && lon < 180) svg.append(s("text", { x: x + 2, y: height - 4 }, `${lon}°`));
  }
  for (let lat = -60; lat <= 60; lat += 30) {
    const [, y] = project(0, lat);
    svg.append(s("line", { x1: 0, x2: width, y1: y, y2: y, class: "grid-line", "stroke-width": lat === 0 ? 2 : 1 }),
      s("text", { x: 2, y: y - 2 }, `${lat}°`));
  }
  for (const c of clusterPoints(points, project, 14)) {
    const r = 4 + 3 * Math.sqrt(c.items.length);
    const names = [...new Set(c.items.map((p) => p.location_name).filter(Boolean))].slice(0, 3).join(", ");
    const g = s("g", {}, s("circle", { cx: c.x, cy: c.y, r, fill: "rgba(178,24,43,.55)", stroke: "#7a0f1d" }));
    if (c.items.length > 1) g.append(s("text", { x: c.x, y: c.y + 4, "text-anchor": "middle", fill: "#fff" }, c.items.length));
    svg.append(activatable(g, `${c.items.length} events near ${names || "an unnamed place"}`, () => onPick(c.items)));
  }
  return svg;
}

// A few hundred steps of a spring-and-repulsion layout, run once before drawing (deterministic start).
function layout(nodes, edges, width, height) {
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    n.x = width / 2 + (width / 3) * Math.cos(a);
    n.y = height / 2 + (height / 3) * Math.sin(a);
  });
  const index = new Map(nodes.map((n) => [n.id, n]));
  const k = Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.6;
  for (let step = 0; step < 300; step++) {
    const t = 10 * (1 - step / 300) + 0.5;
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(1, Math.hypot(dx, dy)), f = (k * k) / d;
        dx /= d; dy /= d;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const e of edges) {
      const a = index.get(e.a), b = index.get(e.b);
      const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1, Math.hypot(dx, dy)), f = (d * d) / k;
      a.dx -= (dx / d) * f; a.dy -= (dy / d) * f; b.dx += (dx / d) * f; b.dy += (dy / d) * f;
    }
    for (const n of nodes) {
      const d = Math.max(1, Math.hypot(n.dx, n.dy));
      n.x = Math.min(width - 30, Math.max(30, n.x + (n.dx / d) * Math.min(d, t)));
      n.y = Math.min(height - 20, Math.max(20, n.y + (n.dy / d) * Math.min(d, t)));
    }
  }
}

// Net cooperation of an edge in [-1, 1] → blue (cooperation) … red (conflict).
function netColour(net) {
  const t = (net + 1) / 2;
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(178, 33)},${mix(24, 102)},${mix(43, 172)})`;
}

// edges: [{a, b, events, conflict}]; onPick(edge).
export function networkChart(edges, { onPick, width = 900, height = 460 }) {
  const volume = new Map();
  for (const e of edges) for (const c of [e.a, e.b]) volume.set(c, (volume.get(c) || 0) + e.events);
  const nodes = [...volume].map(([id, n]) => ({ id, n }));
  layout(nodes, edges, width, height);
  const index = new Map(nodes.map((n) => [n.id, n]));
  const maxE = Math.max(1, ...edges.map((e) => e.events)), maxN = Math.max(1, ...nodes.map((n) => n.n));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "group",
    "aria-label": `Actor network: ${nodes.length} countries, ${edges.length} dyads` });
  for (const e of edges) {
    const a = index.get(e.a), b = index.get(e.b);
    const net = (e.events - 2 * e.conflict) / e.events;
    const line = s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: netColour(net),
      "stroke-width": 1.5 + 8 * (e.events / maxE), "stroke-linecap": "round", "data-dyad": `${e.a}-${e.b}` });
    svg.append(activatable(s("g", {}, line),
      `${e.a}–${e.b}: ${e.events} events, ${e.conflict} conflict, net cooperation ${net.toFixed(2)}`, () => onPick(e)));
  }
  for (const n of nodes) {
    svg.append(s("g", { "aria-hidden": "true" },
      s("circle", { cx: n.x, cy: n.y, r: 6 + 14 * Math.sqrt(n.n / maxN), fill: "#14263d" }),
      s("text", { x: n.x, y: n.y - 10 - 14 * Math.sqrt(n.n / maxN), "text-anchor": "middle", "font-weight": 600 }, n.id)));
  }
  return svg;
}
