// An independent session socket client: node's `ws` (strict about every frame the server writes) and
// @msgpack/msgpack, nothing from ActorStudio. stdin: the node's base URL. stdout: one JSON result the C# test checks.
// Creates a session and joins over HTTP, opens the wsUrl, Hello -> Welcome, posts a chat and gets it back with its
// ack, pings (WebSocket control frame) and gets the pong, sends a PostChat fragmented in two frames and gets its ack,
// then closes with 1000 and records the close the server echoes. With the argument `keepalive` it first waits for the
// server's own keep-alive ping (every 20 s; ws answers it with a pong) and checks the socket still works after it.
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { decode, encode } from "@msgpack/msgpack";

const base = readFileSync(0, "utf8").trim().replace(/\/$/, "");
const keepalive = process.argv.includes("keepalive");
const result = { errors: [] };

async function post(path, body) {
  const response = await fetch(base + path, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const created = await post("/api/sessions", { title: "ws client" });
const joined = await post(`/api/sessions/${created.sessionId}/join`, { code: created.codes.collaborator, displayName: "Node ws" });
result.participantId = joined.participantId;

const ws = new WebSocket(joined.wsUrl);
ws.binaryType = "nodebuffer";
const waiters = [];
const inbox = [];

function deliver(message) {
  const i = waiters.findIndex((w) => w.match(message));
  if (i >= 0) waiters.splice(i, 1)[0].resolve(message); else inbox.push(message);
}

function next(match, what) {
  const i = inbox.findIndex(match);
  if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within 10 s`)), 10_000);
    waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
  });
}

const closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
ws.on("error", (e) => result.errors.push(String(e?.message ?? e)));
ws.on("unexpected-response", (_req, res) => result.errors.push(`unexpected response ${res.statusCode}`));
ws.on("upgrade", (res) => { result.serverHeader = res.headers.server ?? null; });
ws.on("message", (data, isBinary) => {
  if (!isBinary) { result.errors.push("text message from the server"); return; }
  const frame = decode(data);
  for (const message of frame[0] === 68 ? frame[1] : [frame]) deliver(message);
});

try {
  await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });

  ws.send(encode([1, 1, joined.token, null]));
  const welcome = await next((m) => m[0] === 64, "Welcome");
  result.welcomeProtocolVersion = welcome[2];
  result.welcomeMe = welcome[3][0];
  result.extensions = ws.extensions; // permessage-deflate was offered (ws does by default); the server takes none

  if (keepalive) {
    const started = Date.now();
    const ping = new Promise((resolve) => ws.once("ping", (data) => resolve(data.length)));
    result.serverPingBytes = await Promise.race([ping, new Promise((r) => setTimeout(() => r(-1), 30_000))]);
    result.serverPingAfterMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 500)); // the server reads ws's pong
  }

  ws.send(encode([3, "chat-1", "hello from ws"]));
  const chat = await next((m) => m[0] === 70 && m[9] === "chat-1", "ChatMessage chat-1");
  result.chatText = chat[7];
  result.chatAckSeq = (await next((m) => m[0] === 66 && m[1] === "chat-1", "Ack chat-1"))[2];

  const pong = new Promise((resolve) => ws.once("pong", (data) => resolve(data.toString())));
  ws.ping(Buffer.from("ping-payload"));
  result.pong = await Promise.race([pong, new Promise((r) => setTimeout(() => r("no pong within 10 s"), 10_000))]);

  // One message in two frames: the first not final, the second a continuation.
  const whole = Buffer.from(encode([3, "frag-1", "fragmented message"]));
  const cut = Math.floor(whole.length / 2);
  ws.send(whole.subarray(0, cut), { binary: true, fin: false });
  ws.send(whole.subarray(cut), { binary: true, fin: true });
  result.fragmentedChatText = (await next((m) => m[0] === 70 && m[9] === "frag-1", "ChatMessage frag-1"))[7];
  result.fragmentedAck = (await next((m) => m[0] === 66 && m[1] === "frag-1", "Ack frag-1"))[1];

  const unexpected = inbox.filter((m) => m[0] === 67);
  if (unexpected.length > 0) result.errors.push(`Error frames: ${JSON.stringify(unexpected)}`);

  ws.close(1000, "done");
  const close = await Promise.race([closed, new Promise((r) => setTimeout(() => r({ code: -1, reason: "no close within 10 s" }), 10_000))]);
  result.closeCode = close.code;
  result.closeReason = close.reason;
} catch (e) {
  result.errors.push(String(e?.stack ?? e));
  ws.terminate();
}

process.stdout.write(JSON.stringify(result));
process.exit(0);
