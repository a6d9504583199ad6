// Verifies LiveKit access tokens with livekit-server-sdk's own TokenVerifier.
// stdin:  {"apiKey": "...", "apiSecret": "...", "tokens": ["jwt", ...]}
// stdout: [{"ok": true, "claims": {...}} | {"ok": false, "error": "..."}, ...] in the same order.
import { TokenVerifier } from 'livekit-server-sdk';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { apiKey, apiSecret, tokens } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const verifier = new TokenVerifier(apiKey, apiSecret);
const results = [];
for (const token of tokens) {
  try {
    const claims = await verifier.verify(token);
    results.push({ ok: true, claims });
  } catch (err) {
    results.push({ ok: false, error: `${err.code ?? err.name}: ${err.message}` });
  }
}
process.stdout.write(JSON.stringify(results));
