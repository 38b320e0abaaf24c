// An admin's tabs. Users: who may sign in and with what role, a new account's or a reset's
// one-time password shown once, disabling and enabling, and what readers see. Audit: the
// trail of every change, newest first, and a check of its chain.

import { $, api, esc, post, status } from "./dom.js";
import { session } from "./session.js";
import { vocabulary } from "./vocabulary.js";

// what readers see, in words
const SEEN = { all: "every act", verified: "verified acts only" };

function userRow(u) {
  const state = u.disabled ? "disabled" : u.must_change ? "one-time password not changed" : "active";
  const me = session.user && session.user.name === u.name;
  return `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td><td>${esc(u.role)}</td><td>${esc(state)}</td>
    <td><button type="button" data-change="reset">Reset password</button>
    ${me ? "" : `<button type="button" data-change="${u.disabled ? "enable" : "disable"}">${u.disabled ? "Enable" : "Disable"}</button>`}</td></tr>`;
}

// a one-time password, shown once, to hand to its user
function showSecret(name, secret) {
  $("u-secret").innerHTML = `<p class="secret" role="alert">One-time password for <b>${esc(name)}</b> (shown this once; they choose their own at first sign-in): <code id="u-secret-value">${esc(secret)}</code></p>`;
}

export async function showUsers() {
  const [{ users }, settings] = await Promise.all([api("users"), api("settings")]);
  $("list").innerHTML = `<h2>Users</h2>
    <div id="u-secret"></div>
    <table id="users-table"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Change</th></tr></thead>
    <tbody>${users.map(userRow).join("")}</tbody></table>
    <form id="add-user" class="verify" aria-label="Add a user">
      <label>Name <input id="u-name" required maxlength="64" autocomplete="off"></label>
      <label>Role <select id="u-role" required><option value="" disabled selected>choose a role</option>${vocabulary.user_roles.map((r) => `<option>${esc(r)}</option>`).join("")}</select></label>
      <button type="submit">Add user</button>
    </form>
    <form id="settings" class="verify" aria-label="What readers see">
      <label>Readers see <select id="u-readers">
        ${vocabulary.readers_see.map((w) => `<option value="${esc(w)}"${settings.readers_see === w ? " selected" : ""}>${esc(SEEN[w] || w)}</option>`).join("")}
      </select></label>
      <button type="submit">Save</button>
    </form>`;
  $("add-user").onsubmit = async (ev) => {
    ev.preventDefault();
    try {
      const r = await post("users", { name: $("u-name").value.trim(), role: $("u-role").value });
      await showUsers();
      showSecret(r.user.name, r.one_time_password);
      status(`added ${r.user.name} as ${r.user.role}`);
    } catch (e) { status("error: " + e.message); }
  };
  $("settings").onsubmit = async (ev) => {
    ev.preventDefault();
    try {
      const r = await post("settings", { readers_see: $("u-readers").value });
      status(`readers see ${SEEN[r.readers_see] || r.readers_see}`);
    } catch (e) { status("error: " + e.message); }
  };
  $("users-table").querySelectorAll("button[data-change]").forEach((b) => b.addEventListener("click", async () => {
    const name = b.closest("tr").dataset.user, change = b.dataset.change;
    try {
      const r = await post(`users/${encodeURIComponent(name)}/${change}`);
      await showUsers();
      if (r.one_time_password) showSecret(name, r.one_time_password);
      status(`${name}: ${change === "reset" ? "password reset" : change + "d"}`);
    } catch (e) { status("error: " + e.message); }
  }));
}

const PAGE = 100;

function entryRow(e) {
  const detail = Object.keys(e.detail || {}).length ? JSON.stringify(e.detail) : "";
  return `<tr><td>${e.seq}</td><td>${esc(e.at.slice(0, 19).replace("T", " "))}</td><td>${esc(e.actor)}</td>
    <td>${esc(e.action)}</td><td>${esc(e.target)}</td><td>${esc(e.origin)}</td><td class="detail">${esc(detail)}</td></tr>`;
}

export async function showAudit(before) {
  const { entries } = await api("audit", { limit: PAGE, before });
  const oldest = entries.length ? entries[entries.length - 1].seq : null;
  $("list").innerHTML = `<h2>Audit trail</h2>
    <p><button type="button" id="a-verify">Check the chain</button> <span id="a-check" role="status"></span></p>
    <table id="audit-table"><thead><tr><th scope="col">#</th><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th><th scope="col">From</th><th scope="col">Detail</th></tr></thead>
    <tbody>${entries.map(entryRow).join("")}</tbody></table>
    <p>${before ? `<button type="button" id="a-newest">Newest</button>` : ""}
    ${entries.length === PAGE && oldest > 1 ? `<button type="button" id="a-older">Older</button>` : ""}</p>`;
  $("a-verify").onclick = async () => {
    const c = await api("audit/verify");
    $("a-check").textContent = c.faults.length
      ? `${c.faults.length} fault(s): ${c.faults.map((f) => `#${f.seq} ${f.what}`).join("; ")}`
      : `${c.entries} entries; the chain holds (head ${c.head.slice(0, 16)}…)`;
  };
  if ($("a-older")) $("a-older").onclick = () => showAudit(oldest);
  if ($("a-newest")) $("a-newest").onclick = () => showAudit();
}
