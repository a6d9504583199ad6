// Placeholder landing script: proves the import map and the /vendor/ modules work end to end.
import { encode, decode } from '@msgpack/msgpack';

const status = document.getElementById('module-status');

try {
  const roundTrip = decode(encode({ hello: 'studio', n: 42 }));
  status.textContent = roundTrip.hello === 'studio' && roundTrip.n === 42
    ? 'Browser modules loaded.'
    : 'Browser modules loaded, but MessagePack round trip failed.';
  status.dataset.state = 'ready';
} catch (error) {
  status.textContent = `Browser modules failed: ${error}`;
  status.dataset.state = 'failed';
}
