// One live session over one WebSocket: hello with the token, resume from the last seen seq after any drop,
// heartbeat pings, reconnect with jittered back-off, and commands resent with their ids (the server applies each once).
// Several nodes: a Moved frame / close 4010 names the owner's socket URL, followed at once; when the node we knew is
// gone (failed attempts, or it is shutting down), `resolve()` asks any node (the page's origin) for the owner again.
import { CloseCode, PROTOCOL_VERSION, decodeFrame, encodeCommand, newCommandId, shouldReconnect } from './protocol.js';

export class SessionClient {
  constructor({ wsUrl, token, onMessages, onState, onClosed, resolve }) {
    this.wsUrl = wsUrl;
    this.resolve = resolve; // async () => ({ wsUrl, token }) | null: rejoin over HTTP through any node
    this.movedTo = null;
    this.token = token;
    this.onMessages = onMessages;
    this.onState = onState;
    this.onClosed = onClosed;
    this.lastSeq = null;
    this.socket = null;
    this.attempt = 0;
    this.pending = new Map(); // commandId -> command, until acked or refused
    this.pingTimer = null;
    this.stopped = false;
  }

  start() {
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pingTimer);
    this.socket?.close(1000, 'leaving');
  }

  /** Sends a state-changing command; it is resent after a reconnect until the server answers it. */
  request(command) {
    const withId = { ...command, commandId: command.commandId ?? newCommandId() };
    this.pending.set(withId.commandId, withId);
    this.sendNow(withId);
    return withId.commandId;
  }

  /** Sends an ephemeral command (typing, idle); dropped when offline. */
  send(command) {
    this.sendNow(command);
  }

  sendNow(command) {
    if (this.socket?.readyState === WebSocket.OPEN && this.welcomed) {
      this.socket.send(encodeCommand(command));
    }
  }

  connect() {
    if (this.stopped) return;
    this.welcomed = false;
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.wsUrl);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      socket.send(encodeCommand({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: this.token, lastSeenSeq: this.lastSeq }));
    };
    socket.onmessage = (event) => {
      let messages;
      try {
        messages = decodeFrame(new Uint8Array(event.data));
      } catch (error) {
        console.warn('undecodable frame', error);
        return;
      }
      for (const m of messages) {
        if (m.type === 'moved') this.movedTo = m.webSocketUrl;
        if (typeof m.seq === 'number' && (this.lastSeq === null || m.seq > this.lastSeq)) this.lastSeq = m.seq;
        if (m.type === 'welcome') this.onWelcome(m);
        if ((m.type === 'ack' || m.type === 'error') && m.commandId) this.pending.delete(m.commandId);
        if (m.type === 'chatMessage' && m.commandId) this.pending.delete(m.commandId);
      }
      this.onMessages(messages);
    };
    socket.onclose = (event) => {
      clearInterval(this.pingTimer);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (!shouldReconnect(event.code) || event.code === CloseCode.tokenExpired) {
        this.onState('closed');
        this.onClosed?.(event.code, event.reason);
        return;
      }
      if (event.code === CloseCode.moved) {
        // Another node owns the session: go there now (the frame's URL, or the close reason).
        const target = this.movedTo || event.reason;
        this.movedTo = null;
        if (target) this.wsUrl = target;
        this.onState('reconnecting', { code: event.code, reason: event.reason, delay: 0 });
        setTimeout(() => this.connect(), 0);
        return;
      }
      this.attempt += 1;
      const base = Math.min(10_000, 400 * 2 ** Math.min(this.attempt, 5));
      const delay = base / 2 + Math.random() * base / 2;
      this.onState('reconnecting', { code: event.code, reason: event.reason, delay });
      const lostNode = event.code === 1006 || event.code === CloseCode.serverShuttingDown || this.attempt >= 2;
      setTimeout(() => (lostNode && this.resolve ? this.reresolve() : this.connect()), delay);
    };
  }

  async reresolve() {
    try {
      const fresh = await this.resolve();
      if (fresh?.wsUrl) this.wsUrl = fresh.wsUrl;
      if (fresh?.token) this.token = fresh.token;
    } catch (error) {
      console.warn('could not ask for the session owner', error);
    }
    this.connect();
  }

  onWelcome(welcome) {
    this.welcomed = true;
    this.attempt = 0;
    this.lastSeq = welcome.seq;
    this.onState('connected');
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.sendNow({ type: 'ping', clientTimeMs: Date.now() }), welcome.heartbeatIntervalMs || 15000);
    // Commands that were in flight when the socket dropped: resend with the same id (applied at most once).
    queueMicrotask(() => {
      for (const command of this.pending.values()) this.sendNow(command);
    });
  }
}
