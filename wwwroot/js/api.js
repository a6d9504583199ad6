// Small HTTP helpers for the session API: JSON in, JSON or problem details out.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || 'http_' + status;
    this.retryAfter = problem?.retryAfter;
  }
}

export async function apiFetch(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    const retry = response.headers.get('Retry-After');
    if (retry) error.retryAfter = Number(retry);
    throw error;
  }
  return json;
}

const storageKey = (sessionId) => 'actorstudio.session.' + sessionId;

/** The join result is kept per tab (sessionStorage) so a refresh restores the session, and a copy of the
 *  token in localStorage lets the same browser rejoin as the same participant. */
export function saveJoin(sessionId, join) {
  sessionStorage.setItem(storageKey(sessionId), JSON.stringify(join));
  localStorage.setItem(storageKey(sessionId), JSON.stringify({ token: join.token }));
}

export function loadJoin(sessionId) {
  try { return JSON.parse(sessionStorage.getItem(storageKey(sessionId)) || 'null'); } catch { return null; }
}

export function loadRejoinToken(sessionId) {
  try { return JSON.parse(localStorage.getItem(storageKey(sessionId)) || 'null')?.token ?? null; } catch { return null; }
}

export function forgetJoin(sessionId) {
  sessionStorage.removeItem(storageKey(sessionId));
  localStorage.removeItem(storageKey(sessionId));
}

export function joinSession(sessionId, code, displayName) {
  const token = loadRejoinToken(sessionId);
  return apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/join`, { method: 'POST', body: { code, displayName }, token });
}
