// A small client of the django-musiclib API: where it is, how to sign requests, and
// what its errors say. Nothing here knows about the page.

const params = new URLSearchParams(location.search);

// The API of this site, or of another origin given as ?api=http://127.0.0.1:8000.
export const API_ORIGIN = new URL(params.get("api") || location.origin).origin;
const API = `${API_ORIGIN}/api`;

// Cookies do not cross origins (and should not), so from another origin the page signs
// in with a token, sent in the Authorization header. On the API's own origin it uses a
// session cookie, which scripts cannot read, protected by a CSRF token.
export const USES_TOKEN = API_ORIGIN !== location.origin;
const TOKEN_KEY = "musiclib-token";

let token = USES_TOKEN ? localStorage.getItem(TOKEN_KEY) : null;
let csrfToken = null;

function setToken(value) {
  token = value;
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
}

/** An answer other than 2xx, with a message a person can read. */
export class ApiError extends Error {
  constructor(status, data) {
    super(describe(status, data));
    this.status = status;
    this.data = data;
  }
}

// DRF answers {"detail": "..."} or {"field": ["message", ...], ...}.
function describe(status, data) {
  if (data && typeof data === "object") {
    if (typeof data.detail === "string") return data.detail;
    const parts = Object.entries(data).map(([field, messages]) => {
      const text = [].concat(messages).join(" ");
      return field === "non_field_errors" ? text : `${field}: ${text}`;
    });
    if (parts.length) return parts.join(" — ");
  }
  return `The server answered ${status}.`;
}

/**
 * Call the API. `path` is under /api ("/songs") or a full URL (a "next" page link).
 * Answers the parsed JSON, or null for 204; throws ApiError otherwise.
 */
export async function request(path, { method = "GET", body } = {}) {
  const url = path.startsWith("http") ? path : `${API}${path}`;
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) {
    headers.Authorization = `Token ${token}`;
  } else if (method !== "GET" && csrfToken) {
    // A change made with the session cookie must prove it comes from this page.
    headers["X-CSRFToken"] = csrfToken;
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: USES_TOKEN ? "omit" : "same-origin",
    });
  } catch (error) {
    throw new ApiError(0, { detail: `The API at ${API_ORIGIN} cannot be reached (${error.message}).` });
  }
  const isJson = (response.headers.get("Content-Type") || "").includes("json");
  const data = response.status === 204 || !isJson ? null : await response.json();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Same origin: fetch the CSRF token (and cookie). Django renews it at login, so it is
// fetched again then.
async function refreshCsrf() {
  if (!USES_TOKEN) csrfToken = (await request("/users/csrf")).csrfToken;
}

/** Prepare to sign requests; answers the signed-in user's profile, or null. */
export async function start() {
  await refreshCsrf();
  if (USES_TOKEN && !token) return null;
  try {
    return await request("/users/me");
  } catch (error) {
    // Not signed in, or the token expired: start signed out.
    if (error.status === 401 || error.status === 403) {
      setToken(null);
      return null;
    }
    throw error;
  }
}

export async function signUp(username, password) {
  return request("/users", { method: "POST", body: { username, password } });
}

export async function logIn(username, password) {
  const answer = await request("/users/login", {
    method: "POST",
    body: { username, password, session: !USES_TOKEN },
  });
  if (USES_TOKEN) setToken(answer.token);
  else await refreshCsrf();
  return answer.user;
}

export async function logOut() {
  try {
    await request("/users/logout", { method: "POST" });
  } finally {
    setToken(null);
    await refreshCsrf();
  }
}
