// ActorStudio wire protocol, browser side. The contract is docs/protocol.md; the C# twin is src/Protocol.
// Every frame is one MessagePack array: [typeCode, field1, field2, ...]. Commands are encoded from plain objects
// ({ type: "postChat", commandId, text }); server frames decode to plain objects ({ type: "chatMessage", seq, ... }).
// Timestamps arrive as MessagePack timestamps and are exposed as milliseconds since the Unix epoch.
import { Decoder, Encoder } from "@msgpack/msgpack";

export const PROTOCOL_VERSION = 1;

export const MessageType = Object.freeze({
  hello: 1,
  ping: 2,
  postChat: 3,
  setTyping: 4,
  setIdle: 5,
  generate: 10,
  retryVariant: 11,
  favorite: 12,
  unfavorite: 13,
  removeContent: 20,
  muteViewersChat: 21,
  startRecording: 22,
  stopRecording: 23,
  endSession: 24,
  welcome: 64,
  pong: 65,
  ack: 66,
  error: 67,
  batch: 68,
  moved: 69,
  chatMessage: 70,
  chatRemoved: 71,
  typingChanged: 72,
  presenceChanged: 73,
  generationAccepted: 74,
  variantProgress: 75,
  generationDone: 76,
  streamItemAdded: 77,
  streamItemRemoved: 78,
  viewersChatMuteChanged: 79,
  recordingStatus: 80,
});

export const Role = Object.freeze({ host: 1, collaborator: 2, viewer: 3 });
export const Presence = Object.freeze({ online: 1, idle: 2, reconnecting: 3, left: 4 });
export const VariantStatus = Object.freeze({ queued: 1, running: 2, stored: 3, failed: 4 });
export const RecordingState = Object.freeze({ off: 0, starting: 1, active: 2, stopping: 3, complete: 4, failed: 5 });
export const ChatKind = Object.freeze({ user: 1, system: 2 });
export const ModerationTarget = Object.freeze({ chatMessage: 1, streamItem: 2, participant: 3 });
export const StreamRemovalReason = Object.freeze({ unsharedByOwner: 1, removedByHost: 2 });

/** WebSocket close codes the server uses (docs/protocol.md, "Close codes"). */
export const CloseCode = Object.freeze({
  authFailed: 4001,
  tokenExpired: 4002,
  unsupportedVersion: 4003,
  protocolError: 4004,
  handshakeTimeout: 4005,
  moved: 4010,
  slowConsumer: 4011,
  tooManyConnections: 4012,
  kicked: 4020,
  sessionEnded: 4021,
  serverShuttingDown: 4030,
  internalError: 4040,
});

/** True when the client should reconnect (with back-off) after this close code. */
export function shouldReconnect(code) {
  return ![CloseCode.authFailed, CloseCode.unsupportedVersion, CloseCode.kicked, CloseCode.sessionEnded].includes(code);
}

export const MAX_COMMAND_ID_BYTES = 64;

const typeNames = new Map(Object.entries(MessageType).map(([name, code]) => [code, name]));
const encoder = new Encoder();
const decoder = new Decoder();

let commandCounter = 0;

/** A fresh command id: unique per tab, short, and stable across a resend of the same command. */
export function newCommandId() {
  commandCounter += 1;
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${random}-${commandCounter}`;
}

const nullable = (value) => (value === undefined ? null : value);

/** Encodes a command object into the bytes of one WebSocket binary message. */
export function encodeCommand(command) {
  const t = command.type;
  let fields;
  switch (t) {
    case "hello":
      fields = [command.protocolVersion ?? PROTOCOL_VERSION, command.token, nullable(command.lastSeenSeq)];
      break;
    case "ping":
      fields = [command.clientTimeMs];
      break;
    case "postChat":
      fields = [command.commandId, command.text];
      break;
    case "setTyping":
      fields = [command.isTyping];
      break;
    case "setIdle":
      fields = [command.isIdle];
      break;
    case "generate":
      fields = [command.commandId, command.prompt, command.aspectRatio, nullable(command.seed), nullable(command.sourceImageId)];
      break;
    case "retryVariant":
      fields = [command.commandId, command.generationId, command.variantIndex];
      break;
    case "favorite":
    case "unfavorite":
      fields = [command.commandId, command.imageId];
      break;
    case "removeContent":
      fields = [command.commandId, command.target, command.targetId];
      break;
    case "muteViewersChat":
      fields = [command.commandId, command.muted];
      break;
    case "startRecording":
    case "stopRecording":
    case "endSession":
      fields = [command.commandId];
      break;
    default:
      throw new Error(`Unknown command type: ${t}`);
  }
  return encoder.encode([MessageType[t], ...fields]);
}

const ms = (value) => (value instanceof Date ? value.getTime() : value);
const msOrNull = (value) => (value == null ? null : ms(value));

function participant(a) {
  return { participantId: a[0], displayName: a[1], role: a[2], presence: a[3] };
}

function session(a) {
  return { sessionId: a[0], title: a[1], hostParticipantId: a[2], createdAt: ms(a[3]) };
}

function streamItem(a) {
  return {
    itemId: a[0], imageId: a[1], ownerId: a[2], ownerName: a[3], prompt: a[4], width: a[5], height: a[6], sharedAt: ms(a[7]),
  };
}

function snapshot(a) {
  return {
    session: session(a[0]),
    participants: a[1].map(participant),
    chat: a[2].map(decodeMessage),
    stream: a[3].map(streamItem),
    recording: { state: a[4][0], startedAt: msOrNull(a[4][1]) },
    viewersChatMuted: a[5],
  };
}

/** Turns one decoded message array into an object. Unknown types come back as { type: "unknown", code, fields }. */
export function decodeMessage(a) {
  if (!Array.isArray(a) || a.length === 0 || typeof a[0] !== "number") {
    throw new Error("A frame must be an array that starts with its message type");
  }
  const type = typeNames.get(a[0]);
  const f = a;
  switch (type) {
    case "welcome":
      return {
        type, seq: f[1], protocolVersion: f[2], me: participant(f[3]), resumed: f[4],
        snapshot: f[5] == null ? null : snapshot(f[5]), heartbeatIntervalMs: f[6],
      };
    case "pong":
      return { type, clientTimeMs: f[1], serverTime: ms(f[2]) };
    case "ack":
      return { type, commandId: f[1], seq: f[2] };
    case "error":
      return { type, commandId: f[1], code: f[2], message: f[3], retryAfterMs: f[4] };
    case "moved":
      return { type, sessionId: f[1], webSocketUrl: f[2] };
    case "chatMessage":
      return {
        type, seq: f[1], messageId: f[2], participantId: f[3], displayName: f[4], role: f[5], kind: f[6], text: f[7],
        sentAt: ms(f[8]), commandId: f[9],
      };
    case "chatRemoved":
      return { type, seq: f[1], messageId: f[2], removedBy: f[3] };
    case "typingChanged":
      return { type, seq: f[1], participantId: f[2], isTyping: f[3] };
    case "presenceChanged":
      return { type, seq: f[1], participant: participant(f[2]) };
    case "generationAccepted":
      return {
        type, seq: f[1], commandId: f[2], generationId: f[3], prompt: f[4], aspectRatio: f[5], width: f[6], height: f[7],
        seed: f[8], sourceImageId: f[9], variantCount: f[10], createdAt: ms(f[11]),
      };
    case "variantProgress":
      return {
        type, seq: f[1], generationId: f[2], variantIndex: f[3], status: f[4], percent: f[5], imageId: f[6], width: f[7],
        height: f[8], bytes: f[9], failureReason: f[10], retryable: f[11],
      };
    case "generationDone":
      return { type, seq: f[1], generationId: f[2], storedCount: f[3], failedCount: f[4] };
    case "streamItemAdded":
      return { type, seq: f[1], item: streamItem(f[2]) };
    case "streamItemRemoved":
      return { type, seq: f[1], itemId: f[2], removedBy: f[3], reason: f[4] };
    case "viewersChatMuteChanged":
      return { type, seq: f[1], muted: f[2], changedBy: f[3] };
    case "recordingStatus":
      return { type, seq: f[1], state: f[2], startedAt: msOrNull(f[3]), detail: f[4] };
    default:
      // Newer servers may add types: a client ignores what it does not know.
      return { type: "unknown", code: a[0], fields: a.slice(1) };
  }
}

/** Decodes one WebSocket binary message into the list of messages it carries (a Batch is flattened). */
export function decodeFrame(bytes) {
  const frame = decoder.decode(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  if (Array.isArray(frame) && frame[0] === MessageType.batch) {
    return frame[1].map(decodeMessage);
  }
  return [decodeMessage(frame)];
}
