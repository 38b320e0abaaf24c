// Helpers every view shares: the element by id, escaping for HTML, counts in words, the
// status line, and the API's JSON over fetch (an error answer becomes an Error carrying
// the server's message).

export const $ = (id) => document.getElementById(id);
export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// "1 event", "2 events"
export function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

export function status(text) { $("status").textContent = text; }

export async function api(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const url = "/api/" + path + (q.toString() ? "?" + q : "");
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

export async function post(path, body) {
  const res = await fetch("/api/" + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const out = await res.json();
  if (!res.ok) {
    // the answer goes with the error: a refused verdict (409) carries the act as it now stands
    const e = new Error(out.error || res.statusText);
    e.status = res.status;
    e.body = out;
    throw e;
  }
  return out;
}

// On a narrow screen the reader is a pane below the list: what a person opens is brought
// into view there (not while a view is restored from the address, when nothing was tapped).
export function bringReaderIntoView() {
  if (window.matchMedia("(max-width: 1100px)").matches) $("reader").scrollIntoView({ block: "start" });
}
