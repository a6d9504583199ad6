// Prints the side-by-side table of bench/run-fanout.sh from its JSON reports (markdown, so it pastes into docs).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/fanout-table.mjs <results dir>');
  process.exit(2);
}

const scenarios = [
  ['p100', '100 in 1 session, 20 msg/s'],
  ['p300', '300 in 1 session, 20 msg/s'],
  ['p1000', '1,000 in 1 session, 20 msg/s'],
  ['p1000x200', '1,000 in 1 session, 200 msg/s'],
  ['idle5000', '5,000 idle over 50 sessions'],
];

const read = (scenario, target) => {
  const file = join(dir, `${scenario}-${target}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};

const num = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || !b ? 'n/a' : (a / b).toFixed(2));

const figures = (r) => {
  if (!r) return null;
  const s = r.server ?? {};
  const lossPct = r.deliveries.expected ? (100 * r.deliveries.lost) / r.deliveries.expected : 0;
  return {
    perSecond: r.deliveries.perSecond,
    p50: r.latencyMs.p50,
    p99: r.latencyMs.p99,
    lost: r.deliveries.lost,
    lossPct,
    dup: r.deliveries.duplicated,
    perFrame: r.deliveries.deliveriesPerFrame,
    cpuPerM: s.cpuSecondsPerMillionDeliveries ?? null,
    peakMiB: s.peakRssBytes ? s.peakRssBytes / 1048576 : null,
    perConnKiB: s.rssPerConnectionBytes ? s.rssPerConnectionBytes / 1024 : null,
    joined: r.joins.succeeded,
    failed: r.joins.failed,
    drops: r.disconnects,
    joinP50: r.joinMs.p50,
    testerCpu: r.loadTester.cpuPercentOfOneCore,
  };
};

const out = [];
out.push('| scenario | target | deliveries/s | p50 ms | p99 ms | lost (dup) | deliveries/frame | server CPU-s per M deliveries | server peak RSS MiB | RSS/connection KiB | joined (failed) | drops | join p50 ms | tester CPU % |');
out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const ratios = [];
for (const [key, label] of scenarios) {
  const as = figures(read(key, 'actorstudio'));
  const sr = figures(read(key, 'signalr'));
  if (!as && !sr) continue;
  for (const [target, f] of [['ActorStudio', as], ['SignalR', sr]]) {
    if (!f) {
      out.push(`| ${label} | ${target} | (no report) |||||||||||`);
      continue;
    }
    out.push(`| ${label} | ${target} | ${num(f.perSecond, 0)} | ${num(f.p50, 2)} | ${num(f.p99, 2)} | ${num(f.lost, 0)} (${num(f.dup, 0)}) | ${num(f.perFrame, 2)} | ${num(f.cpuPerM, 2)} | ${num(f.peakMiB, 1)} | ${num(f.perConnKiB, 1)} | ${f.joined} (${f.failed}) | ${f.drops} | ${num(f.joinP50, 0)} | ${num(f.testerCpu, 0)} |`);
  }
  if (as && sr) {
    ratios.push(`| ${label} | ${ratio(as.perSecond, sr.perSecond)} | ${ratio(as.p50, sr.p50)} | ${ratio(as.p99, sr.p99)} | ${ratio(as.cpuPerM, sr.cpuPerM)} | ${ratio(as.peakMiB, sr.peakMiB)} | ${ratio(as.perConnKiB, sr.perConnKiB)} |`);
  }
}

console.log(out.join('\n'));
if (ratios.length) {
  console.log('\nActorStudio / SignalR ratios (below 1 is better for ActorStudio, except deliveries/s):\n');
  console.log('| scenario | deliveries/s | p50 | p99 | CPU per M deliveries | peak RSS | RSS/connection |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(ratios.join('\n'));
}
