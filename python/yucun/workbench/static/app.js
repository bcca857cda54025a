// yucun workbench: the page. Everything it shows comes from the server's /api (the
// engine's schema, saved scenarios, yucun compare's numbers); this file only draws
// it, in Chinese or English.
"use strict";

// A report written by `yucun report` (or downloaded) carries its data: no server.
const STATIC = window.YUCUN_STATIC || null;
const TOKEN = new URLSearchParams(location.search).get("token") || "";
function storedLang() { try { return localStorage.getItem("yucun-lang"); } catch (e) { return null; } }
let LANG = STATIC ? STATIC.lang : storedLang() === "zh" ? "zh" : "en";
let META = null;        // /api/meta
let CURRENT = null;     // the saved scenario being edited (its name) or null
let JOB = null;         // the job last started or shown
let RESULT = null;      // its comparison
const charts = {};
let resultMap = null;

// Interface words. Indicator, lever and village names come from the server (glossary.yaml, villages_zh.yaml).
const T = {
  en: {
    title: "yucun workbench: greater Yucun policy comparison",
    tab_setup: "1 Set up a policy", tab_run: "2 Run", tab_compare: "3 Compare", tab_glossary: "Glossary",
    saved_scenarios: "Saved policies", new_scenario: "New policy from the baseline",
    setup_intro: "Start from the baseline (the greater Yucun area as calibrated to 2023) and switch on the levers of your policy. Each lever says what it changes and what it costs. Numbers may be typed with separators (5,000,000) or as 500万.",
    name: "Name", name_hint: "1-40 letters or digits, '-' or '_'; it names the file and the runs.", description: "Description (one sentence)",
    check: "Check", save: "Save", download_yaml: "Download YAML", saved_ok: "Saved. It can be run on the Run page, or with: yucun run {file}",
    checked_ok: "No problems found.", has_errors: "Please correct the fields marked in red.",
    on: "On", range: "allowed: {range}", read_as: "read as {value}", whole_run: "empty: the whole run",
    pick_on_map: "Pick on the map (click a village)", add_link: "Add a link", remove: "Remove", from: "From", to: "To", km: "km", minutes: "minutes",
    run_intro: "Choose the saved policies to run against the baseline. Every scenario runs the same replicates with the same random streams, so differences are paired. Results are kept: asking again for the same runs returns at once.",
    replicates_label: "Replicates (2-16)", run_button: "Run against the baseline", cancel: "Cancel", no_saved: "No saved policy yet: set one up first (page 1).",
    job_queued: "Waiting for a free worker...", job_running: "Running: {pct}% (estimated)", job_finished: "Finished in {s} s.",
    job_failed: "The run failed: {error}", job_cancelled: "Cancelled.", run_state: { queued: "waiting", running: "running", done: "done", cached: "from the cache", failed: "failed", cancelled: "cancelled" },
    compare_empty: "No comparison yet: run policies against the baseline on the Run page.",
    downloads: "Downloads:", dl_xlsx: "Excel workbook", dl_csv: "CSV (all numbers, yucun compare)", dl_year: "CSV by year", dl_village: "CSV by village", dl_html: "HTML report", summary: "Summary", cost_table: "Costs and effects",
    policies_compared: "Policies compared", whole_period: "whole run", no_lever: "No lever switched on: the calibrated baseline.",
    report_note: "A report written by yucun {version} on {created}: it holds its data and works offline.",
    summary_note: "{n} replicates of each scenario, paired with the baseline's. Period {period}. A difference is called clear of chance variation when its 95% interval excludes zero.",
    charts: "Indicators", indicator_label: "Indicator", map_scenario: "Scenario on the map", by_year: "By year (mean and 95% interval)",
    by_village: "By village, whole period", map: "Map", distribution: "Income distribution in the last year (per-capita income by decile)",
    map_note: "Village positions are schematic (kilometres east and north of Yucun, as in the scenario), not surveyed coordinates: no citable source of the 24 villages' latitude and longitude was found. Grey: roads; orange: shuttle route; green: greenway.",
    map_diff: "difference from the baseline", decile: "decile", baseline: "Baseline",
    village_fallback: "{ind} has area-wide values only: the village chart and the map show {fallback}.",
    cost_cols: ["Policy", "Net public cost, whole period (yuan, capital costs included)", "Households' income, whole period (yuan)", "Rural income per person, last year (yuan)", "Share of visits outside Yucun", "Gini, last year", "Net public cost per yuan of households' income"],
    cost_note: "Changes from the baseline, means over the paired replicates. Households' income: all households' income over the run, from every source (tea, homestays, wages, business, dividends, transfers, remittances, interest). Grey: not distinguishable from chance variation. The cost per yuan of income is given only when both changes are clear of chance and income rises.",
    chance: { yes: "clear of chance", no: "not distinguishable from chance", "n/a": "too few replicates" },
    not_available: "not available", glossary_indicators: "Indicators", glossary_levers: "Policy levers", glossary_terms: "Terms",
    levers_on: "levers on: {list}", none_on: "no lever on", delete: "Delete", confirm_delete: "Delete the saved policy {name}?",
    server_error: "The server refused the request: {error}", lang_button: "中文",
  },
  zh: {
    title: "yucun 工作台：大余村政策情景对比",
    tab_setup: "1 设置政策", tab_run: "2 运行", tab_compare: "3 对比结果", tab_glossary: "术语表",
    saved_scenarios: "已保存的政策情景", new_scenario: "以基准情景为起点新建",
    setup_intro: "从基准情景（按2023年校准的大余村片区）出发，启用并设置所需的政策措施。每项措施都说明其作用机制和成本。数值可带千位分隔符（5,000,000）或写作“500万”。",
    name: "名称", name_hint: "1至40个字（汉字、字母、数字、“-”或“_”），用作文件名和运行名称。", description: "说明（一句话）",
    check: "检查", save: "保存", download_yaml: "下载YAML文件", saved_ok: "已保存。可在“运行”页运行，或使用命令：yucun run {file}",
    checked_ok: "未发现问题。", has_errors: "请修改标红的设置项。",
    on: "启用", range: "允许范围：{range}", read_as: "读作 {value}", whole_run: "留空：整个模拟期",
    pick_on_map: "在地图上选择（点击村庄）", add_link: "添加连接", remove: "删除", from: "起点", to: "终点", km: "公里", minutes: "分钟",
    run_intro: "选择要与基准情景对比的已保存政策情景。各情景使用相同的重复次数和相同的随机数序列，因此差值为配对比较。结果会被保存：再次请求相同的运行会立即返回。",
    replicates_label: "重复模拟次数（2至16）", run_button: "与基准情景对比运行", cancel: "取消", no_saved: "还没有已保存的政策情景：请先在第1页设置。",
    job_queued: "等待空闲的计算进程……", job_running: "运行中：{pct}%（估计）", job_finished: "已完成，用时{s}秒。",
    job_failed: "运行失败：{error}", job_cancelled: "已取消。", run_state: { queued: "等待中", running: "运行中", done: "已完成", cached: "取自缓存", failed: "失败", cancelled: "已取消" },
    compare_empty: "尚无对比结果：请在“运行”页将政策情景与基准情景对比运行。",
    downloads: "下载：", dl_xlsx: "Excel工作簿", dl_csv: "CSV（全部数据，yucun compare）", dl_year: "分年度CSV", dl_village: "分村CSV", dl_html: "HTML报告", summary: "结论摘要", cost_table: "成本与效果",
    policies_compared: "参与对比的政策情景", whole_period: "整个模拟期", no_lever: "未启用政策措施：即校准后的基准情景。",
    report_note: "本报告由 yucun {version} 于 {created} 生成，数据已包含在文件中，可离线查看。",
    summary_note: "每个情景{n}次重复模拟，与基准情景配对比较。时段：{period}。差值的95%区间不含零时，称其“超出随机波动”。",
    charts: "指标", indicator_label: "指标", map_scenario: "地图显示的情景", by_year: "分年度（平均值及95%区间）",
    by_village: "分村（全时段）", map: "地图", distribution: "末年收入分布（按十等分组的人均收入）",
    map_note: "村庄位置为示意位置（按情景文件中相对余村向东、向北的公里数），并非测绘坐标：未找到可引用的24个村经纬度来源。灰线：道路；橙线：接驳线路；绿线：绿道。",
    map_diff: "与基准情景的差值", decile: "十等分组", baseline: "基准情景",
    village_fallback: "“{ind}”只有全域数值：分村图和地图显示“{fallback}”。",
    cost_cols: ["政策情景", "财政净支出（全时段，元，含建设购置费用）", "农户总收入（全时段，元）", "末年农村居民人均收入（元）", "余村以外游客占比", "末年基尼系数", "每增加1元农户收入的财政净支出（元）"],
    cost_note: "均为与基准情景的差值（配对重复模拟的平均值）。农户总收入：模拟期内全部农户各项来源（茶叶、民宿、工资、经营、分红、转移性收入、汇款、利息）的收入合计。灰色：与随机波动无法区分。只有两项变化都超出随机波动且农户收入增加时，才给出每增加1元收入的财政净支出。",
    chance: { yes: "超出随机波动", no: "与随机波动无法区分", "n/a": "重复次数不足" },
    not_available: "无数据", glossary_indicators: "指标", glossary_levers: "政策措施", glossary_terms: "术语",
    levers_on: "已启用：{list}", none_on: "未启用政策措施", delete: "删除", confirm_delete: "删除已保存的政策情景“{name}”？",
    server_error: "服务器拒绝了请求：{error}", lang_button: "English",
  },
};

function t(key, vars) {
  let s = T[LANG][key];
  if (s === undefined && META && META.ui[key]) s = META.ui[key][LANG];
  if (s === undefined) s = key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = String(s).split(`{${k}}`).join(v);
  return s;
}
const locale = () => (LANG === "zh" ? "zh-CN" : "en-GB");
function num(x, digits = 0) {
  if (x === null || x === undefined || !isFinite(x)) return t("not_available");
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
}
function signed(x, digits = 0) { return (x > 0 ? "+" : "") + num(x, digits); }
function dateText(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale(), { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}
function yearText(y) { return LANG === "zh" ? `${y}年` : String(y); }
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}
const byId = (id) => document.getElementById(id);
const label = (o) => (o ? o[LANG] || o.en || "" : "");
function villageName(name) {
  const v = META.villages.find((x) => x.name === name);
  if (!v) return name;
  return LANG === "zh" ? `${v.name_zh || v.name}` : `${v.pinyin || v.name}`;
}
function villageTitle(v) { return `${v.name_zh} ${v.pinyin}`; }
function withToken(url) { return TOKEN ? url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN) : url; }

async function api(path, options = {}) {
  const headers = Object.assign({ "Content-Type": "application/json" }, TOKEN ? { "X-Yucun-Token": TOKEN } : {});
  const response = await fetch(path, Object.assign({ headers }, options));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { ok: response.ok, status: response.status, body };
}

// ---------------------------------------------------------------- language
function applyLanguage() {
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  byId("lang").textContent = t("lang_button");
  if (!META) return;
  if (!STATIC) {
    renderSaved();
    renderForm(collectForm());
    renderRunChoices();
  }
  renderGlossary();
  if (RESULT) renderComparison();
  if (JOB) showJob(JOB);
}

// ---------------------------------------------------------------- tabs
function showTab(name) {
  for (const p of document.querySelectorAll(".page")) p.classList.toggle("hidden", p.id !== name);
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  if (name === "compare" && resultMap) fitResultMap();
}

// ---------------------------------------------------------------- set up
let SAVED = [];
async function loadSaved() {
  const r = await api("/api/scenarios");
  SAVED = r.ok ? r.body : [];
  renderSaved();
  renderRunChoices();
}

function leverLabel(key) { const l = META.levers.find((x) => x.key === key); return l ? label(l) : key; }

function renderSaved() {
  const ul = byId("saved");
  ul.replaceChildren();
  for (const s of SAVED) {
    const on = s.levers.length ? t("levers_on", { list: s.levers.map(leverLabel).join(LANG === "zh" ? "、" : ", ") }) : t("none_on");
    ul.append(el("li", { class: s.name === CURRENT ? "current" : "", "data-name": s.name, onclick: () => openSaved(s.name) },
      s.name, el("small", { text: s.description || on })));
  }
}

async function openSaved(name) {
  const r = await api(`/api/scenarios/${encodeURIComponent(name)}`);
  if (!r.ok) return showErrors(r.body);
  CURRENT = name;
  renderForm(r.body);
  renderSaved();
  showErrors(null);
  const a = byId("download-yaml");
  a.href = withToken(`/api/scenarios/${encodeURIComponent(name)}/yaml`);
  a.classList.remove("hidden");
}

function newScenario() {
  CURRENT = null;
  renderForm({ name: "", description: "", levers: {} });
  renderSaved();
  showErrors(null);
  byId("download-yaml").classList.add("hidden");
  byId("save-status").textContent = "";
}

const DEFAULT_DATES = ["1900-01-01", "2199-12-31"];

function rangeText(p) {
  const lo = p.lo === null ? null : num(p.lo, p.lo % 1 ? 2 : 0), hi = p.hi === null ? null : num(p.hi, p.hi % 1 ? 2 : 0);
  if (lo !== null && hi !== null) return `${p.lo_open ? "> " + lo + (LANG === "zh" ? "，≤ " : ", ≤ ") + hi : lo + " – " + hi}`;
  if (lo !== null) return `${p.lo_open ? ">" : "≥"} ${lo}`;
  return "";
}

function parseNumber(text) {
  const s = String(text).trim().replace(/[,，\s_]/g, "");
  const m = s.match(/^(-?[0-9.eE+-]+)([万亿kKmM]?)$/);
  if (!m) return null;
  const f = { "": 1, "万": 1e4, "亿": 1e8, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]];
  const x = Number(m[1]) * f;
  return isFinite(x) ? x : null;
}

function renderForm(form) {
  byId("f-name").value = form.name || "";
  byId("f-description").value = form.description || "";
  const box = byId("levers");
  box.replaceChildren();
  for (const lever of META.levers) {
    const values = (form.levers || {})[lever.key] || {};
    const enabled = !!values.enabled;
    const card = el("div", { class: "lever" + (enabled ? " on" : ""), "data-lever": lever.key });
    const toggle = el("input", { type: "checkbox", id: `lever-${lever.key}`, "data-field": `policies.${lever.key}.enabled` });
    toggle.checked = enabled;
    toggle.addEventListener("change", () => card.classList.toggle("on", toggle.checked));
    card.append(el("h3", {}, toggle, el("label", { for: `lever-${lever.key}`, text: `${label(lever)}` })));
    card.append(el("p", { class: "explain", text: LANG === "zh" ? lever.explain_zh : lever.explain_en }));
    const params = el("div", { class: "params" });
    for (const p of lever.params) {
      if (p.key === "enabled") continue;
      params.append(renderParam(lever, p, p.key in values ? values[p.key] : p.value));
    }
    card.append(params, el("div", { class: "field-error", "data-for": `policies.${lever.key}` }));
    box.append(card);
  }
}

function renderParam(lever, p, value) {
  const field = `policies.${lever.key}.${p.key}`;
  const id = `f-${lever.key}-${p.key}`;
  const unit = LANG === "zh" ? p.unit_zh : p.unit_en;
  const title = label(p) + (unit ? ` (${unit})` : "");
  const wrap = el("div", { class: "param", "data-param": field });
  if (p.kind === "a list" && p.key === "villages") {
    wrap.className = "villages";
    wrap.append(el("label", { text: title }));
    const chosen = new Set(value || []);
    for (const v of META.villages) {
      const box = el("input", { type: "checkbox", "data-village": v.name, "data-field": field });
      box.checked = chosen.has(v.name);
      wrap.append(el("label", { title: villageTitle(v) }, box, villageName(v.name)));
    }
    const mapBox = el("div", { class: "pick-map hidden" });
    const button = el("button", { type: "button", class: "pick", text: t("pick_on_map"), onclick: (e) => { e.preventDefault(); mapBox.classList.remove("hidden"); pickMap(mapBox, wrap); } });
    wrap.append(button, mapBox, el("div", { class: "field-error", "data-for": field }));
    return wrap;
  }
  if (p.kind === "a list" && p.key === "links") {
    wrap.className = "links";
    wrap.append(el("label", { text: title }));
    const table = el("table", { "data-field": field });
    const addRow = (row = {}) => {
      const sel = (k) => {
        const s = el("select", { "data-k": k });
        s.append(el("option", { value: "", text: "—" }));
        for (const v of META.villages) s.append(el("option", { value: v.name, text: villageName(v.name) }));
        s.value = row[k] || "";
        return s;
      };
      const tr = el("tr", { class: "link" },
        el("td", {}, t("from"), " ", sel("from")), el("td", {}, t("to"), " ", sel("to")),
        el("td", {}, el("input", { "data-k": "km", size: 5, value: row.km ?? "" }), " ", t("km")),
        el("td", {}, el("input", { "data-k": "minutes", size: 5, value: row.minutes ?? "" }), " ", t("minutes")),
        el("td", {}, el("button", { type: "button", text: t("remove"), onclick: (e) => { e.preventDefault(); tr.remove(); } })));
      table.append(tr);
    };
    for (const row of value || []) addRow(row);
    wrap.append(table, el("button", { type: "button", text: t("add_link"), onclick: (e) => { e.preventDefault(); addRow(); } }),
      el("div", { class: "field-error", "data-for": field }));
    return wrap;
  }
  wrap.append(el("label", { for: id, text: title }));
  let input;
  if (p.kind === "a date") {
    input = el("input", { id, type: "date", "data-field": field, value: DEFAULT_DATES.includes(value) ? "" : value || "" });
    wrap.append(input, el("div", { class: "hint", text: t("whole_run") }));
  } else if (p.kind === "a named value") {
    input = el("select", { id, "data-field": field });
    for (const o of p.options) input.append(el("option", { value: o, text: o }));
    input.value = value;
    wrap.append(input);
  } else if (p.kind === "true or false") {
    input = el("input", { id, type: "checkbox", "data-field": field });
    input.checked = !!value;
    wrap.append(input);
  } else {
    input = el("input", { id, type: "text", inputmode: "decimal", "data-field": field, value: value ?? "" });
    const read = el("div", { class: "read" });
    const hint = el("div", { class: "hint", text: rangeText(p) ? t("range", { range: rangeText(p) }) : "" });
    input.addEventListener("input", () => {
      const x = parseNumber(input.value);
      read.textContent = x !== null && String(input.value).replace(/[0-9.]/g, "") !== "" ? t("read_as", { value: num(x, x % 1 ? 4 : 0) }) : "";
    });
    wrap.append(input, hint, read);
  }
  wrap.append(el("div", { class: "field-error", "data-for": field }));
  return wrap;
}

function pickMap(box, wrap) {
  if (box._map) return;
  const map = L.map(box, { crs: L.CRS.Simple, attributionControl: false, zoomSnap: 0.25 });
  box._map = map;
  const markers = {};
  const draw = () => {
    for (const v of META.villages) {
      const on = wrap.querySelector(`input[data-village="${v.name}"]`).checked;
      markers[v.name].setStyle({ fillColor: on ? "#1f8a70" : "#ffffff" });
    }
  };
  for (const r of META.roads) {
    const a = META.villages.find((v) => v.name === r.from), b = META.villages.find((v) => v.name === r.to);
    if (a && b) L.polyline([[a.y_km, a.x_km], [b.y_km, b.x_km]], { color: "#aab7c4", weight: 2 }).addTo(map);
  }
  for (const v of META.villages) {
    const m = L.circleMarker([v.y_km, v.x_km], { radius: 8, color: "#1f4e5f", weight: 2, fillOpacity: 1, className: `pick-${v.name}` }).addTo(map);
    m.bindTooltip(villageName(v.name), { permanent: true, direction: "right", className: "village-label" });
    m.on("click", () => { const box = wrap.querySelector(`input[data-village="${v.name}"]`); box.checked = !box.checked; draw(); });
    markers[v.name] = m;
  }
  for (const b of wrap.querySelectorAll("input[data-village]")) b.addEventListener("change", draw);
  map.fitBounds(L.latLngBounds(META.villages.map((v) => [v.y_km, v.x_km])).pad(0.1));
  draw();
}

function collectForm() {
  const form = { name: byId("f-name").value.trim(), description: byId("f-description").value.trim(), levers: {} };
  for (const card of document.querySelectorAll(".lever")) {
    const key = card.dataset.lever;
    const values = { enabled: card.querySelector(`#lever-${key}`).checked };
    for (const wrap of card.querySelectorAll("[data-param]")) {
      const field = wrap.dataset.param, name = field.split(".").pop();
      if (wrap.classList.contains("villages")) {
        values[name] = [...wrap.querySelectorAll("input[data-village]")].filter((b) => b.checked).map((b) => b.dataset.village);
      } else if (wrap.classList.contains("links")) {
        values[name] = [...wrap.querySelectorAll("tr.link")].map((tr) => {
          const row = {};
          for (const i of tr.querySelectorAll("[data-k]")) row[i.dataset.k] = i.value;
          return row;
        });
      } else {
        const input = wrap.querySelector("[data-field]");
        values[name] = input.type === "checkbox" ? input.checked : input.value;
      }
    }
    form.levers[key] = values;
  }
  return form;
}

function showErrors(body) {
  for (const e of document.querySelectorAll(".field-error")) e.replaceChildren();
  for (const e of document.querySelectorAll(".bad")) e.classList.remove("bad");
  if (!body || !body.errors || !body.errors.length) return 0;
  for (const err of body.errors) {
    let field = err.field || "";
    let target = document.querySelector(`.field-error[data-for="${CSS.escape(field)}"]`);
    while (!target && field) {
      field = field.replace(/(\[\d+\])?(\.[^.]*)?$/, "");
      field = field.replace(/\[\d+\]$/, "");
      target = document.querySelector(`.field-error[data-for="${CSS.escape(field)}"]`);
      if (!field.includes(".")) break;
    }
    target = target || document.querySelector('.page:not(.hidden) .field-error[data-for=""]') || document.querySelector('.field-error[data-for=""]');
    const main = LANG === "zh" ? err.message_zh : err.message_en;
    target.append(el("div", { text: main }));
    if (LANG === "zh" && err.message_en !== err.message_zh) target.append(el("div", { class: "hint", text: err.message_en }));
    const input = document.querySelector(`[data-field="${CSS.escape(err.field)}"]`);
    if (input) input.classList.add("bad");
  }
  const first = document.querySelector(".field-error:not(:empty)");
  if (first) first.scrollIntoView({ block: "center" });
  return body.errors.length;
}

async function checkForm() {
  const r = await api("/api/validate", { method: "POST", body: JSON.stringify(collectForm()) });
  const n = showErrors(r.body);
  byId("save-status").textContent = n ? t("has_errors") : t("checked_ok");
}

async function saveForm() {
  const r = await api("/api/scenarios", { method: "POST", body: JSON.stringify(collectForm()) });
  if (!r.ok) {
    showErrors(r.body);
    byId("save-status").textContent = t("has_errors");
    return;
  }
  showErrors(null);
  CURRENT = r.body.name;
  byId("save-status").textContent = t("saved_ok", { file: `scenarios/${r.body.name}.yaml` });
  const a = byId("download-yaml");
  a.href = withToken(`/api/scenarios/${encodeURIComponent(r.body.name)}/yaml`);
  a.classList.remove("hidden");
  await loadSaved();
}

// ---------------------------------------------------------------- run
function renderRunChoices() {
  const box = byId("run-choices");
  const chosen = new Set([...box.querySelectorAll("input:checked")].map((b) => b.value));
  box.replaceChildren();
  if (!SAVED.length) box.append(el("p", { text: t("no_saved") }));
  for (const s of SAVED) {
    const b = el("input", { type: "checkbox", value: s.name, "data-run": s.name });
    b.checked = chosen.has(s.name);
    box.append(el("label", {}, b, ` ${s.name}`, el("span", { class: "hint", text: s.description ? ` — ${s.description}` : "" })));
  }
}

async function startRun() {
  const names = [...document.querySelectorAll("#run-choices input:checked")].map((b) => b.value);
  const replicates = Number(byId("replicates").value);
  showErrors(null);
  const r = await api("/api/jobs", { method: "POST", body: JSON.stringify({ scenarios: names, replicates }) });
  if (!r.ok) return showErrors(r.body || { errors: [{ field: "", message_en: `HTTP ${r.status}`, message_zh: `HTTP ${r.status}` }] });
  JOB = r.body;
  showJob(JOB);
  poll();
}

async function poll() {
  if (!JOB) return;
  const r = await api(`/api/jobs/${JOB.id}`);
  if (r.ok) { JOB = r.body; showJob(JOB); }
  if (JOB.state === "queued" || JOB.state === "running") setTimeout(poll, 400);
  else if (JOB.state === "finished") await loadComparison(JOB.id);
}

function showJob(job) {
  byId("job").classList.remove("hidden");
  byId("progress-bar").style.width = `${Math.round(job.progress * 100)}%`;
  const running = job.state === "queued" || job.state === "running";
  byId("cancel-run").classList.toggle("hidden", !running);
  byId("start-run").disabled = running;
  const status = { queued: t("job_queued"), running: t("job_running", { pct: Math.round(job.progress * 100) }),
    finished: t("job_finished", { s: num(job.elapsed, 1) }), failed: t("job_failed", { error: job.error }), cancelled: t("job_cancelled") }[job.state];
  byId("job-status").textContent = status;
  byId("job-status").dataset.state = job.state;
  const ul = byId("job-runs");
  ul.replaceChildren();
  for (const run of job.runs) ul.append(el("li", { text: `${run.label === "baseline" ? t("baseline") : run.label}: ${T[LANG].run_state[run.state] || run.state}` }));
}

async function cancelRun() {
  if (!JOB) return;
  const r = await api(`/api/jobs/${JOB.id}/cancel`, { method: "POST" });
  if (r.ok) { JOB = r.body; showJob(JOB); }
}

// ---------------------------------------------------------------- compare
async function loadComparison(id) {
  const r = await api(`/api/jobs/${id}/comparison`);
  if (!r.ok) return;
  RESULT = r.body;
  RESULT.job = id;
  showTab("compare");
  renderComparison();
}

const DIGITS = { gini: 3, urban_rural_ratio: 3, visitors_outside_core_share: 3, overnight_share: 3, visitor_spread: 2 };
const digitsOf = (ind) => DIGITS[ind] ?? 0;
function scenarioLabel(l) { return l === "baseline" ? t("baseline") : l; }
function indicatorLabel(ind) { const g = META.indicators[ind]; return g ? g[LANG] : ind; }
function indicatorUnit(ind, fallback) { const g = META.indicators[ind]; return g ? g[`unit_${LANG}`] : fallback; }

function renderComparison() {
  byId("compare-empty").classList.add("hidden");
  byId("compare-body").classList.remove("hidden");
  const yamls = byId("dl-yaml");
  yamls.replaceChildren();
  if (STATIC) {
    const d = STATIC.downloads;
    Object.assign(byId("dl-xlsx"), { href: d[`xlsx_${LANG}`], download: `yucun-comparison-${LANG}.xlsx` });
    Object.assign(byId("dl-csv"), { href: d.csv, download: "yucun-comparison.csv" });
    Object.assign(byId("dl-year"), { href: d[`year_${LANG}`], download: `yucun-by-year-${LANG}.csv` });
    Object.assign(byId("dl-village"), { href: d[`village_${LANG}`], download: `yucun-by-village-${LANG}.csv` });
    byId("dl-html").classList.add("hidden");
    for (const l of RESULT.labels.slice(1)) yamls.append(el("a", { class: "button", href: d.yaml[l], download: `${l}.yaml`, text: `${l}.yaml` }), " ");
    const note = byId("report-note");
    note.textContent = t("report_note", { version: META.version, created: STATIC.created });
    note.classList.remove("hidden");
  } else {
    byId("dl-xlsx").href = withToken(`/api/jobs/${RESULT.job}/comparison.xlsx?lang=${LANG}`);
    byId("dl-csv").href = withToken(`/api/jobs/${RESULT.job}/comparison.csv`);
    byId("dl-year").href = withToken(`/api/jobs/${RESULT.job}/by-year.csv?lang=${LANG}`);
    byId("dl-village").href = withToken(`/api/jobs/${RESULT.job}/by-village.csv?lang=${LANG}`);
    byId("dl-html").href = withToken(`/api/jobs/${RESULT.job}/report.html?lang=${LANG}`);
    for (const l of RESULT.labels.slice(1)) yamls.append(el("a", { class: "button", href: withToken(`/api/scenarios/${encodeURIComponent(l)}/yaml`), text: `${l}.yaml` }), " ");
  }
  renderPolicies();
  byId("summary-note").textContent = t("summary_note", { n: RESULT.replicates, period: RESULT.period });

  const box = byId("summaries");
  box.replaceChildren();
  for (const s of RESULT.summaries) {
    const ul = el("ul");
    for (const sen of s.sentences) {
      const cls = sen.distinguishable === "yes" ? "chance-yes" : sen.distinguishable === "no" ? "chance-no" : "chance-na";
      ul.append(el("li", { class: cls, "data-indicator": sen.indicator }, sen[LANG]));
    }
    box.append(el("div", { class: "summary", "data-label": s.label }, el("h3", { text: `${s.label}: ${LANG === "zh" ? "与基准情景相比" : "compared with the baseline"}` }), ul));
  }

  const table = byId("costs");
  table.replaceChildren(el("tr", {}, ...T[LANG].cost_cols.map((c) => el("th", { text: c }))));
  const cell = (d, digits) => {
    if (!d || d.diff === null || d.diff === undefined) return el("td", { class: "faint", text: t("not_available") });
    return el("td", { class: d.distinguishable === "yes" ? "" : "faint", title: T[LANG].chance[d.distinguishable] || "" }, signed(d.diff, digits));
  };
  for (const c of RESULT.costs) {
    table.append(el("tr", { "data-label": c.label }, el("td", { text: c.label }), cell(c.net_public_cost, 0),
      cell(c.household_income, 0),
      cell(c.income_per_capita_last_year, 0), cell(c.visitors_outside_core_share, 3), cell(c.gini_last_year, 4),
      el("td", { text: c.public_cost_per_yuan_of_income === null ? "—" : num(c.public_cost_per_yuan_of_income, 2) })));
  }
  table.append(el("caption", { class: "note", text: t("cost_note") }));

  const select = byId("indicator");
  const chosen = select.value || "rural_income_per_capita";
  select.replaceChildren();
  for (const ind of META.summary_indicators) select.append(el("option", { value: ind, text: indicatorLabel(ind) }));
  select.value = chosen;
  const ms = byId("map-scenario");
  const mchosen = ms.value || RESULT.labels[RESULT.labels.length - 1];
  ms.replaceChildren();
  for (const l of RESULT.labels) ms.append(el("option", { value: l, text: scenarioLabel(l) + (l === RESULT.baseline ? "" : ` (${t("map_diff")})`) }));
  ms.value = mchosen;
  renderCharts();
}

function renderPolicies() {
  const box = byId("policies");
  box.replaceChildren();
  const all = (RESULT.settings || {})[LANG] || {};
  for (const label of RESULT.labels) {
    const s = all[label] || { description: "", levers: [] };
    const card = el("div", { class: "summary", "data-policy": label }, el("h3", { text: scenarioLabel(label) }));
    if (s.description) card.append(el("p", { text: s.description }));
    if (!s.levers.length) card.append(el("p", { class: "note", text: t("no_lever") }));
    for (const lever of s.levers) {
      const parts = lever.settings.map((r) => {
        let v = r.value;
        if (typeof v === "number") v = num(v, Number.isInteger(v) ? 0 : 3);
        if (v === "—" && (r.key === "start" || r.key === "end")) v = t("whole_period");
        else if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) v = dateText(v);
        if (typeof v === "boolean") v = v ? "✓" : "✗";
        return `${r.label}: ${v}${r.unit && typeof r.value === "number" ? " " + r.unit : ""}`;
      });
      card.append(el("p", {}, el("b", { text: lever.label + (LANG === "zh" ? "：" : ": ") }), parts.join(LANG === "zh" ? "；" : "; ")));
    }
    box.append(card);
  }
}

const COLORS = ["#34495e", "#d35400", "#1f8a70", "#8e44ad", "#c0392b", "#2874a6"];

function renderCharts() {
  const ind = byId("indicator").value;
  const g = META.indicators[ind];
  byId("indicator-explain").textContent = g ? g[`explain_${LANG}`] : "";
  // by year: mean lines with their 95% intervals as bands
  const years = RESULT.years.map((y) => yearText(y.slice(0, 4)));
  const datasets = [];
  RESULT.labels.forEach((l, i) => {
    const rows = RESULT.series[ind][l] || [];
    const color = COLORS[i % COLORS.length];
    datasets.push({ label: `${scenarioLabel(l)}`, data: rows.map((r) => r && r.mean), borderColor: color, backgroundColor: color, tension: 0.2 });
    datasets.push({ label: "hi", data: rows.map((r) => r && r.ci_high), borderWidth: 0, pointRadius: 0, fill: false });
    datasets.push({ label: "lo", data: rows.map((r) => r && r.ci_low), borderWidth: 0, pointRadius: 0, fill: "-1", backgroundColor: color + "33" });
  });
  drawChart("chart-years", { type: "line", data: { labels: years, datasets },
    options: { plugins: { legend: { labels: { filter: (item) => item.text !== "hi" && item.text !== "lo" } },
      tooltip: { filter: (item) => item.dataset.label !== "hi" && item.dataset.label !== "lo" } },
      scales: { y: { beginAtZero: false, title: { display: true, text: indicatorUnit(ind, "") } } } } });
  // by village: an area-wide indicator falls back to income per person by village
  const hasOwn = Object.values(RESULT.villages[ind] || {}).some((m) => Object.keys(m).length);
  const placeInd = hasOwn ? ind : "income_per_capita";
  const perVillage = RESULT.villages[placeInd] || {};
  const hasVillages = Object.values(perVillage).some((m) => Object.keys(m).length);
  byId("village-note").textContent = hasOwn ? "" : t("village_fallback", { ind: indicatorLabel(ind), fallback: indicatorLabel(placeInd) });
  const names = META.villages.map((v) => v.name);
  drawChart("chart-villages", { type: "bar", data: { labels: names.map(villageName),
    datasets: hasVillages ? RESULT.labels.map((l, i) => ({ label: scenarioLabel(l), backgroundColor: COLORS[i % COLORS.length],
      data: names.map((n) => (perVillage[l] && perVillage[l][n] ? perVillage[l][n].mean : null)) })) : [] },
    options: { plugins: { title: { display: true, text: indicatorLabel(placeInd) } },
      scales: { y: { beginAtZero: false, title: { display: true, text: indicatorUnit(placeInd, "") } } } } });
  // income distribution
  const dist = RESULT.distribution || {};
  drawChart("chart-deciles", { type: "bar", data: { labels: [...Array(10).keys()].map((d) => `${d + 1}`),
    datasets: RESULT.labels.filter((l) => dist[l]).map((l, i) => ({ label: scenarioLabel(l), data: dist[l], backgroundColor: COLORS[RESULT.labels.indexOf(l) % COLORS.length] })) },
    options: { scales: { x: { title: { display: true, text: t("decile") } }, y: { title: { display: true, text: LANG === "zh" ? "元/人/年" : "yuan per person per year" } } } } });
  drawResultMap(placeInd, perVillage);
}

function drawChart(id, config) {
  if (charts[id]) charts[id].destroy();
  config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: true }, config.options || {});
  charts[id] = new Chart(byId(id), config);
}

function colourScale(value, lo, hi, diverging) {
  if (value === null || value === undefined || !isFinite(value)) return "#cccccc";
  if (diverging) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    const s = Math.max(-1, Math.min(1, value / m));
    return s >= 0 ? `rgb(${Math.round(255 - 200 * s)},${Math.round(255 - 90 * s)},${Math.round(255 - 150 * s)})`
      : `rgb(${Math.round(255 + 20 * s)},${Math.round(255 + 170 * s)},${Math.round(255 + 200 * s)})`;
  }
  const s = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  return `rgb(${Math.round(230 - 200 * s)},${Math.round(240 - 140 * s)},${Math.round(250 - 120 * s)})`;
}

function fitResultMap() {
  // Leaflet measures its box: fit once the page is shown (a hidden box has no size).
  resultMap.invalidateSize();
  if (!resultMap._fitted && byId("result-map").clientWidth > 0) {
    resultMap.fitBounds(L.latLngBounds(META.villages.map((v) => [v.y_km, v.x_km])).pad(0.15));
    resultMap._fitted = true;
  }
}

function drawResultMap(ind, perVillage) {
  const box = byId("result-map");
  if (!resultMap) resultMap = L.map(box, { crs: L.CRS.Simple, attributionControl: false, zoomSnap: 0.25 });
  fitResultMap();
  if (resultMap._layer) resultMap.removeLayer(resultMap._layer);
  if (resultMap._legend) resultMap.removeControl(resultMap._legend);
  const layer = L.layerGroup().addTo(resultMap);
  resultMap._layer = layer;
  const pos = (name) => { const v = META.villages.find((x) => x.name === name); return v ? [v.y_km, v.x_km] : null; };
  for (const r of META.roads) { const a = pos(r.from), b = pos(r.to); if (a && b) L.polyline([a, b], { color: "#aab7c4", weight: 2 }).addTo(layer); }
  const chosen = byId("map-scenario").value;
  const overlay = (RESULT.overlays || {})[chosen] || {};
  for (const [a, b] of overlay.shuttle || []) { const p = pos(a), q = pos(b); if (p && q) L.polyline([p, q], { color: "#e67e22", weight: 5, dashArray: "8 6", className: "shuttle-route" }).addTo(layer); }
  for (const [a, b] of overlay.greenway || []) { const p = pos(a), q = pos(b); if (p && q) L.polyline([p, q], { color: "#27ae60", weight: 5, className: "greenway-route" }).addTo(layer); }
  const diverging = chosen !== RESULT.baseline;
  const values = {};
  for (const v of META.villages) {
    const r = perVillage[chosen] && perVillage[chosen][v.name];
    values[v.name] = r ? (diverging ? r.diff : r.mean) : null;
  }
  const finite = Object.values(values).filter((x) => x !== null && isFinite(x));
  const lo = Math.min(...finite), hi = Math.max(...finite);
  for (const v of META.villages) {
    const value = values[v.name];
    const m = L.circleMarker([v.y_km, v.x_km], { radius: 9, color: "#1c2833", weight: 1, fillOpacity: 1, fillColor: colourScale(value, lo, hi, diverging) }).addTo(layer);
    m.bindTooltip(`${villageName(v.name)}: ${value === null ? t("not_available") : (diverging ? signed(value, digitsOf(ind)) : num(value, digitsOf(ind)))}`, { permanent: true, direction: "right", className: "village-label" });
  }
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => el("div", { class: "legend" }, `${indicatorLabel(ind)}${diverging ? ` (${t("map_diff")})` : ""}`, el("br"),
    finite.length ? `${diverging ? signed(lo, digitsOf(ind)) : num(lo, digitsOf(ind))} … ${diverging ? signed(hi, digitsOf(ind)) : num(hi, digitsOf(ind))}` : t("not_available"));
  legend.addTo(resultMap);
  resultMap._legend = legend;
}

// ---------------------------------------------------------------- glossary
function renderGlossary() {
  const ind = byId("glossary-indicators");
  ind.replaceChildren();
  for (const [key, g] of Object.entries(META.indicators)) {
    ind.append(el("dt", { text: `${g[LANG]} (${g[`unit_${LANG}`]})` }), el("dd", { text: g[`explain_${LANG}`] }), el("dd", { class: "hint", text: key }));
  }
  const lev = byId("glossary-levers");
  lev.replaceChildren();
  for (const l of META.levers) lev.append(el("dt", { text: label(l) }), el("dd", { text: l[`explain_${LANG}`] }), el("dd", { class: "hint", text: `policies.${l.key}` }));
  const terms = byId("glossary-terms");
  terms.replaceChildren();
  for (const g of Object.values(META.terms || {})) terms.append(el("dt", { text: `${g[LANG]} (${LANG === "zh" ? g.en : g.zh})` }), el("dd", { text: g[`explain_${LANG}`] }));
}

// ---------------------------------------------------------------- start
async function startStatic() {
  META = STATIC.meta;
  RESULT = STATIC.comparison;
  for (const b of document.querySelectorAll(".tab")) {
    if (b.dataset.tab === "setup" || b.dataset.tab === "run") b.classList.add("hidden");
    b.addEventListener("click", () => showTab(b.dataset.tab));
  }
  byId("lang").addEventListener("click", () => { LANG = LANG === "zh" ? "en" : "zh"; applyLanguage(); });
  byId("indicator").addEventListener("change", renderCharts);
  byId("map-scenario").addEventListener("change", renderCharts);
  showTab("compare");
  applyLanguage();
  document.body.dataset.ready = "1";
}

async function start() {
  if (STATIC) return startStatic();
  const r = await api("/api/meta");
  if (!r.ok) { document.body.textContent = t("server_error", { error: r.status }); return; }
  META = r.body;
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => showTab(b.dataset.tab));
  byId("lang").addEventListener("click", () => { LANG = LANG === "zh" ? "en" : "zh"; try { localStorage.setItem("yucun-lang", LANG); } catch (e) { /* private mode */ } applyLanguage(); });
  byId("new-scenario").addEventListener("click", newScenario);
  byId("check").addEventListener("click", checkForm);
  byId("save").addEventListener("click", saveForm);
  byId("start-run").addEventListener("click", startRun);
  byId("cancel-run").addEventListener("click", cancelRun);
  byId("indicator").addEventListener("change", renderCharts);
  byId("map-scenario").addEventListener("change", renderCharts);
  renderForm({ name: "", description: "", levers: {} });
  await loadSaved();
  applyLanguage();
  showTab("setup");
  document.body.dataset.ready = "1";
}
start();
