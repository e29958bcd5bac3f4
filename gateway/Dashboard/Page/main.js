// The page's flow: sign in (a pasted token, or the local sign-in when the gateway offers it), load the status,
// then keep it current from the gateway's event stream, reloading everything after any interruption.
import { session, SignInError, localSignInOffered, localSignIn, readStatus, watchStatus } from "./api.js";
import { provinces } from "./provinces.js";
import { emptyStatus, renderTotals, renderTable, updateRow, renderRiskChart, renderTypeChart, visibleProvinces } from "./view.js";
import { renderMap } from "./map.js";

const $ = id => document.getElementById(id);
const retryDelayMs = 2000;

let view = null; // { caller, statuses: Map, totals, abort }

function setState(state, text) {
  document.body.dataset.state = state;
  if (text) $("live").textContent = text;
}

function showSignIn(message = "") {
  view?.abort.abort();
  view = null;
  $("board").hidden = true;
  $("session").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message;
  setState("signed-out");
}

function renderAll() {
  const { caller, statuses, totals } = view;
  renderTotals($("totals"), totals);
  renderTable(document.querySelector("#provinces tbody"), caller, statuses);
  renderMap($("map"), visibleProvinces(caller), statuses);
  renderRiskChart($("risk-chart"), totals);
  renderTypeChart($("type-chart"), totals);
  $("as-of").textContent = `as of ${new Date().toLocaleTimeString()}`;
}

function applyChange(status) {
  if (status.provinceCode === "000000") {
    view.totals = status;
    renderTotals($("totals"), status);
    renderRiskChart($("risk-chart"), status);
    renderTypeChart($("type-chart"), status);
  } else {
    view.statuses.set(status.provinceCode, status);
    updateRow(document.querySelector("#provinces tbody"), status);
    renderMap($("map"), visibleProvinces(view.caller), view.statuses);
  }
  $("as-of").textContent = `as of ${new Date().toLocaleTimeString()}`;
}

async function start(token) {
  const abort = new AbortController();
  const loaded = await readStatus(token);
  const statuses = new Map(provinces.map(p => [p.code, emptyStatus(p.code)]));
  for (const status of loaded.status.provinces) statuses.set(status.provinceCode, status);
  view = { caller: loaded.caller, statuses, totals: loaded.status.totals, abort };
  session.token = token;
  $("who").textContent = loaded.caller.province ? `${loaded.caller.subject} (provincial ${loaded.caller.province})` : `${loaded.caller.subject} (${loaded.caller.role})`;
  $("sign-in").hidden = true;
  $("board").hidden = false;
  $("session").hidden = false;
  renderAll();
  document.body.dataset.rows = String(visibleProvinces(loaded.caller).length);
  keepWatching(token, abort.signal);
}

// Watches until signed out; after a dropped stream, waits, reloads the whole status (changes may have been missed) and watches again.
async function keepWatching(token, signal) {
  while (!signal.aborted) {
    try {
      await watchStatus(token, applyChange, () => setState("live", "live 实时"), signal);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SignInError) { showSignIn(error.message); return; }
    }
    setState("reconnecting", "reconnecting… 重连中");
    await new Promise(resolve => setTimeout(resolve, retryDelayMs));
    if (signal.aborted) return;
    try {
      const loaded = await readStatus(token);
      for (const status of loaded.status.provinces) view.statuses.set(status.provinceCode, status);
      view.totals = loaded.status.totals;
      renderAll();
    } catch (error) {
      if (error instanceof SignInError) { showSignIn(error.message); return; }
    }
  }
}

async function signIn(obtainToken) {
  $("sign-in-error").textContent = "";
  try {
    await start(await obtainToken());
  } catch (error) {
    session.token = null;
    showSignIn(error.message);
  }
}

async function init() {
  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    signIn(async () => $("token").value.trim());
  });
  $("sign-out").addEventListener("click", () => { session.token = null; showSignIn(); });
  if (await localSignInOffered()) {
    $("local-province").replaceChildren(...provinces.map(p => new Option(`${p.zh} ${p.en}`, p.code)));
    $("local-form").hidden = false;
    $("local-national").addEventListener("click", () => signIn(() => localSignIn("national")));
    $("local-provincial").addEventListener("click", () => signIn(() => localSignIn("provincial", $("local-province").value)));
  }
  if (session.token) await signIn(async () => session.token);
}

init();
