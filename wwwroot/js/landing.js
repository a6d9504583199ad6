// Landing page: create a session (shows the invite link and the three codes once) or join one.
import { apiFetch, joinSession, saveJoin } from './api.js';

const $ = (id) => document.getElementById(id);

function showError(form, error) {
  const p = form.querySelector('.form-error');
  let message = error.message;
  if (error.status === 429 && error.retryAfter) message = `Too many attempts. Try again in ${Math.ceil(error.retryAfter)} s.`;
  else if (error.status === 403) message = 'That code is not valid for this session.';
  else if (error.status === 404) message = 'No session with that link or id.';
  p.textContent = message;
  p.hidden = false;
}

function parseSessionId(value) {
  const trimmed = (value || '').trim();
  try {
    const url = new URL(trimmed);
    return url.searchParams.get('session') || url.pathname.split('/').filter(Boolean).pop() || '';
  } catch {
    return trimmed;
  }
}

function goToRoom(sessionId) {
  location.href = `/room.html?session=${encodeURIComponent(sessionId)}`;
}

let created = null;

$('create-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  form.querySelector('.form-error').hidden = true;
  const name = $('create-name-input').value.trim();
  if (!name) { $('create-name-input').focus(); showError(form, { message: 'Please enter your name.' }); return; }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    created = await apiFetch('/api/sessions', { method: 'POST', body: { title: $('create-title-input').value.trim() || null } });
    created.displayName = name;
    $('invite-url').textContent = created.inviteUrl;
    $('code-host').textContent = created.codes.host;
    $('code-collaborator').textContent = created.codes.collaborator;
    $('code-viewer').textContent = created.codes.viewer;
    form.hidden = true;
    $('created').hidden = false;
    $('enter-as-host').focus();
  } catch (error) {
    showError(form, error);
  } finally {
    button.disabled = false;
  }
});

for (const button of document.querySelectorAll('button.copy')) {
  button.addEventListener('click', async () => {
    const text = $(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const range = document.createRange();
      range.selectNodeContents($(button.dataset.copy));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    button.textContent = 'Copied';
    button.classList.add('copied');
    setTimeout(() => { button.textContent = 'Copy'; button.classList.remove('copied'); }, 1500);
  });
}

$('enter-as-host').addEventListener('click', async () => {
  const button = $('enter-as-host');
  button.disabled = true;
  try {
    const join = await joinSession(created.sessionId, created.codes.host, created.displayName);
    saveJoin(created.sessionId, join);
    goToRoom(created.sessionId);
  } catch (error) {
    showError($('create-form'), error);
    $('create-form').hidden = false;
  } finally {
    button.disabled = false;
  }
});

$('join-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  form.querySelector('.form-error').hidden = true;
  const sessionId = parseSessionId($('join-session-input').value);
  const displayName = $('join-name-input').value.trim();
  const code = $('join-code-input').value.trim();
  if (!sessionId) { $('join-session-input').focus(); return showError(form, { message: 'Please paste the invite link.' }); }
  if (!displayName) { $('join-name-input').focus(); return showError(form, { message: 'Please enter your name.' }); }
  if (!code) { $('join-code-input').focus(); return showError(form, { message: 'Please enter your access code.' }); }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const join = await joinSession(sessionId, code, displayName);
    saveJoin(sessionId, join);
    goToRoom(sessionId);
  } catch (error) {
    showError(form, error);
  } finally {
    button.disabled = false;
  }
});

// An invite link (/?session=ID) pre-fills the session and puts the cursor on the name.
const invited = new URLSearchParams(location.search).get('session');
if (invited) {
  $('join-session-input').value = invited;
  $('join-name-input').focus();
} else {
  $('create-name-input').focus();
}
