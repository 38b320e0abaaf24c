// Helpers every view shares: the element by id, escaping for HTML, counts in words, the
// status line, and the API's JSON over fetch (an error answer becomes an Error carrying
// the server's message; a change carries the session's CSRF token).

export const $ = (id) => document.getElementById(id);
export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// "1 event", "2 events"
export function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

export function status(text) { $("status").textContent = text; }

// The session's CSRF token, sent with every change (session.js sets it at sign-in).
let csrf = null;
export function setCsrf(token) { csrf = token || null; }

// A signed-in session ended (it expired, or the user was disabled): the page starts over
// at the sign-in.
function ended(res) {
  if (res.status === 401 && csrf) { setCsrf(null); location.reload(); }
}

export async function api(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const url = "/api/" + path + (q.toString() ? "?" + q : "");
  const res = await fetch(url);
  ended(res);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// A change: `method` on `path` with a JSON body, carrying the session's CSRF token.
export async function send(method, path, body) {
  const headers = { "content-type": "application/json" };
  if (csrf) headers["x-csrf-token"] = csrf;
  const res = await fetch("/api/" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  ended(res);
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

export const post = (path, body) => send("POST", path, body);

// On a narrow screen the reader is a pane below the list: what a person opens is brought
// into view there (not while a view is restored from the address, when nothing was tapped).
export function bringReaderIntoView() {
  if (window.matchMedia("(max-width: 1100px)").matches) $("reader").scrollIntoView({ block: "start" });
}
