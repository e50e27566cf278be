// The listening page: browse and search the catalog, sign in, react, comment, play.
// Every piece of data comes from the public API through api.js.
import * as api from "./api.js";

const $ = (selector) => document.querySelector(selector);
let me = null; // the signed-in user's profile, or null
let nextPage = null; // the "next" cursor link of the list on show
let songFilter = null; // {album: id} or {artist: id} while listing one album's or artist's songs

/** Build an element; children are nodes or text (text is never parsed as HTML). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== false && value != null) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child != null));
  return element;
}

// Every API error reaches the person who caused it, in the banner.
function showError(error) {
  $("#error-text").textContent = error.message || String(error);
  $("#error").hidden = false;
}
function clearError() {
  $("#error").hidden = true;
}
/** Run an action started by the person, showing its error if it fails. */
async function act(action) {
  clearError();
  try {
    await action();
  } catch (error) {
    showError(error);
  }
}

const names = (people) => people.map((artist) => artist.name).join(", ");
const duration = (seconds) =>
  seconds == null ? "" : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

// ---- Account ------------------------------------------------------------------------

function renderAccount() {
  const box = $("#account");
  box.replaceChildren();
  $("#profile").hidden = !me;
  if (me) {
    box.append(
      h("span", { id: "signed-in" }, `Signed in as ${me.display_name || me.username}`),
      h("button", { type: "button", id: "logout", onclick: () => act(logOut) }, "Log out"),
    );
    const form = $("#profile-form");
    form.display_name.value = me.display_name;
    form.bio.value = me.bio;
    return;
  }
  const form = h(
    "form",
    { id: "login-form" },
    h("input", { name: "username", placeholder: "Username", "aria-label": "Username", required: true, autocomplete: "username" }),
    h("input", { name: "password", type: "password", placeholder: "Password", "aria-label": "Password", required: true, autocomplete: "current-password" }),
    h("button", { type: "submit", name: "login" }, "Log in"),
    h("button", { type: "submit", name: "signup" }, "Sign up"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { username, password } = form;
    const signingUp = event.submitter?.name === "signup";
    act(async () => {
      // Registering does not sign in: log in right after, with the same credentials.
      if (signingUp) await api.signUp(username.value, password.value);
      me = await api.logIn(username.value, password.value);
      afterAccountChange();
    });
  });
  box.append(form);
}

async function logOut() {
  await api.logOut();
  me = null;
  afterAccountChange();
}

// A song reads differently for each user (my_reaction), and comments become editable.
function afterAccountChange() {
  renderAccount();
  if (currentSong) openSong(currentSong.id);
}

$("#profile-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  act(async () => {
    me = await api.request("/users/me", {
      method: "PATCH",
      body: { display_name: form.display_name.value, bio: form.bio.value },
    });
    renderAccount();
    $("#profile-saved").hidden = false;
    setTimeout(() => ($("#profile-saved").hidden = true), 2000);
  });
});

// ---- Browsing -----------------------------------------------------------------------

function listItem(kind, item) {
  if (kind === "songs") {
    return h(
      "li",
      { "data-song": item.id },
      h("button", { type: "button", class: "link", onclick: () => act(() => openSong(item.id)) }, item.title),
      h("span", { class: "muted" }, ` ${names(item.artists)} · ${duration(item.duration)}`, item.audio ? " · ♪" : ""),
    );
  }
  // An album or an artist opens the list of its songs.
  const label = kind === "albums" ? item.title : item.name;
  const filter = kind === "albums" ? { album: item.id } : { artist: item.id };
  const detail = kind === "albums" ? ` ${names(item.artists)} ${item.release_date ? `· ${item.release_date.slice(0, 4)}` : ""}` : "";
  return h(
    "li",
    {},
    h("button", { type: "button", class: "link", onclick: () => act(() => showSongsOf(filter, label)) }, label),
    h("span", { class: "muted" }, detail),
  );
}

async function loadList({ append = false } = {}) {
  const kind = $("#kind").value;
  let url = nextPage;
  if (!append) {
    const query = new URLSearchParams();
    const text = $("#search").value.trim();
    if (text) query.set("search", text); // ranked by relevance while searching
    if (kind === "songs" && songFilter) for (const [key, value] of Object.entries(songFilter)) query.set(key, value);
    url = `/${kind}?${query}`;
  }
  // Lists come in cursor pages: follow "next" as it is, never build page numbers.
  const page = await api.request(url);
  const items = page.results.map((item) => listItem(kind, item));
  if (append) $("#results").append(...items);
  else $("#results").replaceChildren(...items);
  if (!append && !items.length) $("#results").append(h("li", { class: "muted" }, "Nothing found."));
  nextPage = page.next;
  $("#more").hidden = !nextPage;
}

async function showSongsOf(filter, label) {
  songFilter = filter;
  $("#kind").value = "songs";
  $("#search").value = "";
  $("#filter-text").textContent = `Songs of ${label}`;
  $("#filter").hidden = false;
  await loadList();
}

$("#search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  act(() => loadList());
});
$("#kind").addEventListener("change", () => act(() => loadList()));
$("#more").addEventListener("click", () => act(() => loadList({ append: true })));
$("#filter-clear").addEventListener("click", () => {
  songFilter = null;
  $("#filter").hidden = true;
  act(() => loadList());
});

// ---- One song: reactions, audio, comments --------------------------------------------

let currentSong = null;

async function openSong(id) {
  const [song, comments] = await Promise.all([
    api.request(`/songs/${id}`),
    api.request(`/comments?song=${id}&page_size=100`),
  ]);
  currentSong = song;
  renderSong(song, comments.results);
}

function reactionButtons(song) {
  // Pressing the reaction one already has takes it back (DELETE .../reaction).
  const react = (name) =>
    act(async () => {
      const path = `/songs/${song.id}`;
      if (song.my_reaction === name) {
        await api.request(`${path}/reaction`, { method: "DELETE" });
        currentSong = await api.request(path);
      } else {
        currentSong = await api.request(`${path}/${name}`, { method: "POST" });
      }
      // Only the counts change: the player keeps playing.
      $("#reactions").replaceWith(reactionButtons(currentSong));
    });
  return h(
    "p",
    { class: "reactions", id: "reactions" },
    h("button", { type: "button", id: "like", "aria-pressed": String(song.my_reaction === "like"), disabled: !me, onclick: () => react("like") }, "Like ", h("span", { id: "like-count" }, String(song.like_count))),
    " ",
    h("button", { type: "button", id: "dislike", "aria-pressed": String(song.my_reaction === "dislike"), disabled: !me, onclick: () => react("dislike") }, "Dislike ", h("span", { id: "dislike-count" }, String(song.dislike_count))),
    me ? "" : h("span", { class: "muted" }, " Log in to react and comment."),
  );
}

function commentItem(comment) {
  const mine = me && comment.author && comment.author.id === me.id;
  const body = h("p", { class: "body" }, comment.body);
  const item = h(
    "li",
    { class: comment.parent ? "reply" : "", "data-comment": comment.id },
    h("span", { class: "muted" }, comment.author ? comment.author.username ?? `user ${comment.author.id}` : "deleted account", comment.edited_at ? " (edited)" : ""),
    body,
  );
  if (mine) {
    item.append(
      h("button", { type: "button", class: "edit", onclick: () => editComment(item, comment) }, "Edit"),
      " ",
      h("button", {
        type: "button",
        class: "delete",
        onclick: () =>
          act(async () => {
            await api.request(`/comments/${comment.id}`, { method: "DELETE" });
            await openSong(currentSong.id);
          }),
      }, "Delete"),
    );
  }
  return item;
}

function editComment(item, comment) {
  const form = h("form", { class: "edit-form" }, h("textarea", { name: "body", rows: 3, "aria-label": "Comment" }), h("button", { type: "submit" }, "Save"));
  form.body.value = comment.body;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api.request(`/comments/${comment.id}`, { method: "PATCH", body: { body: form.body.value } });
      await openSong(currentSong.id);
    });
  });
  item.replaceChildren(form);
}

function renderSong(song, comments) {
  const section = $("#song");
  const form = h(
    "form",
    { id: "comment-form" },
    h("textarea", { name: "body", rows: 3, placeholder: "Say something about this song", "aria-label": "New comment" }),
    h("button", { type: "submit" }, "Post comment"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api.request("/comments", { method: "POST", body: { song: song.id, body: form.body.value } });
      await openSong(song.id);
    });
  });
  section.replaceChildren(
    h("h2", { id: "song-title" }, song.title),
    h("p", {}, names(song.artists), song.album ? ` · ${song.album.title}` : "", ` · ${duration(song.duration)}`),
    // The stream answers Range requests with 206, so the browser can seek.
    song.audio
      ? h("audio", { id: "player", controls: true, preload: "metadata", src: song.audio.url })
      : h("p", { class: "muted" }, "No audio for this song."),
    reactionButtons(song),
    h("h3", {}, `Comments (${comments.length})`),
    h("ul", { class: "comments", id: "comments" }, comments.map(commentItem)),
    me ? form : "",
  );
  section.hidden = false;
}

// ---- Start --------------------------------------------------------------------------

$("#error-close").addEventListener("click", clearError);
$("#api-origin").textContent = api.USES_TOKEN
  ? `API at ${api.API_ORIGIN} (signed in by token)`
  : "API on this site (signed in by session)";

act(async () => {
  me = await api.start();
  renderAccount();
  await loadList();
  document.body.dataset.ready = "true"; // lets a test know the first page is in
});
