// The dashboard: one page per hash route (#/, #/dyad, #/events, #/map, #/network, #/event/ID,
// #/document/ID, #/code), each fetching the JSON API and building the DOM (never innerHTML with data).
import { QUADS, barChart, networkChart, worldMap } from "./svg.js";

const main = document.getElementById("main");

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

async function api(path, params = {}, options = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const url = `/api/${path}${query.toString() ? `?${query}` : ""}`;
  const answer = await fetch(url, options);
  const body = await answer.json();
  if (!answer.ok) throw new Error(body.detail || `${answer.status} ${answer.statusText}`);
  return body;
}

const fmt = (v) => (v === null || v === undefined ? "—" : (v > 0 ? "+" : "") + Number(v).toFixed(2));
const quadName = (q) => (QUADS.find(([k]) => k === String(q)) || [, "?"])[1];
const legend = () => h("div", { class: "legend", "aria-hidden": "true" },
  QUADS.map(([, name, colour]) => h("span", { style: `--c:${colour}` }, name)));
const link = (route, text) => h("a", { href: `#/${route}` }, text);
const dyadLink = (a, b) => link(`dyad?a=${a}&b=${b}`, `${a}–${b}`);

function page(title, ...children) {
  document.title = `${title} · dyadwatch`;
  main.replaceChildren(h("h1", {}, title), ...children.flat().filter((c) => c !== "" && c != null));
  main.focus({ preventScroll: true });
}

// Events, or units of a series (their best mention, with `num_articles`: then an "articles" column).
function eventsTable(events, caption) {
  if (!events.length) return h("p", { class: "muted" }, "No events.");
  const units = "num_articles" in events[0];
  return h("table", {},
    h("caption", { class: "muted" }, caption),
    h("thead", {}, h("tr", {}, ["date", ...(units ? ["articles"] : []), "type", "source", "target", "G", "place", "evidence"]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, events.map((e) => h("tr", {},
      h("td", {}, e.date || "—"), units ? h("td", { class: "num" }, e.num_articles) : null,
      h("td", { class: `q${e.quad_class}` }, e.type),
      h("td", {}, e.source_code || "—"), h("td", {}, e.target_code || "—"),
      h("td", { class: "num" }, fmt(e.goldstein)),
      h("td", {}, e.location_name || ""),
      h("td", {}, link(`event/${e.event_id}`, e.sentence || e.event_id))))));
}

// A form whose fields are the query parameters; submitting rewrites the route (so the URL is shareable).
function filterForm(route, params, fields) {
  const form = h("form", { class: "filters", role: "search" },
    fields.map(([name, label, type = "text", options]) => h("label", {}, label,
      options ? h("select", { name }, options.map(([v, t]) => h("option", { value: v, selected: params.get(name) === v }, t)))
        : h("input", { name, type, value: params.get(name) || "", size: type === "date" ? null : 10 }))),
    h("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(form)].filter(([, v]) => v !== ""));
    location.hash = `#/${route}?${q}`;
  });
  return form;
}

const QUAD_OPTIONS = [["", "any"], ...QUADS.map(([q, name]) => [q, name])];
const EVENT_FILTERS = [["country", "Country (ISO3)"], ["actor", "Actor code"], ["type", "Type"],
  ["quad_class", "Quad class", "text", QUAD_OPTIONS], ["since", "From", "date"], ["until", "To", "date"],
  ["q", "Text"], ["place", "Place"]];
const filterParams = (params) => Object.fromEntries(EVENT_FILTERS.map(([n]) => [n, params.get(n)]));

async function overview() {
  const [volume, top, alerts] = await Promise.all([api("volume", { by: "week" }), api("top", { limit: 10 }),
    api("alerts", { limit: 8 })]);
  const pick = (row) => { location.hash = `#/events?since=${row.period}&until=${weekEnd(row.period)}`; };
  page("Overview",
    h("section", { class: "panel", "aria-labelledby": "vol" }, h("h2", { id: "vol" }, "Events per week by quad class"),
      legend(), barChart(volume.rows, { title: "Events per week by quad class", onPick: pick })),
    h("div", { class: "grid" },
      h("section", { "aria-labelledby": "top" }, h("h2", { id: "top" }, "Most active dyads"),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "dyad"), h("th", { scope: "col", class: "num" }, "events"),
          h("th", { scope: "col", class: "num" }, "conflict"), h("th", { scope: "col", class: "num" }, "mean G"))),
        h("tbody", {}, top.top.map((d) => h("tr", {}, h("td", {}, dyadLink(d.a, d.b)), h("td", { class: "num" }, d.events),
          h("td", { class: "num" }, d.conflict), h("td", { class: "num" }, fmt(d.goldstein_mean))))))),
      h("section", { "aria-labelledby": "alerts" }, h("h2", { id: "alerts" }, "Latest alerts"),
        alerts.alerts.length ? h("ul", {}, alerts.alerts.map((a) => h("li", {}, dyadLink(a.a, a.b),
          ` ${a.period}: ${a.count} events (z = ${a.z.toFixed(1)}) `,
          a.events[0] ? link(`event/${a.events[0].event_id}`, "evidence") : ""))) : h("p", { class: "muted" }, "No spikes now."))));
}

function periodEnd(start, by) {
  const d = new Date(`${start}T00:00:00Z`);
  if (by === "day") return start;
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}
const weekEnd = (start) => periodEnd(start, "week");

async function dyadExplorer(params) {
  const a = params.get("a") || "RUS", b = params.get("b") || "CHN", by = params.get("by") || "week";
  const form = filterForm("dyad", new URLSearchParams({ a, b, by }), [["a", "Actor A"], ["b", "Actor B"],
    ["by", "Period", "text", [["day", "day"], ["week", "week"], ["month", "month"]]]]);
  const series = await api(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, { by });
  const behind = h("section", { "aria-labelledby": "behind" }, h("h2", { id: "behind" }, "Events behind a point"),
    h("p", { class: "muted" }, "Choose a bar (click, or Tab then Enter) to list its events."));
  const pick = async (row) => {
    const found = await api(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/events`,
      { since: row.period, until: periodEnd(row.period, by), limit: 200 });
    behind.replaceChildren(h("h2", { id: "behind" }, `Events of ${row.period}`),
      eventsTable(found.items, `${found.total} events, ${a}–${b}, ${by} of ${row.period}`));
  };
  const mix = Object.entries(series.type_mix);
  page(`Dyad explorer: ${series.a.label} – ${series.b.label}`, form,
    h("p", { class: "muted" }, `${series.a.why} · ${series.b.why} · ${series.total} events`),
    h("section", { class: "panel", "aria-labelledby": "tl" },
      h("h2", { id: "tl" }, `Cooperation and conflict by ${by}, with mean Goldstein`), legend(),
      barChart(series.rows, { title: `${a}–${b} events by ${by}`, onPick: pick, goldstein: true })),
    h("section", { "aria-labelledby": "mix" }, h("h2", { id: "mix" }, "Type mix"),
      mix.length ? h("ul", {}, mix.map(([t, n]) => h("li", {}, `${t}: ${n}`))) : h("p", { class: "muted" }, "No events.")),
    behind);
}

async function eventsPage(params) {
  const offset = Number(params.get("offset") || 0);
  const found = await api("events", { ...filterParams(params), limit: 100, offset });
  const next = new URLSearchParams(params);
  next.set("offset", found.next_offset);
  page("Events", filterForm("events", params, EVENT_FILTERS),
    eventsTable(found.items, `${found.total} events, ${offset + 1}–${offset + found.items.length}`),
    found.next_offset !== null ? h("p", {}, link(`events?${next}`, "Next page")) : "");
}

let land = null;        // world-atlas' land outline, fetched once from the package's static files
async function landOutline() {
  if (!land) land = await (await fetch("/static/vendor/world-atlas/land-110m.json")).json();
  return land;
}

async function mapPage(params) {
  const [found, outline] = await Promise.all([api("events", { ...filterParams(params), located: true, limit: 500 }), landOutline()]);
  const list = h("section", { "aria-labelledby": "here" }, h("h2", { id: "here" }, "Events at a point"),
    h("p", { class: "muted" }, "Choose a circle to list its events."));
  const pick = (items) => list.replaceChildren(h("h2", { id: "here" }, "Events at a point"),
    eventsTable(items, `${items.length} events`));
  page("Map", filterForm("map", params, EVENT_FILTERS),
    h("p", { class: "muted" }, `${found.items.length} of ${found.total} located events shown; nearby points are grouped.`),
    h("div", { class: "panel" }, worldMap(found.items, { onPick: pick, land: outline })), list);
}

async function networkPage(params) {
  const since = params.get("since"), until = params.get("until");
  const top = await api("top", { limit: 60, since, until });
  page("Actor network", filterForm("network", params, [["since", "From", "date"], ["until", "To", "date"]]),
    h("p", { class: "muted" }, "Nodes are countries, edge width is event volume, colour is net cooperation (blue) or conflict (red). Choose an edge to explore the dyad."),
    h("div", { class: "panel" }, networkChart(top.top, { onPick: (e) => { location.hash = `#/dyad?a=${e.a}&b=${e.b}`; } })));
}

// Text with highlighted, non-overlapping spans: [{start, end, cls, label}], offsets into `text`.
function highlighted(text, spans, base = 0) {
  const out = [];
  let at = 0;
  for (const sp of [...spans].sort((x, y) => x.start - y.start || y.end - x.end)) {
    const start = sp.start - base, end = sp.end - base;
    if (start < at || end > text.length || start >= end) continue;
    out.push(text.slice(at, start), h("mark", { class: sp.cls, title: sp.label }, text.slice(start, end)));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

function evidenceSpans(record) {
  const ev = record.evidence;
  const spans = [{ ...ev.trigger, cls: "trigger", label: `trigger: ${record.type}` }];
  for (const sp of ev.source_spans || []) spans.push({ ...sp, cls: "source", label: "source" });
  for (const sp of ev.target_spans || []) spans.push({ ...sp, cls: "target", label: "target" });
  if (ev.date_span) spans.push({ ...ev.date_span, cls: "date", label: "date" });
  if (ev.location_span) spans.push({ ...ev.location_span, cls: "place", label: "place" });
  return spans;
}

const keyLegend = () => h("p", { class: "legend" }, ["trigger", "source", "target", "date", "place"]
  .map((c) => h("mark", { class: c }, c)));

function mentionsTable(cluster, currentId) {
  return h("table", {}, h("thead", {}, h("tr", {}, ["date", "outlet", "article", "sentence"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, cluster.mentions.map((m) => h("tr", {}, h("td", {}, m.date || "—"), h("td", {}, m.source || "—"),
      h("td", {}, link(`document/${m.doc_id}`, m.title || m.doc_id)),
      h("td", {}, m.event_id === currentId ? h("strong", {}, m.sentence, " (this event)") : link(`event/${m.event_id}`, m.sentence))))));
}

async function eventPage(id) {
  const e = await api(`events/${encodeURIComponent(id)}`);
  const sentence = e.record
    ? highlighted(e.record.evidence.sentence, evidenceSpans(e.record), e.record.evidence.sentence_start)
    : [e.sentence];
  const doc = e.document || {};
  page(`${e.type}: ${e.source_code || "?"} → ${e.target_code || "?"}`,
    h("blockquote", { class: "sentence" }, sentence), keyLegend(),
    h("dl", { class: "meta" },
      h("dt", {}, "date"), h("dd", {}, `${e.date || "—"} (${e.date_precision || "document date"})`),
      h("dt", {}, "type"), h("dd", { class: `q${e.quad_class}` }, `${e.type} · CAMEO ${e.cameo} ${e.cameo_name || ""} · ${quadName(e.quad_class)} · Goldstein ${fmt(e.goldstein)}`),
      h("dt", {}, "source"), h("dd", {}, `${e.source_name || ""} ${e.source_code || "—"}`),
      h("dt", {}, "target"), h("dd", {}, `${e.target_name || ""} ${e.target_code || "—"}`),
      h("dt", {}, "place"), h("dd", {}, e.location_name ? `${e.location_name} (${e.location_country || "?"})` : "—"),
      h("dt", {}, "modality"), h("dd", {}, `${e.modality} · confidence ${Number(e.confidence).toFixed(2)}`),
      h("dt", {}, "article"), h("dd", {}, link(`document/${e.doc_id}`, doc.title || e.doc_id), ` · ${doc.source || ""} · ${doc.pub_date || ""}`)),
    h("h2", {}, "Reports of the same event"),
    e.cluster ? [h("p", { class: "muted" }, `${e.cluster.num_articles} articles from ${e.cluster.num_sources} outlets, ${e.cluster.num_mentions} mentions`),
      mentionsTable(e.cluster, e.event_id)] : h("p", { class: "muted" }, "Not clustered yet (run dyadwatch cluster)."));
}

function documentBody(text, events, quotes, places) {
  const spans = [];
  for (const q of quotes) spans.push({ start: q.start, end: q.end, cls: "quote", label: `quote${q.speaker_name ? `: ${q.speaker_name}` : ""}` });
  for (const e of events) if (e.record) {
    for (const sp of evidenceSpans(e.record)) if (sp.cls !== "place" || !places.length) spans.push(sp);
  }
  for (const p of places) if (p.start !== null && p.start !== undefined) spans.push({ start: p.start, end: p.end, cls: "place", label: `place: ${p.name || p.text}` });
  return h("div", { class: "doctext" }, highlighted(text, spans));
}

function codedEvents(events) {
  return h("table", {}, h("thead", {}, h("tr", {}, ["type", "source", "target", "date", "place", "sentence"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, events.map((e) => {
      const record = e.record || e;
      const code = (side) => (e[`${side}_code`] ?? (record[side] || []).map((x) => x.code || x.text).join(", ")) || "—";
      return h("tr", {}, h("td", { class: `q${e.quad_class}` }, e.type), h("td", {}, code("source")), h("td", {}, code("target")),
        h("td", {}, e.date || "—"), h("td", {}, e.location_name || record.location?.name || ""),
        h("td", {}, highlighted(record.evidence.sentence, evidenceSpans(record), record.evidence.sentence_start),
          e.event_id && e.record ? [" ", link(`event/${e.event_id}`, "event")] : ""));
    })));
}

async function documentPage(id) {
  const d = await api(`documents/${encodeURIComponent(id)}`);
  page(d.title || d.doc_id,
    h("p", { class: "muted" }, `${d.source || "unknown outlet"} · ${d.pub_date || "undated"} · ${d.lang || "?"} · `,
      d.url && /^https?:/.test(d.url) ? h("a", { href: d.url, rel: "noopener noreferrer" }, d.url) : d.url || ""),
    keyLegend(), documentBody(d.text || "", d.events, d.quotes, d.places),
    h("h2", {}, `Events (${d.events.length})`), codedEvents(d.events),
    h("h2", {}, `Quotes (${d.quotes.length})`),
    h("ul", {}, d.quotes.map((q) => h("li", {}, `“${q.text}” — ${q.speaker_name || "unattributed"}`))));
}

function codePage() {
  const result = h("section", { "aria-labelledby": "coded" });
  const form = h("form", {},
    h("p", {}, h("label", { for: "code-text" }, "Article text"), h("textarea", { id: "code-text", name: "text", required: true })),
    h("p", { class: "filters" }, h("label", {}, "Language", h("select", { name: "lang" },
      [["", "detect"], ["en", "English"], ["fr", "French"], ["de", "German"], ["es", "Spanish"]].map(([v, t]) => h("option", { value: v }, t)))),
    h("label", {}, "Publication date", h("input", { type: "date", name: "date" })),
    h("button", { type: "submit" }, "Code")));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
    result.replaceChildren(h("p", {}, "Coding…"));
    try {
      const doc = await api("code", {}, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(data) });
      result.replaceChildren(h("h2", { id: "coded" }, `${doc.events.length} events (${doc.lang})`), keyLegend(),
        documentBody(doc.text, doc.events.map((e) => ({ ...e, record: e })), doc.quotes, doc.places), codedEvents(doc.events));
    } catch (err) {
      result.replaceChildren(h("p", { class: "error", role: "alert" }, err.message));
    }
  });
  page("Code a text", h("p", { class: "muted" }, "The text is coded on the server and not stored."), form, result);
}

const ROUTES = [
  [/^$/, overview], [/^dyad$/, dyadExplorer], [/^events$/, eventsPage], [/^map$/, mapPage],
  [/^network$/, networkPage], [/^event\/(.+)$/, eventPage], [/^document\/(.+)$/, documentPage], [/^code$/, codePage],
];

async function route() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const params = new URLSearchParams(query);
  for (const a of document.querySelectorAll("nav a")) {
    const target = a.getAttribute("href").replace(/^#\/?/, "");
    if (target === path.split("/")[0]) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const found = ROUTES.find(([re]) => re.test(path));
  main.setAttribute("aria-busy", "true");
  try {
    if (!found) { page("Not found", h("p", {}, "No such page.")); return; }
    const arg = path.match(found[0])[1];
    await found[1](arg !== undefined ? decodeURIComponent(arg) : params);
  } catch (err) {
    page("Something went wrong", h("p", { class: "error", role: "alert" }, err.message));
  } finally {
    main.setAttribute("aria-busy", "false");
    main.dataset.route = path.split("/")[0] || "overview";
  }
}

window.addEventListener("hashchange", route);
route();
