'use strict';
// The usual JSMpeg deployment, as the anchor peer of tests/Bench "h5" mode: an HTTP server takes
// the MPEG-TS stream as the body of a POST (ffmpeg -f mpegts http://HOST:PORT/anything) and a
// WebSocket server sends every received chunk, as it arrives, to every connected client. Written
// for the bench after the pattern of JSMpeg's websocket-relay.js (no secret, no recording).
//   node jsmpeg-style-relay.js --host 127.0.0.1 --ingest-port P1 --ws-port P2
// Prints {"type":"listening"} once both servers listen.

const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');
const { parseArgs } = require('./cli');

const args = parseArgs(process.argv.slice(2), { host: '127.0.0.1', 'ingest-port': '0', 'ws-port': '0' });

const sockets = new WebSocketServer({ host: args.host, port: Number(args['ws-port']), perMessageDeflate: false });
sockets.broadcast = (data) => {
  for (const client of sockets.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(data);
  }
};

const ingest = http.createServer((request, response) => {
  if (request.method !== 'POST') { response.writeHead(405).end(); return; }
  response.connection.setTimeout(0); // a live stream is one endless request body
  request.on('data', (chunk) => sockets.broadcast(chunk));
  request.on('end', () => response.end());
});

let listening = 0;
const ready = () => { if (++listening === 2) console.log(JSON.stringify({ type: 'listening' })); };
sockets.on('listening', ready);
ingest.listen(Number(args['ingest-port']), args.host, ready);
process.on('SIGTERM', () => process.exit(0));
