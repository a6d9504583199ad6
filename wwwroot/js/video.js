// Live video (LiveKit): the host previews and publishes camera + microphone, everyone else watches the host's video
// pinned in the video area. The server's grant is what stops non-hosts publishing; this page simply offers them no
// publish controls. Also the red recording badge (everyone) and the host's recording controls and files.
// livekit-client is imported lazily so a page without live video never loads it.
import { apiFetch } from './api.js';
import { RecordingState } from './protocol.js';

const recordingLabel = {
  [RecordingState.starting]: 'Starting recording…',
  [RecordingState.active]: 'REC',
  [RecordingState.stopping]: 'Stopping recording…',
};

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

export function startVideo({ sessionId, join, isHost, request, hostParticipantId }) {
  const area = document.getElementById('video');
  const status = el('p', { className: 'video-status', id: 'video-status' });
  const detail = el('p', { className: 'muted video-detail', id: 'video-detail' });
  const placeholder = el('div', { className: 'video-placeholder' }, el('div', { className: 'video-icon', ariaHidden: 'true' }), status, detail);
  const video = el('video', { id: 'video-element', autoplay: true, muted: true, playsInline: true });
  video.hidden = true;
  const audio = el('audio', { id: 'video-audio', autoplay: true });
  const live = el('span', { className: 'live-indicator', id: 'live-indicator', textContent: 'LIVE' });
  live.hidden = true;
  area.replaceChildren(placeholder, video, audio, live);
  area.setAttribute('aria-live', 'polite');

  const badge = el('span', { className: 'recording-badge', id: 'recording-badge', role: 'status' });
  badge.hidden = true;
  document.querySelector('.topbar-right')?.prepend(badge);

  let hostId = hostParticipantId || '';
  let recordingState = RecordingState.off;
  let room = null;
  let lk = null;
  let localTracks = [];
  let retryTimer = null;
  let attempt = 0;
  let ended = false; // the host chose "End": no automatic reconnect until they go live again
  let livekit = join.livekit;
  let screenShare = false; // the host asked for screen share: tokens must grant it from now on

  function setState(state, text, more = '') {
    area.dataset.state = state;
    status.textContent = text;
    detail.textContent = more;
    placeholder.hidden = state === 'live' || state === 'preview';
    video.hidden = !placeholder.hidden;
    live.hidden = !(state === 'live' || (state === 'preview' && room?.state === 'connected'));
  }

  // ---- host controls ----
  const controls = el('div', { className: 'video-controls', id: 'video-controls' });
  const buttons = {};
  function button(id, label, onClick) {
    const b = el('button', { type: 'button', id, className: 'ghost small', textContent: label });
    b.addEventListener('click', onClick);
    buttons[id] = b;
    return b;
  }
  const files = el('ul', { className: 'recordings', id: 'recordings' });

  if (isHost && livekit) {
    controls.append(
      button('video-go-live', 'Go live', () => goLive()),
      button('video-camera', 'Camera off', () => toggleSource('camera')),
      button('video-mic', 'Mute', () => toggleSource('microphone')),
      button('video-screen', 'Share screen', () => toggleScreen()),
      button('video-end', 'End', () => endBroadcast()),
      button('video-record', 'Record', () => request({ type: recordingActive() ? 'stopRecording' : 'startRecording' })),
    );
    area.after(controls, files);
  }

  function recordingActive() {
    return recordingState === RecordingState.starting || recordingState === RecordingState.active;
  }

  function renderControls() {
    if (!buttons['video-go-live']) return;
    const connected = room?.state === 'connected';
    const cam = localTracks.find((t) => t.kind === 'video');
    const mic = localTracks.find((t) => t.kind === 'audio');
    buttons['video-go-live'].hidden = connected || !ended;
    buttons['video-camera'].disabled = !cam;
    buttons['video-camera'].textContent = cam?.isMuted ? 'Camera on' : 'Camera off';
    buttons['video-mic'].disabled = !mic;
    buttons['video-mic'].textContent = mic?.isMuted ? 'Unmute' : 'Mute';
    buttons['video-end'].disabled = ended;
    buttons['video-screen'].disabled = !connected;
    buttons['video-screen'].textContent = room?.localParticipant?.isScreenShareEnabled ? 'Stop sharing' : 'Share screen';
    buttons['video-record'].textContent = recordingActive() ? 'Stop recording' : 'Record';
    buttons['video-record'].disabled = recordingState === RecordingState.stopping;
  }

  async function toggleSource(kind) {
    const track = localTracks.find((t) => t.kind === (kind === 'camera' ? 'video' : 'audio'));
    if (!track) return;
    if (track.isMuted) await track.unmute(); else await track.mute();
    renderControls();
  }

  // ---- connection ----
  function scheduleRetry() {
    clearTimeout(retryTimer);
    if (ended) return;
    attempt += 1;
    const delay = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) * (0.7 + Math.random() * 0.6);
    detail.textContent = `Retrying in ${Math.round(delay / 1000)} s…`;
    retryTimer = setTimeout(() => connect(), delay);
  }

  async function refreshToken() {
    // A rejoin with our app token returns a fresh LiveKit token (they are short-lived).
    try {
      const body = screenShare ? { screenShare: true } : {};
      const again = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/join`, { method: 'POST', body, token: join.token });
      if (again?.livekit) livekit = again.livekit;
    } catch { /* keep the old one; the next attempt tries again */ }
  }

  function attachHostTrack(track, participant) {
    if (participant.identity !== hostId) return;
    if (track.kind === 'video') {
      track.attach(video);
      setState('live', 'Live');
    } else if (track.kind === 'audio') {
      track.attach(audio);
    }
  }

  function showWaiting() {
    if (isHost) return;
    const host = room && [...room.remoteParticipants.values()].find((p) => p.identity === hostId);
    const hasVideo = host && [...host.trackPublications.values()].some((p) => p.kind === 'video' && p.track);
    if (!hasVideo) setState('waiting', 'The host is not broadcasting right now', 'Their video will appear here when they go live.');
  }

  async function connect() {
    if (ended) return;
    clearTimeout(retryTimer);
    lk ??= await import('livekit-client');
    if (attempt > 0) await refreshToken();
    const previous = room;
    previous?.removeAllListeners();
    await previous?.disconnect();
    room = new lk.Room({ adaptiveStream: true, dynacast: true });
    room.on(lk.RoomEvent.TrackSubscribed, (track, _pub, participant) => attachHostTrack(track, participant))
      .on(lk.RoomEvent.TrackUnsubscribed, (track) => { track.detach(); showWaiting(); })
      .on(lk.RoomEvent.ParticipantDisconnected, () => showWaiting())
      .on(lk.RoomEvent.Reconnecting, () => { detail.textContent = 'Reconnecting to live video…'; live.hidden = true; })
      .on(lk.RoomEvent.Reconnected, () => { detail.textContent = ''; if (isHost) setState('preview', 'You are live'); else showWaiting(); renderControls(); })
      .on(lk.RoomEvent.Disconnected, () => {
        live.hidden = true;
        renderControls();
        if (!ended) { setState(isHost ? 'preview' : 'error', isHost ? 'Live video disconnected' : 'Live video disconnected'); scheduleRetry(); }
      });
    if (!isHost) setState('connecting', 'Connecting to live video…');
    try {
      await room.connect(livekit.url, livekit.token, { autoSubscribe: true });
      attempt = 0;
      if (isHost) {
        for (const track of localTracks) await room.localParticipant.publishTrack(track);
        if (screenShare) await room.localParticipant.setScreenShareEnabled(true).catch(() => {});
        setState('preview', 'You are live');
      } else {
        for (const p of room.remoteParticipants.values()) {
          for (const pub of p.trackPublications.values()) if (pub.track) attachHostTrack(pub.track, p);
        }
        showWaiting();
      }
    } catch (error) {
      if (isHost) {
        // The preview stays; only publishing waits for the server.
        setState(localTracks.length ? 'preview' : 'error', 'Preview only: the live video server is unreachable', String(error?.message ?? error));
        area.dataset.state = 'preview-offline';
        placeholder.hidden = false;
        video.hidden = localTracks.length === 0;
      } else {
        setState('error', 'Live video is unavailable right now', String(error?.message ?? error));
      }
      scheduleRetry();
    }
    renderControls();
  }

  async function goLive() {
    ended = false;
    attempt = 0;
    setState('connecting', 'Starting your camera and microphone…');
    try {
      lk ??= await import('livekit-client');
      localTracks = await lk.createLocalTracks({ audio: true, video: { resolution: lk.VideoPresets.h720.resolution } });
      const cam = localTracks.find((t) => t.kind === 'video');
      if (cam) { cam.attach(video); video.muted = true; }
      setState('preview', 'Connecting…');
    } catch (error) {
      setState('error', 'Camera or microphone unavailable', String(error?.message ?? error));
      renderControls();
      return;
    }
    renderControls();
    await connect();
  }

  // Screen share needs a token that grants it (the server only gives one to a host who asks): fetch one, reconnect
  // with it, then share. LiveKit itself refuses a screen track from a token without the grant.
  async function toggleScreen() {
    if (!room || room.state !== 'connected') return;
    if (room.localParticipant.isScreenShareEnabled) {
      await room.localParticipant.setScreenShareEnabled(false);
    } else if (screenShare) {
      await room.localParticipant.setScreenShareEnabled(true).catch((error) => { detail.textContent = String(error?.message ?? error); });
    } else {
      screenShare = true;
      await refreshToken();
      await connect();
    }
    renderControls();
  }

  async function endBroadcast() {
    ended = true;
    clearTimeout(retryTimer);
    for (const track of localTracks) track.stop();
    localTracks = [];
    video.srcObject = null;
    await room?.disconnect();
    setState('ended', 'You ended the broadcast', 'Press “Go live” to broadcast again.');
    renderControls();
  }

  // ---- recording ----
  async function loadRecordings() {
    if (!isHost) return;
    try {
      const media = await apiFetch(`/api/sessions/${encodeURIComponent(sessionId)}/media`, { token: join.token });
      files.replaceChildren(...(media.recordings ?? []).map((r) => {
        const when = new Date(r.endedAt).toLocaleString();
        const li = el('li', {}, `Recording ${when}: `);
        if (r.url) li.append(el('a', { href: r.url, textContent: 'download', target: '_blank', rel: 'noopener' }));
        else li.append(el('code', { textContent: r.where }));
        return li;
      }));
    } catch { /* the list is a convenience; the next change reloads it */ }
  }

  function setRecording(state, detailText) {
    recordingState = state;
    const text = recordingLabel[state];
    badge.hidden = !text;
    badge.textContent = text ?? '';
    badge.title = detailText ?? '';
    document.body.dataset.recording = Object.keys(RecordingState).find((k) => RecordingState[k] === state) ?? 'off';
    renderControls();
    if (state === RecordingState.complete || state === RecordingState.failed) loadRecordings();
  }

  // ---- start ----
  if (!livekit) {
    setState('not-configured', 'Live video is not configured');
  } else if (isHost) {
    goLive();
  } else {
    connect();
  }
  loadRecordings();

  return {
    onSnapshot(snapshot) {
      if (snapshot.session?.hostParticipantId) hostId = snapshot.session.hostParticipantId;
      setRecording(snapshot.recording?.state ?? RecordingState.off);
    },
    onRecordingStatus(message) {
      setRecording(message.state, message.detail);
    },
    setHost(id) {
      if (id && !hostId) hostId = id;
    },
  };
}
