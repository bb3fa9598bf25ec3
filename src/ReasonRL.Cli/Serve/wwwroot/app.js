// The live view of `reasonrl serve`: lists the runs, draws the chosen runs' metrics overlaid (uPlot), and polls the
// server for lines appended to metrics.jsonl, so curves grow while a run trains. State lives in the URL hash
// (#runs=a,b&stage=grpo), so a view can be bookmarked and reloaded.
"use strict";

const POLL_MS = 1500;
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
// Shown first (and alone unless "every metric" is ticked), in this order; "@k" stands for any k.
const HEADLINE = ["llc", "eval/pass@1", "eval/maj@k", "pass_rate", "reward", "completions/mean_length", "reflection_rate", "kl", "entropy",
  "loss", "eval_loss", "eval/mean_length", "eval/reflection_rate"];

const state = { runs: [], selected: [], stage: null, allMetrics: false, data: new Map(), charts: new Map(), samples: [], samplesOf: null };
const $ = (id) => document.getElementById(id);

// ---- numbers for people (as the HTML report writes them) ----
function unitOf(metric) {
  const name = metric.startsWith("eval/") ? metric.slice(5) : metric;
  if (name.endsWith("flops")) return "flops";
  if (name.startsWith("time/") || name === "step_time") return "seconds";
  if (/^(pass|maj)@/.test(name) || name.startsWith("flags/") || name.startsWith("clip_ratio/") || /(_rate|ratio)$/.test(name) || name === "frac_reward_zero_std") return "fraction";
  return "plain";
}
function fmt(unit, v) {
  if (v == null || !isFinite(v)) return "–";
  if (unit === "fraction") return (v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0) + "%";
  if (unit === "seconds") return (v < 10 ? +v.toPrecision(2) : Math.round(v)) + " s";
  const a = Math.abs(v);
  if (unit === "flops" || a >= 1e9) return v.toExponential(2);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  if (a === 0) return "0";
  if (a < 1e-3) return v.toExponential(1);
  return String(+v.toPrecision(3));
}
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// ---- server ----
async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// ---- URL state ----
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.selected = (params.get("runs") || "").split(",").filter(Boolean);
  state.stage = params.get("stage");
  state.allMetrics = params.get("all") === "1";
}
function writeHash() {
  const params = new URLSearchParams();
  if (state.selected.length) params.set("runs", state.selected.join(","));
  if (state.stage) params.set("stage", state.stage);
  if (state.allMetrics) params.set("all", "1");
  history.replaceState(null, "", "#" + params.toString().replace(/%2C/g, ","));
}

// ---- run list ----
function renderRuns() {
  const list = $("run-list");
  list.innerHTML = "";
  for (const run of state.runs) {
    const li = document.createElement("li");
    li.dataset.run = run.id;
    li.className = state.selected.includes(run.id) ? "selected" : "";
    const steps = run.series.map((s) => s.lines).reduce((a, b) => a + b, 0);
    li.innerHTML = `<input type="checkbox" aria-label="overlay ${esc(run.id)}" ${state.selected.includes(run.id) ? "checked" : ""}>`
      + `<span class="name"><span class="dot ${run.live ? "live" : ""}" title="${run.live ? "written in the last minute" : "idle"}"></span>${esc(run.id)}</span>`
      + `<span class="sub">${esc(run.description || "")}</span>`
      + `<span class="sub">${run.series.length} stage${run.series.length === 1 ? "" : "s"} · ${steps} logged steps${run.live ? " · live" : ""}</span>`;
    li.querySelector("input").addEventListener("click", (e) => {
      e.stopPropagation();
      state.selected = e.target.checked ? [...state.selected, run.id] : state.selected.filter((r) => r !== run.id);
      changed();
    });
    li.addEventListener("click", () => { state.selected = [run.id]; changed(); });
    list.appendChild(li);
  }
}

// ---- the series on screen: every selected run's (and arm's) series of the chosen stage ----
function visibleSeries() {
  const all = state.runs.filter((r) => state.selected.includes(r.id)).flatMap((r) => r.series);
  const stages = [...new Set(all.map((s) => s.stage))];
  if (!stages.includes(state.stage)) {
    // The stage with the most lines, i.e. the main training stage.
    const lines = (stage) => all.filter((s) => s.stage === stage).reduce((a, s) => a + s.lines, 0);
    state.stage = stages.sort((a, b) => lines(b) - lines(a))[0] || null;
  }
  return { stages, series: all.filter((s) => s.stage === state.stage) };
}
const colorOf = (index) => PALETTE[index % PALETTE.length];

function changed() {
  writeHash();
  renderRuns();
  renderView(true);
  poll();
}

function renderView(rebuild) {
  const runs = state.runs.filter((r) => state.selected.includes(r.id));
  $("empty").hidden = runs.length > 0;
  $("view").hidden = runs.length === 0;
  if (!runs.length) return;
  const { stages, series } = visibleSeries();
  $("title").textContent = runs.length === 1 ? runs[0].id : `Comparing ${runs.length} runs`;
  $("description").textContent = runs.length === 1 ? runs[0].description || "" : runs.map((r) => r.id).join(" · ");
  $("findings").innerHTML = runs.flatMap((r) => r.findings.map((f) => `<li>${runs.length > 1 ? `<b>${esc(r.id)}</b>: ` : ""}${esc(f)}</li>`)).join("");
  const stage = $("stage");
  stage.innerHTML = stages.map((s) => `<option ${s === state.stage ? "selected" : ""}>${esc(s)}</option>`).join("");
  $("all-metrics").checked = state.allMetrics;
  $("legend").innerHTML = series.length > 1 ? series.map((s, i) => `<span><i style="background:${colorOf(i)}"></i>${esc(s.label)}</span>`).join("") : "";
  renderCharts(series, rebuild);
  renderSampleSeries(series);
}

// ---- charts ----
function metricsOf(series) {
  const names = new Set();
  for (const s of series) for (const row of state.data.get(s.id)?.rows || []) for (const k in row) if (k !== "step") names.add(k);
  const all = [...names].sort();
  const isHeadline = (h, m) => h.endsWith("@k") ? m.startsWith(h.slice(0, -1)) && /^\d+$/.test(m.slice(h.length - 1)) : m === h;
  const headline = HEADLINE.flatMap((h) => all.filter((m) => isHeadline(h, m)));
  const unique = [...new Set(headline)];
  return state.allMetrics ? [...unique, ...all.filter((m) => !unique.includes(m))] : (unique.length ? unique : all.slice(0, 8));
}

function chartData(metric, series) {
  const tables = series.map((s) => {
    const rows = (state.data.get(s.id)?.rows || []).filter((r) => r[metric] != null && r.step != null);
    return [rows.map((r) => r.step), rows.map((r) => r[metric])];
  });
  return uPlot.join(tables.map((t) => (t[0].length ? t : [[0], [null]])));
}

function renderCharts(series, rebuild) {
  const box = $("charts");
  const metrics = metricsOf(series);
  const key = series.map((s) => s.id).join("|") + "#" + metrics.join("|");
  if (rebuild || box.dataset.key !== key) {
    for (const chart of state.charts.values()) chart.plot.destroy();
    state.charts.clear();
    box.innerHTML = "";
    box.dataset.key = key;
    for (const metric of metrics) {
      const el = document.createElement("div");
      el.className = "chart";
      el.dataset.metric = metric;
      el.innerHTML = `<h4>${esc(metric)}</h4>`;
      box.appendChild(el);
      const unit = unitOf(metric);
      const sparse = !(series.some((s) => (state.data.get(s.id)?.rows || []).filter((r) => r[metric] != null).length > 12));
      const plot = new uPlot({
        width: Math.max(300, el.clientWidth - 12), height: 190,
        legend: { show: series.length > 1 },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false } },
        axes: [{ label: "step", size: 34, labelSize: 14 }, { size: 56, values: (u, ticks) => ticks.map((v) => fmt(unit, v)) }],
        series: [{ label: "step" }, ...series.map((s, i) => ({
          label: s.label, stroke: colorOf(i), width: 1.6, spanGaps: true,
          points: { show: sparse, size: 5, fill: colorOf(i) },
          value: (u, v) => fmt(unit, v),
        }))],
      }, chartData(metric, series), el);
      state.charts.set(metric, { plot, el, series });
    }
  } else {
    for (const [metric, chart] of state.charts) chart.plot.setData(chartData(metric, chart.series));
  }
  for (const [metric, chart] of state.charts) {
    const points = series.reduce((n, s) => n + (state.data.get(s.id)?.rows || []).filter((r) => r[metric] != null).length, 0);
    const last = Math.max(-1, ...series.flatMap((s) => (state.data.get(s.id)?.rows || []).filter((r) => r[metric] != null).map((r) => r.step)));
    chart.el.dataset.points = points;
    chart.el.dataset.lastStep = last;
  }
  const last = Math.max(-1, ...series.flatMap((s) => (state.data.get(s.id)?.rows || []).map((r) => r.step)));
  $("steps").textContent = last >= 0 ? `last logged step ${last}` : "no step logged yet";
  $("steps").dataset.lastStep = last;
}

window.addEventListener("resize", () => {
  for (const chart of state.charts.values()) chart.plot.setSize({ width: Math.max(300, chart.el.clientWidth - 12), height: 190 });
});

// ---- samples ----
function renderSampleSeries(series) {
  const select = $("sample-series");
  const current = series.find((s) => s.id === state.samplesOf) ? state.samplesOf : series[0]?.id;
  select.innerHTML = series.map((s) => `<option value="${esc(s.id)}" ${s.id === current ? "selected" : ""}>${esc(s.label)}</option>`).join("");
  if (current !== state.samplesOf) loadSamples(current);
}

async function loadSamples(id) {
  state.samplesOf = id;
  state.samples = id ? await getJson(`api/samples?series=${encodeURIComponent(id)}`).catch(() => []) : [];
  const options = (el, values, label) => {
    const chosen = el.value; // kept when new samples arrive
    el.innerHTML = `<option value="">${label}</option>` + values.map((v) => `<option>${esc(v)}</option>`).join("");
    el.value = values.map(String).includes(chosen) ? chosen : "";
  };
  options($("sample-step"), [...new Set(state.samples.map((s) => s.step))].sort((a, b) => a - b), "all");
  options($("sample-outcome"), [...new Set(state.samples.map((s) => s.verdict.outcome))].sort(), "any");
  options($("sample-flag"), [...new Set(state.samples.flatMap((s) => s.verdict.flags || []))].sort(), "any");
  renderSamples();
}

function marked(completion, steps) {
  let html = "", start = 0;
  (steps || []).forEach((step, i) => {
    const end = Math.min(Math.max(step.end, start), completion.length);
    const cls = step.correct ? "ok" : "bad";
    html += `<span class="step ${cls}" title="step ${i + 1}: ${step.correct ? "correct" : "wrong"}">${esc(completion.slice(start, end))}</span><sup class="mark ${cls}">${i + 1}${step.correct ? "✓" : "✗"}</sup>`;
    start = end;
  });
  return html + esc(completion.slice(start));
}

function renderSamples() {
  const step = $("sample-step").value, outcome = $("sample-outcome").value, flag = $("sample-flag").value;
  const reward = parseFloat($("sample-reward").value);
  const shown = state.samples.filter((s) => (!step || String(s.step) === step) && (!outcome || s.verdict.outcome === outcome)
    && (!flag || (s.verdict.flags || []).includes(flag)) && (isNaN(reward) || s.reward >= reward));
  $("sample-count").textContent = `${shown.length} of ${state.samples.length} samples`;
  $("samples").innerHTML = shown.slice(-60).reverse().map((s) => `<div class="card" data-outcome="${esc(s.verdict.outcome)}" data-step="${s.step}">`
    + `<div class="card-head"><span class="badge ${s.verdict.outcome === "correct" ? "ok" : "bad"}">${esc(s.verdict.outcome)}</span> reward ${fmt("plain", s.reward)}`
    + ` <span class="muted">· step ${s.step} · ${esc(s.problem_id)}</span>${(s.verdict.flags || []).map((f) => `<span class="chip">${esc(f)}</span>`).join("")}</div>`
    + `<pre><span class="prompt">${esc(s.prompt)}</span>${marked(s.completion, s.verdict.steps)}</pre></div>`).join("");
}

for (const id of ["sample-step", "sample-outcome", "sample-flag", "sample-reward"]) $(id).addEventListener("input", renderSamples);
$("sample-series").addEventListener("change", (e) => loadSamples(e.target.value));
$("stage").addEventListener("change", (e) => { state.stage = e.target.value; writeHash(); renderView(true); poll(); });
$("all-metrics").addEventListener("change", (e) => { state.allMetrics = e.target.checked; writeHash(); renderView(true); });

// ---- polling: new runs, and new lines of the series on screen ----
let polling = false;
async function poll() {
  if (polling) return;
  polling = true;
  try {
    const listing = await getJson("api/runs");
    $("root").textContent = listing.root;
    const before = JSON.stringify(state.runs.map((r) => [r.id, r.live, r.series.map((s) => s.id + s.lines)]));
    state.runs = listing.runs;
    if (JSON.stringify(state.runs.map((r) => [r.id, r.live, r.series.map((s) => s.id + s.lines)])) !== before) renderRuns();
    if (!state.selected.length && state.runs.length && !location.hash.includes("runs=")) {
      state.selected = [state.runs[0].id];
      writeHash();
      renderRuns();
    }
    const { series } = visibleSeries();
    let grew = false;
    for (const s of series) {
      const known = state.data.get(s.id) || { rows: [], total: 0 };
      const update = await getJson(`api/metrics?series=${encodeURIComponent(s.id)}&from=${known.total}`);
      if (update.reset) known.rows = [];
      if (update.rows.length || update.reset) grew = true;
      known.rows.push(...update.rows);
      known.total = update.total;
      state.data.set(s.id, known);
    }
    renderView(false);
    if (grew && state.samplesOf) loadSamples(state.samplesOf);
    $("pulse").className = state.runs.some((r) => r.live) ? "live" : "";
    $("pulse").textContent = state.runs.some((r) => r.live) ? "● live" : "● up to date";
  } catch (error) {
    $("pulse").className = "error";
    $("pulse").textContent = `● ${error.message}`;
  } finally {
    polling = false;
  }
}

readHash();
poll();
setInterval(poll, POLL_MS);
