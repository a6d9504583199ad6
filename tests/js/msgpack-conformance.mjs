// Checks ActorStudio's C# MessagePack codec and frames against @msgpack/msgpack, an independent implementation.
// stdin: { values: [{name, hex, value}], commands: [{name, hex, view}], events: [{name, hex, view}] }
//   value is a typed description: {t:"nil"|"bool"|"int"|"f32"|"f64"|"str"|"bin"|"arr"|"map"|"ext"|"ts", ...}
// stdout: { values: [...], commands: [...], events: [...], jsValues: [...] } — see each section below.
import { deepStrictEqual } from "node:assert";
import {
  Decoder, Encoder, ExtData, ExtensionCodec, decodeTimestampToTimeSpec, encodeTimeSpecToTimestamp, encode, decode,
} from "@msgpack/msgpack";
import { decodeFrame, encodeCommand } from "../../wwwroot/js/protocol.js";

class TimeSpec {
  constructor(sec, nsec) { this.sec = sec; this.nsec = nsec; }
}

// Timestamps as {sec, nsec} instead of Date, so nanoseconds and 96-bit forms are compared exactly.
const timestamps = new ExtensionCodec();
timestamps.register({
  type: -1,
  encode: (value) => (value instanceof TimeSpec ? encodeTimeSpecToTimestamp(value) : null),
  decode: (data) => { const t = decodeTimestampToTimeSpec(data); return new TimeSpec(t.sec, t.nsec); },
});

const plain = new Encoder({ extensionCodec: timestamps });
const float32 = new Encoder({ extensionCodec: timestamps, forceFloat32: true });
const big = new Encoder({ extensionCodec: timestamps, useBigInt64: true });
const reader = new Decoder({ extensionCodec: timestamps, useBigInt64: true });

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const bytes = (h) => new Uint8Array(Buffer.from(h, "hex"));
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function f64FromBits(h) { return Buffer.from(h, "hex").readDoubleBE(0); }
function f32FromBits(h) { return Buffer.from(h, "hex").readFloatBE(0); }

function fromTyped(v) {
  switch (v.t) {
    case "nil": return null;
    case "bool": return v.v;
    case "int": { const b = BigInt(v.v); return b > SAFE || b < -SAFE ? b : Number(b); }
    case "f32": return f32FromBits(v.v);
    case "f64": return f64FromBits(v.v);
    case "str": return v.v;
    case "bin": return bytes(v.v);
    case "arr": return v.v.map(fromTyped);
    case "map": { const o = {}; for (const [k, x] of v.v) o[fromTyped(k)] = fromTyped(x); return o; }
    case "ext": return new ExtData(v.type, bytes(v.v));
    case "ts": return new TimeSpec(Number(v.sec), v.nsec);
    default: throw new Error(`unknown typed value ${v.t}`);
  }
}

function encoderFor(v) {
  if (v.t === "f32") return float32;
  if (v.t === "int") { const b = BigInt(v.v); if (b > SAFE || b < -SAFE) return big; }
  return plain;
}

function same(decoded, v, path) {
  const fail = (why) => { throw new Error(`${path}: ${why}`); };
  switch (v.t) {
    case "nil": if (decoded !== null) fail(`expected nil, got ${decoded}`); return;
    case "bool": if (decoded !== v.v) fail(`expected ${v.v}, got ${decoded}`); return;
    case "int":
      if (typeof decoded !== "number" && typeof decoded !== "bigint") fail(`expected int, got ${typeof decoded}`);
      if (BigInt(decoded) !== BigInt(v.v)) fail(`expected ${v.v}, got ${decoded}`);
      return;
    case "f32": case "f64": {
      const want = v.t === "f32" ? f32FromBits(v.v) : f64FromBits(v.v);
      if (!Object.is(decoded, want)) fail(`expected ${want}, got ${decoded}`);
      return;
    }
    case "str": if (decoded !== v.v) fail(`string differs (length ${decoded?.length} vs ${v.v.length})`); return;
    case "bin": if (!(decoded instanceof Uint8Array) || hex(decoded) !== v.v) fail("binary differs"); return;
    case "arr":
      if (!Array.isArray(decoded) || decoded.length !== v.v.length) fail("array length differs");
      v.v.forEach((x, i) => same(decoded[i], x, `${path}[${i}]`));
      return;
    case "map": {
      const keys = Object.keys(decoded);
      if (keys.length !== v.v.length) fail(`map size ${keys.length} vs ${v.v.length}`);
      v.v.forEach(([k, x], i) => { if (keys[i] !== k.v) fail(`key ${i} is ${keys[i]}, expected ${k.v}`); same(decoded[k.v], x, `${path}.${k.v}`); });
      return;
    }
    case "ext":
      if (!(decoded instanceof ExtData) || decoded.type !== v.type || hex(decoded.data) !== v.v) fail("extension differs");
      return;
    case "ts":
      if (!(decoded instanceof TimeSpec) || BigInt(decoded.sec) !== BigInt(v.sec) || decoded.nsec !== v.nsec) {
        fail(`timestamp ${decoded?.sec}.${decoded?.nsec} vs ${v.sec}.${v.nsec}`);
      }
      return;
    default: fail(`unknown typed value ${v.t}`);
  }
}

const attempt = (fn) => { try { return [fn(), null]; } catch (e) { return [null, String(e?.message ?? e)]; } };

// Values generated here, so the C# reader is also fed bytes it did not write. Seeded for repeatability.
function jsCorpus() {
  let state = 0x2545f491;
  const next = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
  const out = [];
  const add = (name, value, typed, enc = plain) => out.push({ name, hex: hex(enc.encode(value)), value: typed });
  for (let i = 0; i < 200; i++) {
    const magnitude = Math.floor(next() * 53);
    const n = Math.floor(next() * 2 ** magnitude) * (next() < 0.5 ? -1 : 1);
    add(`js-int-${i}`, n, { t: "int", v: String(n === 0 ? 0 : n) });
  }
  const alphabet = ["a", "Z", "0", " ", "é", "ß", "中", "文", "🙂", "🎨", "\u0000", "\n", "\u2028"];
  for (let i = 0; i < 100; i++) {
    const length = Math.floor(next() * (i < 90 ? 60 : 20000));
    let s = "";
    for (let j = 0; j < length; j++) s += alphabet[Math.floor(next() * alphabet.length)];
    add(`js-str-${i}`, s, { t: "str", v: s });
  }
  for (let i = 0; i < 50; i++) {
    const x = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    if (Number.isInteger(x)) continue;
    const b = Buffer.alloc(8); b.writeDoubleBE(x, 0);
    add(`js-f64-${i}`, x, { t: "f64", v: b.toString("hex") });
  }
  const nested = { title: "🎨 studio", items: [1, -1, 300, "x", null, true, false, [[], {}]], when: new TimeSpec(1763773200, 5e8) };
  add("js-nested", nested, {
    t: "map",
    v: [
      [{ t: "str", v: "title" }, { t: "str", v: "🎨 studio" }],
      [{ t: "str", v: "items" }, {
        t: "arr",
        v: [{ t: "int", v: "1" }, { t: "int", v: "-1" }, { t: "int", v: "300" }, { t: "str", v: "x" }, { t: "nil" },
          { t: "bool", v: true }, { t: "bool", v: false }, { t: "arr", v: [{ t: "arr", v: [] }, { t: "map", v: [] }] }],
      }],
      [{ t: "str", v: "when" }, { t: "ts", sec: "1763773200", nsec: 500000000 }],
    ],
  });
  add("js-bigint-max", 2n ** 64n - 1n, { t: "int", v: String(2n ** 64n - 1n) }, big);
  add("js-bigint-min", -(2n ** 63n), { t: "int", v: String(-(2n ** 63n)) }, big);
  return out;
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input);

const values = request.values.map(({ name, hex: h, value }) => {
  const [, decodeError] = attempt(() => same(reader.decode(bytes(h)), value, name));
  const [encodedHex, encodeError] = attempt(() => hex(encoderFor(value).encode(fromTyped(value))));
  return { name, decodeError, encodeError, encodedHex };
});

const commands = request.commands.map(({ name, view }) => {
  const [encodedHex, error] = attempt(() => hex(encodeCommand(view)));
  return { name, error, encodedHex };
});

const events = request.events.map(({ name, hex: h, view }) => {
  const [, error] = attempt(() => deepStrictEqual(decodeFrame(bytes(h)), view));
  // Byte-for-byte: decoding with a generic decoder and encoding again must give the very same bytes.
  const [reencodedHex, reencodeError] = attempt(() => hex(encode(decode(bytes(h)))));
  return { name, error, reencodeError, reencodedHex };
});

process.stdout.write(JSON.stringify({ values, commands, events, jsValues: jsCorpus() }));
