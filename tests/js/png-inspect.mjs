// Independent PNG check for the C# tests: verifies the signature and every chunk CRC, inflates IDAT with node's
// zlib, undoes the row filters and prints {width, height, colorType, distinctColors, meanRgb, pixelSha256}.
// Usage: node tests/js/png-inspect.mjs file.png
import { readFileSync } from 'node:fs';
import { inflateSync, crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';

const crcOf = (buf) => {
  if (typeof crc32 === 'function') return crc32(buf) >>> 0;
  let c, crc = 0xffffffff;
  for (const b of buf) { c = (crc ^ b) & 0xff; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crc = (crc >>> 8) ^ c; }
  return (crc ^ 0xffffffff) >>> 0;
};

const data = readFileSync(process.argv[2]);
const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
if (!sig.every((b, i) => data[i] === b)) throw new Error('bad PNG signature');
let off = 8, width = 0, height = 0, colorType = -1, bitDepth = 0; const idat = []; let sawEnd = false;
while (off < data.length) {
  const len = data.readUInt32BE(off); const type = data.subarray(off + 4, off + 8).toString('latin1');
  const body = data.subarray(off + 8, off + 8 + len); const crc = data.readUInt32BE(off + 8 + len);
  if (crcOf(data.subarray(off + 4, off + 8 + len)) !== crc) throw new Error(`bad CRC in ${type}`);
  if (type === 'IHDR') { width = body.readUInt32BE(0); height = body.readUInt32BE(4); bitDepth = body[8]; colorType = body[9]; }
  if (type === 'IDAT') idat.push(body);
  if (type === 'IEND') { sawEnd = true; break; }
  off += 12 + len;
}
if (!sawEnd) throw new Error('no IEND');
if (bitDepth !== 8 || colorType !== 2) throw new Error(`unsupported depth ${bitDepth} colour type ${colorType}`);
const raw = inflateSync(Buffer.concat(idat));
const bpp = 3, stride = width * bpp;
if (raw.length !== height * (stride + 1)) throw new Error(`inflated ${raw.length} bytes, expected ${height * (stride + 1)}`);
const px = Buffer.alloc(height * stride);
for (let y = 0; y < height; y++) {
  const f = raw[y * (stride + 1)]; const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
  const cur = px.subarray(y * stride, (y + 1) * stride); const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
  for (let i = 0; i < stride; i++) {
    const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
    let v;
    switch (f) {
      case 0: v = src[i]; break;
      case 1: v = src[i] + a; break;
      case 2: v = src[i] + b; break;
      case 3: v = src[i] + ((a + b) >> 1); break;
      case 4: { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v = src[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c); break; }
      default: throw new Error(`bad filter ${f}`);
    }
    cur[i] = v & 0xff;
  }
}
const colours = new Set(); const mean = [0, 0, 0];
for (let i = 0; i < px.length; i += 3) { if (colours.size < 100000) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]); mean[0] += px[i]; mean[1] += px[i + 1]; mean[2] += px[i + 2]; }
const n = width * height;
console.log(JSON.stringify({ width, height, colorType, distinctColors: colours.size, meanRgb: mean.map((m) => Math.round(m / n)),
  pixelSha256: createHash('sha256').update(px).digest('hex') }));
