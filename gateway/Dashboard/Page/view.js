// Renders the totals, the province table and the charts from the statuses the gateway sent.
import { provinces, byCode } from "./provinces.js";

export const riskLevels = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

const columns = [
  "openCases", "supervisedCases", "casesClosedThisYear", "relicsRecovered", "relicsHandoverOverdue",
  "inspectionsPlanned", "inspectionsCompleted", "openHazards", "overdueRectifications",
];
// Counts that mean something is late: highlighted wherever they are not zero.
const overdue = new Set(["relicsHandoverOverdue", "overdueRectifications"]);

const tiles = [
  ["sitesTotal", "Sites 文物点"], ["openCases", "Open cases 在办案件"], ["supervisedCases", "Supervised 挂牌督办"],
  ["casesClosedThisYear", "Closed this year 本年结案"], ["relicsRecovered", "Relics recovered 追缴文物"],
  ["relicsHandoverOverdue", "Handover overdue 移交逾期"], ["inspectionsPlanned", "Inspections planned 计划巡查"],
  ["inspectionsCompleted", "Inspections completed 完成巡查"], ["openHazards", "Open hazards 未消隐患"],
  ["overdueRectifications", "Overdue rectifications 逾期整改"],
];

const number = new Intl.NumberFormat("en-US");

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    // Through CSSOM: the page's content security policy refuses style attributes.
    if (name === "style") node.style.cssText = value; else node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

export function emptyStatus(code) {
  return { provinceCode: code, sitesTotal: 0, sitesByRisk: {}, openCasesByType: {}, ...Object.fromEntries(columns.map(c => [c, 0])) };
}

export function riskBar(byRisk) {
  const total = riskLevels.reduce((sum, level) => sum + (byRisk[level] ?? 0), 0);
  const bar = element("div", { class: "bar", title: riskLevels.map(l => `${l} ${byRisk[l] ?? 0}`).join(" · ") });
  for (const level of riskLevels) {
    const count = byRisk[level] ?? 0;
    if (total > 0 && count > 0) bar.append(element("span", { class: level, style: `width:${(100 * count) / total}%` }));
  }
  return bar;
}

export function renderTotals(container, totals) {
  container.replaceChildren(...tiles.map(([field, label]) => {
    const alert = overdue.has(field) && totals[field] > 0;
    const tile = element("div", { class: alert ? "tile alert" : "tile", "data-total": field });
    tile.append(element("div", { class: "value" }, number.format(totals[field] ?? 0)), element("div", { class: "label" }, label));
    return tile;
  }));
}

// One row per province the user may see: all 31 for national callers, their own for a provincial one.
export function visibleProvinces(caller) {
  return caller.province ? provinces.filter(p => p.code === caller.province) : provinces;
}

export function renderTable(body, caller, statuses) {
  body.replaceChildren(...visibleProvinces(caller).map(province => {
    const row = element("tr", { "data-province": province.code });
    fillRow(row, province, statuses.get(province.code) ?? emptyStatus(province.code));
    return row;
  }));
}

export function updateRow(body, status) {
  const row = body.querySelector(`tr[data-province="${status.provinceCode}"]`);
  if (!row) return;
  fillRow(row, byCode.get(status.provinceCode), status);
  row.classList.remove("flash");
  void row.offsetWidth; // restart the animation
  row.classList.add("flash");
}

function fillRow(row, province, status) {
  const name = element("td", { "data-field": "name" }, province.zh);
  name.append(element("span", { class: "en" }, province.en));
  const sites = element("td", { "data-field": "sitesTotal" }, number.format(status.sitesTotal));
  const risk = element("td", { "data-field": "sitesByRisk" });
  risk.append(riskBar(status.sitesByRisk ?? {}));
  const counts = columns.map(field => {
    const value = status[field] ?? 0;
    const cell = element("td", { "data-field": field }, number.format(value));
    if (field === "openCases") cell.title = Object.entries(status.openCasesByType ?? {}).map(([t, n]) => `${t} ${n}`).join(", ");
    if (overdue.has(field) && value > 0) cell.classList.add("overdue");
    return cell;
  });
  row.replaceChildren(name, sites, risk, ...counts);
}

export function renderRiskChart(container, totals) {
  const legend = element("div", { class: "legend" });
  for (const level of riskLevels) {
    const item = element("span");
    item.append(element("i", { style: `background:var(--${level.toLowerCase()})` }), `${level} ${number.format(totals.sitesByRisk?.[level] ?? 0)}`);
    legend.append(item);
  }
  container.replaceChildren(riskBar(totals.sitesByRisk ?? {}), legend);
}

export function renderTypeChart(container, totals) {
  const types = Object.entries(totals.openCasesByType ?? {}).sort((a, b) => b[1] - a[1]);
  const most = Math.max(1, ...types.map(([, n]) => n));
  if (types.length === 0) {
    container.replaceChildren(element("p", { class: "label" }, "No open cases 暂无在办案件"));
    return;
  }
  container.replaceChildren(...types.map(([type, count]) => {
    const row = element("div", { class: "hbar" });
    row.append(element("span", {}, type), element("div", { class: "fill", style: `width:${(100 * count) / most}%` }), element("span", {}, number.format(count)));
    return row;
  }));
}
