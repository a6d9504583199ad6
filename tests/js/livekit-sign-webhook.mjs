// Signs webhook bodies exactly the way LiveKit's server does: an AccessToken (iss = API key) whose sha256 claim is
// the standard base64 SHA-256 of the raw body, sent bare in the Authorization header. Also runs LiveKit's own
// WebhookReceiver over each result so the C# side is compared with LiveKit's reading of the same bytes.
// stdin:  {"apiKey": "...", "apiSecret": "...", "items": [{"body": "...", "ttl": "5m"}]}
// stdout: [{"authorization": "jwt", "receiverAccepts": true, "event": "...", "id": "..."}]
import { createHash } from 'node:crypto';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { apiKey, apiSecret, items } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const receiver = new WebhookReceiver(apiKey, apiSecret);
const results = [];
for (const { body, ttl } of items) {
  const token = new AccessToken(apiKey, apiSecret, { ttl: ttl ?? '5m' });
  token.sha256 = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('base64');
  const authorization = await token.toJwt();
  let receiverAccepts = false;
  let event = null;
  let id = null;
  try {
    const parsed = await receiver.receive(body, authorization);
    receiverAccepts = true;
    event = parsed.event;
    id = parsed.id;
  } catch {
    receiverAccepts = false;
  }
  results.push({ authorization, receiverAccepts, event, id });
}
process.stdout.write(JSON.stringify(results));
