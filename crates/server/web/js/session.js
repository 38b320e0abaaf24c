// Who is using the workbench. A store with accounts asks everyone to sign in (and a
// one-time password to be changed) before anything else is shown; the page then shows
// only what the user's role may do, and every change it sends carries the session's CSRF
// token (dom.js). Without accounts there is one user, on this machine, who types their
// name on each record.

import { $, esc, send, setCsrf } from "./dom.js";

export const session = { accounts: false, user: null, may: {} };

export async function loadSession() {
  const res = await fetch("/api/session");
  Object.assign(session, await res.json());
  setCsrf(session.csrf);
  return session;
}

// whether the caller may do an action of the access matrix ("verify", "upload", ...)
export const may = (action) => Boolean(session.may[action]);

// The analyst's name field of a record's form: none when signed in (the record is the
// signed-in user's), else a field remembered between records.
export function analystField(id, size = 10) {
  if (session.accounts) return "";
  return `<label>Analyst <input id="${id}" size="${size}" value="${esc(localStorage.getItem("analyst") || "")}"></label>`;
}

// The name a record is made by: undefined when signed in (the server knows it), else the
// typed one (null, with the field focused, when it is blank).
export function analystFrom(id) {
  if (session.accounts) return undefined;
  const typed = $(id).value.trim();
  if (!typed) { $(id).focus(); return null; }
  localStorage.setItem("analyst", typed);
  return typed;
}

// The header's account line: who is signed in, and signing out.
function showAccount() {
  const el = $("account");
  if (!session.user) { el.innerHTML = ""; return; }
  el.innerHTML = `<span>${esc(session.user.name)} <small>(${esc(session.user.role)})</small></span> <button type="button" id="sign-out">Sign out</button>`;
  $("sign-out").onclick = async () => {
    await send("DELETE", "session").catch(() => {});
    location.reload();
  };
}

// The gate in front of the workbench: sign in, then change a one-time password. Resolves
// once the user may use the workbench.
export function passGate() {
  showAccount();
  if (!session.accounts || (session.user && !session.user.must_change)) return Promise.resolve();
  const gate = $("gate");
  document.body.classList.add("gated");
  $("workbench").hidden = true;
  gate.hidden = false;
  return new Promise((resolve) => {
    const done = async (answer) => {
      Object.assign(session, answer);
      setCsrf(session.csrf);
      if (session.user && session.user.must_change) return draw();
      gate.hidden = true;
      document.body.classList.remove("gated");
      $("workbench").hidden = false;
      showAccount();
      resolve();
    };
    const draw = () => {
      const changing = session.user && session.user.must_change;
      gate.innerHTML = changing ? `
        <form id="password-form" class="gate-form">
          <h2>Choose your password</h2>
          <p>You signed in with a one-time password. Choose your own (at least 12 characters) to go on.</p>
          <label>One-time password <input id="g-current" type="password" autocomplete="current-password" required></label>
          <label>New password <input id="g-new" type="password" autocomplete="new-password" minlength="12" required></label>
          <button type="submit">Set password</button>
          <p id="g-status" role="alert"></p>
        </form>` : `
        <form id="sign-in-form" class="gate-form">
          <h2>Sign in to truce</h2>
          <label>Name <input id="g-name" autocomplete="username" required></label>
          <label>Password <input id="g-password" type="password" autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
          <p id="g-status" role="alert"></p>
        </form>`;
      const form = gate.querySelector("form");
      form.querySelector("input").focus();
      form.onsubmit = async (ev) => {
        ev.preventDefault();
        $("g-status").textContent = "…";
        try {
          const answer = changing
            ? await send("POST", "session/password", { current: $("g-current").value, new: $("g-new").value })
            : await send("POST", "session", { name: $("g-name").value.trim(), password: $("g-password").value });
          await done(answer);
        } catch (e) {
          $("g-status").textContent = e.message;
        }
      };
    };
    draw();
  });
}
