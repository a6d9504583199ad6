// Page analytics: fire-and-forget events to POST /api/beacon (allow-listed names: view_room, prompt_submit_clicked).
// sendBeacon survives page unloads and never blocks the page; it posts the string as text/plain.

export function sendPageEvent(name, sessionId) {
  try {
    const body = JSON.stringify(sessionId ? { name, sessionId } : { name });
    if (navigator.sendBeacon?.('/api/beacon', body)) return;
    fetch('/api/beacon', { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' } }).catch(() => {});
  } catch {
    // Analytics must never break the page.
  }
}
