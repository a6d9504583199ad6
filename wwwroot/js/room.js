// The room: participants with presence, chat with typing indicator and host moderation, connection state.
// Everything user-written is rendered with textContent, never as HTML.
import { apiFetch, forgetJoin, loadJoin, saveJoin } from './api.js';
import { ChatKind, CloseCode, ModerationTarget, Presence, Role } from './protocol.js';
import { SessionClient } from './session-client.js';
import { sendPageEvent } from './beacon.js';
import { startVideo } from './video.js';
import { createGeneration } from './generation.js';

const $ = (id) => document.getElementById(id);
const sessionId = new URLSearchParams(location.search).get('session');
const join = sessionId ? loadJoin(sessionId) : null;
if (!join) {
  location.replace(sessionId ? `/?session=${encodeURIComponent(sessionId)}` : '/');
  throw new Error('not joined');
}

sendPageEvent('view_room', sessionId);
if (join.role === 'host') {
  // The host's own figures (join and generation success, latency) open beside the room.
  const figures = document.createElement('a');
  figures.href = `/dashboard?session=${encodeURIComponent(sessionId)}`;
  figures.target = '_blank';
  figures.rel = 'noopener';
  figures.className = 'me';
  figures.textContent = 'Figures';
  document.querySelector('.topbar-right')?.prepend(figures);
}

const roleName = { [Role.host]: 'host', [Role.collaborator]: 'collaborator', [Role.viewer]: 'viewer' };
const presenceName = { [Presence.online]: 'online', [Presence.idle]: 'idle', [Presence.reconnecting]: 'reconnecting', [Presence.left]: 'left' };
const isHost = join.role === 'host';
const participants = new Map();
const typing = new Map(); // participantId -> timeout handle
let viewersMuted = false;
let hostParticipantId = '';

const chatLog = $('chat-log');
const chatInput = $('chat-input');
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function badge(role) {
  const span = document.createElement('span');
  span.className = `badge badge-${roleName[role]}`;
  span.textContent = roleName[role];
  return span;
}

function renderParticipants() {
  const list = $('participants');
  const present = [...participants.values()].filter((p) => p.presence !== Presence.left);
  present.sort((a, b) => (a.role - b.role) || a.displayName.localeCompare(b.displayName));
  list.replaceChildren(...present.map((p) => {
    const li = document.createElement('li');
    li.dataset.participantId = p.participantId;
    const dot = document.createElement('span');
    dot.className = `presence presence-${presenceName[p.presence]}`;
    dot.title = presenceName[p.presence];
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.displayName + (p.participantId === join.participantId ? ' (you)' : '');
    const status = document.createElement('span');
    status.className = 'visually-hidden';
    status.textContent = `, ${presenceName[p.presence]}`;
    li.append(dot, name, status, badge(p.role));
    if (isHost && p.participantId !== join.participantId) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'chat-remove participant-remove';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${p.displayName} from the session`);
      remove.addEventListener('click', () => {
        if (confirm(`Remove ${p.displayName} from the session? They will not be able to rejoin.`)) {
          client.request({ type: 'removeContent', target: ModerationTarget.participant, targetId: p.participantId });
        }
      });
      li.append(remove);
    }
    return li;
  }));
  $('people-count').textContent = `(${present.length})`;
  const host = participants.get(hostParticipantId);
  $('video-host-name').textContent = host ? `Pinned to ${host.displayName}` : '';
}

function nearBottom() {
  return chatLog.scrollHeight - chatLog.scrollTop - chatLog.clientHeight < 60;
}

function chatItem(m) {
  const li = document.createElement('li');
  li.dataset.messageId = m.messageId ?? '';
  if (m.commandId) li.dataset.commandId = m.commandId;
  if (m.kind === ChatKind.system) li.classList.add('system');
  const meta = document.createElement('div');
  meta.className = 'chat-meta';
  const sender = document.createElement('span');
  sender.className = 'sender';
  sender.textContent = m.displayName;
  const time = document.createElement('time');
  time.dateTime = new Date(m.sentAt).toISOString();
  time.textContent = timeFormat.format(new Date(m.sentAt));
  meta.append(sender);
  if (m.kind !== ChatKind.system) meta.append(badge(m.role));
  meta.append(time);
  if (isHost && m.kind !== ChatKind.system && m.messageId) {
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chat-remove';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove message from ${m.displayName}`);
    remove.addEventListener('click', () => client.request({ type: 'removeContent', target: ModerationTarget.chatMessage, targetId: m.messageId }));
    meta.append(remove);
  }
  const text = document.createElement('div');
  text.className = 'chat-text';
  text.textContent = m.text;
  li.append(meta, text);
  return li;
}

function addChat(m) {
  if (m.messageId && chatLog.querySelector(`li[data-message-id="${CSS.escape(m.messageId)}"]`)) return;
  const stick = nearBottom();
  const optimistic = m.commandId ? chatLog.querySelector(`li.pending[data-command-id="${CSS.escape(m.commandId)}"]`) : null;
  const li = chatItem(m);
  if (optimistic) optimistic.replaceWith(li);
  else chatLog.append(li);
  if (stick) chatLog.scrollTop = chatLog.scrollHeight;
}

function removeChat(messageId) {
  const li = chatLog.querySelector(`li[data-message-id="${CSS.escape(messageId)}"]`);
  if (!li) return;
  li.classList.add('removed');
  li.querySelector('.chat-text').textContent = 'Message removed by the host.';
  li.querySelector('.chat-remove')?.remove();
}

function renderTyping() {
  const names = [...typing.keys()].filter((id) => id !== join.participantId).map((id) => participants.get(id)?.displayName).filter(Boolean);
  $('typing').textContent = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : `${names.length} people are typing…`;
}

function setTyping(participantId, isTyping) {
  clearTimeout(typing.get(participantId));
  typing.delete(participantId);
  if (isTyping) typing.set(participantId, setTimeout(() => { typing.delete(participantId); renderTyping(); }, 6000));
  renderTyping();
}

function applySnapshot(welcome) {
  const s = welcome.snapshot;
  $('session-title').textContent = s.session.title;
  document.title = `${s.session.title} · ActorStudio`;
  hostParticipantId = s.session.hostParticipantId;
  participants.clear();
  for (const p of s.participants) participants.set(p.participantId, p);
  chatLog.replaceChildren();
  for (const m of s.chat) addChat(m);
  chatLog.scrollTop = chatLog.scrollHeight;
  setMuted(s.viewersChatMuted);
  video.onSnapshot(s);
  renderParticipants();
}

function setMuted(muted) {
  viewersMuted = muted;
  $('mute-viewers').textContent = muted ? 'Unmute viewers' : 'Mute viewers';
  $('mute-viewers').setAttribute('aria-pressed', String(muted));
  const silenced = muted && join.role === 'viewer';
  chatInput.disabled = silenced;
  chatInput.placeholder = silenced ? 'The host has muted chat for viewers' : 'Message everyone…';
}

function showError(message, { final = false } = {}) {
  const p = $('chat-error');
  p.textContent = message;
  p.hidden = false;
  clearTimeout(showError.timer);
  if (final) {
    // The socket will not come back (removed, session ended): say so for good and stop offering input.
    chatInput.disabled = true;
    document.body.dataset.ended = 'true';
    return;
  }
  showError.timer = setTimeout(() => { p.hidden = true; }, 5000);
}

function onMessages(messages) {
  let participantsChanged = false;
  for (const m of messages) {
    generation.handle(m);
    switch (m.type) {
      case 'welcome':
        if (m.snapshot) applySnapshot(m);
        if (m.me) { participants.set(m.me.participantId, m.me); participantsChanged = true; }
        break;
      case 'chatMessage':
        addChat(m);
        setTyping(m.participantId, false);
        break;
      case 'chatRemoved':
        removeChat(m.messageId);
        break;
      case 'presenceChanged':
        participants.set(m.participant.participantId, m.participant);
        if (m.participant.role === Role.host && !hostParticipantId) hostParticipantId = m.participant.participantId;
        if (m.participant.role === Role.host) video.setHost(m.participant.participantId);
        participantsChanged = true;
        break;
      case 'typingChanged':
        setTyping(m.participantId, m.isTyping);
        break;
      case 'recordingStatus':
        video.onRecordingStatus(m);
        break;
      case 'viewersChatMuteChanged':
        setMuted(m.muted);
        break;
      case 'error':
        if (m.commandId) chatLog.querySelector(`li.pending[data-command-id="${CSS.escape(m.commandId)}"]`)?.remove();
        showError(m.retryAfterMs ? `${m.message} (try again in ${Math.ceil(m.retryAfterMs / 1000)} s)` : m.message);
        break;
      default:
        break;
    }
  }
  if (participantsChanged) renderParticipants();
}

const stateText = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' };
function onState(state) {
  const el = $('connection-state');
  el.className = `conn conn-${state}`;
  el.textContent = stateText[state];
  document.body.dataset.connection = state;
}

function onClosed(code, reason) {
  if (code === CloseCode.tokenExpired || code === CloseCode.authFailed) {
    forgetJoin(sessionId);
    location.replace(`/?session=${encodeURIComponent(sessionId)}`);
  } else if (code === CloseCode.kicked) {
    forgetJoin(sessionId);
    showError('You were removed from this session.', { final: true });
  } else if (code === CloseCode.sessionEnded) {
    forgetJoin(sessionId);
    showError('The host ended this session.', { final: true });
  } else {
    showError(reason || 'The connection closed.');
  }
}

// After a node failure the page asks any node (its own origin) who owns the session now: a rejoin with the token.
async function resolve() {
  const fresh = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/join`, { method: 'POST', body: {}, token: client.token });
  saveJoin(sessionId, { ...join, token: fresh.token, wsUrl: fresh.wsUrl });
  return { wsUrl: fresh.wsUrl, token: fresh.token };
}

const client = new SessionClient({ wsUrl: join.wsUrl, token: join.token, onMessages, onState, onClosed, resolve });
const video = startVideo({ sessionId, join, isHost, request: (command) => client.request(command), hostParticipantId });
const generation = createGeneration({ client, join, sessionId, displayNameOf: (id) => participants.get(id)?.displayName });

$('me').textContent = join.displayName;
$('me').append(' ', badge(Role[join.role]));
$('mute-viewers').hidden = !isHost;
$('mute-viewers').addEventListener('click', () => client.request({ type: 'muteViewersChat', muted: !viewersMuted }));
$('end-session').hidden = !isHost;
$('end-session').addEventListener('click', () => {
  if (confirm('End the session for everyone? Nobody can join it again.')) client.request({ type: 'endSession' });
});
$('leave').addEventListener('click', () => {
  client.stop();
  forgetJoin(sessionId);
  location.href = '/';
});

function sendChat() {
  const text = chatInput.value.trim();
  if (!text) return;
  const commandId = client.request({ type: 'postChat', text });
  const me = participants.get(join.participantId);
  const li = chatItem({ commandId, displayName: me?.displayName ?? join.displayName, role: Role[join.role], kind: ChatKind.user, text, sentAt: Date.now() });
  li.classList.add('pending');
  chatLog.append(li);
  chatLog.scrollTop = chatLog.scrollHeight;
  chatInput.value = '';
  client.send({ type: 'setTyping', isTyping: false });
  lastTypingSent = 0;
}

let lastTypingSent = 0;
chatInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    sendChat();
  }
});
chatInput.addEventListener('input', () => {
  const now = Date.now();
  if (chatInput.value && now - lastTypingSent > 3000) {
    lastTypingSent = now;
    client.send({ type: 'setTyping', isTyping: true });
  }
});
chatInput.addEventListener('blur', () => {
  if (lastTypingSent) { client.send({ type: 'setTyping', isTyping: false }); lastTypingSent = 0; }
});
$('chat-form').addEventListener('submit', (e) => { e.preventDefault(); sendChat(); });
document.addEventListener('visibilitychange', () => client.send({ type: 'setIdle', isIdle: document.hidden }));

// The HTTP snapshot draws the room before the socket is up (and checks the token is still good).
apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}`, { token: join.token })
  .then((view) => { $('session-title').textContent = view.title; document.title = `${view.title} · ActorStudio`; })
  .catch((error) => {
    if (error.status === 401 || error.status === 403) {
      forgetJoin(sessionId);
      location.replace(`/?session=${encodeURIComponent(sessionId)}`);
    }
  });
// Images need their ticket before the first <img> is drawn.
generation.start().finally(() => client.start());
chatInput.focus();
