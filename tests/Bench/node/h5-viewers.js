'use strict';
// N WebSocket viewers of one MPEG-TS stream (what JSMpeg players do), in one process, for
// tests/Bench "h5" mode. Each connection counts the bytes and messages it receives and discards them.
//   node h5-viewers.js --url ws://127.0.0.1:PORT/h5/live/bench --viewers 200
// Prints {"type":"ready",...} once every connection opened or failed. Then, per line on stdin:
//   "stats" -> {"type":"stats","viewers":[{"bytes":..,"messages":..,"open":true}, ...]} (cumulative)
//   "quit"  -> closes every connection and exits.

const { WebSocket } = require('ws');
const { parseArgs, serveCommands } = require('./cli');

const OPEN_CONCURRENCY = 20;

async function main() {
  const args = parseArgs(process.argv.slice(2), { url: '', viewers: '200' });
  const count = Number(args.viewers);
  if (!(count >= 1 && count <= 2000)) throw new Error('--viewers must be 1..2000');
  const viewers = Array.from({ length: count }, () => ({ bytes: 0, messages: 0, open: false, socket: null }));
  const errors = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const viewer = viewers[next++];
      try { await connect(args.url, viewer); } catch (e) { errors.push(e.message); }
    }
  }
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  const connected = viewers.filter((v) => v.open).length;
  console.log(JSON.stringify({ type: 'ready', connected, failed: count - connected, errors: errors.slice(0, 5) }));

  serveCommands({
    stats: async () => ({ type: 'stats', viewers: viewers.map(({ bytes, messages, open }) => ({ bytes, messages, open: open ? 1 : 0 })) }),
    quit: async () => {
      await Promise.all(viewers.filter((v) => v.open).map((v) => new Promise((resolve) => {
        v.socket.once('close', resolve);
        v.socket.close();
        setTimeout(() => { v.socket.terminate(); resolve(); }, 2000);
      })));
    },
  });
}

function connect(url, viewer) {
  return new Promise((resolve, reject) => {
    // Browsers offer permessage-deflate, but neither server accepts it; not offering it keeps the handshake simple.
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 10000 });
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data) => { viewer.bytes += data.length; viewer.messages++; });
    socket.once('open', () => { viewer.open = true; viewer.socket = socket; resolve(); });
    socket.once('error', (e) => { if (!viewer.open) reject(e); });
    socket.on('close', () => { viewer.open = false; });
  });
}

main().catch((e) => { console.log(JSON.stringify({ type: 'fatal', error: e.message })); process.exit(1); });
