'use strict';
// N headless WebRTC viewers of one stream, in one process, for tests/Bench "whep" mode.
//   node whep-viewers.js --target gateway --url http://127.0.0.1:PORT --path /whep/live/bench --viewers 25
//   node whep-viewers.js --target janus   --url http://127.0.0.1:PORT --mountpoint 1 --viewers 25
//   --nack off (default) | on: whether the client sends generic NACKs. Off by default because our
//   gateway's NACK parser loops forever on a NACK whose BLP has bit 15 set (17+ consecutive losses,
//   e.g. a keyframe burst overflowing a socket buffer), which stalls its whole WebRTC port.
// Prints one JSON line {"type":"ready",...} once every viewer was tried. Then, per line on stdin:
//   "stats" -> one JSON line {"type":"stats","viewers":[cumulative per-viewer counters from getStats]}
//   "quit"  -> closes every session (WHEP DELETE / Janus destroy) and exits.
// The bench takes "stats" at both ends of its window and works with the differences.

const { openWhep } = require('./whep-session');
const { openJanus } = require('./janus-session');
const { iceConnected } = require('./ice');
const { parseArgs, serveCommands } = require('./cli');

const OPEN_CONCURRENCY = 5; // a burst of DTLS handshakes would only measure the handshake

async function main() {
  const args = parseArgs(process.argv.slice(2), { target: 'gateway', url: '', path: '/whep/live/bench', mountpoint: '1', viewers: '10', nack: 'off' });
  const options = { nack: args.nack === 'on' };
  const count = Number(args.viewers);
  if (!(count >= 1 && count <= 500)) throw new Error('--viewers must be 1..500');
  const open = args.target === 'janus'
    ? () => openJanus(args.url, Number(args.mountpoint), options)
    : () => openWhep(args.url, args.path, options);

  const sessions = new Array(count).fill(null);
  const errors = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const index = next++;
      let session = null;
      try {
        session = await open();
        await iceConnected(session.pc, 10000);
        sessions[index] = session;
      } catch (e) {
        errors.push(`viewer ${index}: ${e.message}`);
        if (session) await session.close(); // a viewer that never connected must not linger on the server
      }
    }
  }
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  const connected = sessions.filter(Boolean).length;
  console.log(JSON.stringify({ type: 'ready', connected, failed: count - connected, errors: errors.slice(0, 5) }));

  serveCommands({
    stats: async () => ({ type: 'stats', viewers: await Promise.all(sessions.map(counters)) }),
    quit: async () => { await Promise.all(sessions.filter(Boolean).map((s) => s.close())); },
  });
}

/** Cumulative counters of one viewer; zeros for a viewer that never connected. */
async function counters(session) {
  const c = { videoBytes: 0, videoPackets: 0, videoLost: 0, nacks: 0, plis: 0, audioBytes: 0, audioPackets: 0, audioSamples: 0, transportBytes: 0, transportPackets: 0, connected: 0 };
  if (!session) return c;
  c.connected = ['connected', 'completed'].includes(session.pc.iceConnectionState) ? 1 : 0;
  const report = await session.pc.getStats();
  report.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      c.videoBytes += r.bytesReceived ?? 0; c.videoPackets += r.packetsReceived ?? 0; c.videoLost += r.packetsLost ?? 0;
      c.nacks += r.nackCount ?? 0; c.plis += (r.pliCount ?? 0) + (r.firCount ?? 0);
    }
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      c.audioBytes += r.bytesReceived ?? 0; c.audioPackets += r.packetsReceived ?? 0; c.audioSamples += r.totalSamplesReceived ?? 0;
    }
    if (r.type === 'transport') { c.transportBytes += r.bytesReceived ?? 0; c.transportPackets += r.packetsReceived ?? 0; }
  });
  return c;
}

main().catch((e) => { console.log(JSON.stringify({ type: 'fatal', error: e.message })); process.exit(1); });
