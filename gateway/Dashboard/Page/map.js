// A simple map of sites by risk: each province a circle at its approximate centre, its area following the number of
// sites and its colour the share of HIGH and CRITICAL sites among them. No map tiles: the page works offline.
import { byCode } from "./provinces.js";

const svgNs = "http://www.w3.org/2000/svg";
const west = 73, east = 135, north = 54, south = 17;
const width = 620, height = 420;

function point(lat, lon) {
  return [((lon - west) / (east - west)) * width, ((north - lat) / (north - south)) * height];
}

function svg(tag, attributes) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function colour(status) {
  const risk = status.sitesByRisk ?? {};
  const total = status.sitesTotal || 0;
  if (total === 0) return "#c8ced8";
  const share = ((risk.HIGH ?? 0) + (risk.CRITICAL ?? 0)) / total;
  // From green (no high-risk sites) through amber to red (a quarter or more at high risk).
  const hue = 120 - Math.min(1, share * 4) * 120;
  return `hsl(${hue}, 70%, 45%)`;
}

export function renderMap(container, visible, statuses) {
  const most = Math.max(1, ...visible.map(p => statuses.get(p.code)?.sitesTotal ?? 0));
  const map = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Sites by risk per province" });
  map.append(svg("rect", { class: "outline", x: 0, y: 0, width, height, rx: 8 }));
  for (const province of visible) {
    const status = statuses.get(province.code) ?? { sitesTotal: 0, sitesByRisk: {} };
    const [x, y] = point(province.lat, province.lon);
    const radius = 4 + 22 * Math.sqrt((status.sitesTotal ?? 0) / most);
    const circle = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius.toFixed(1), fill: colour(status), "fill-opacity": 0.75,
      stroke: "#fff", "data-province": province.code });
    const title = svg("title", {});
    const risk = status.sitesByRisk ?? {};
    title.textContent = `${byCode.get(province.code).zh} ${province.en}: ${status.sitesTotal ?? 0} sites · HIGH ${risk.HIGH ?? 0} · CRITICAL ${risk.CRITICAL ?? 0}`;
    circle.append(title);
    const label = svg("text", { x: x.toFixed(1), y: (y + 3).toFixed(1), "text-anchor": "middle" });
    label.textContent = province.zh.replace(/(省|市|自治区|壮族|回族|维吾尔)+$/u, "");
    map.append(circle, label);
  }
  container.replaceChildren(map);
}
