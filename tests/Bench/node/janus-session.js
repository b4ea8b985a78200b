'use strict';
// One viewer of a Janus streaming-plugin mountpoint over Janus's HTTP API (the flow of janus.js):
// create a session, attach janus.plugin.streaming, "watch" the mountpoint, long-poll until the
// plugin's event brings Janus's offer, answer with "start". Keep-alives hold the session open
// (Janus drops a session after session_timeout without a request); no long-poll stays open after
// setup, so the client costs Janus one small request per keep-alive period and nothing else.

const { RTCPeerConnection } = require('@roamhq/wrtc');
const disguise = require('./sdp-codec-disguise');
const { gatheringComplete, loopbackCandidatesOnly } = require('./ice');

const KEEPALIVE_MS = 25000;
let transactionCounter = 0;

async function janusRequest(url, body, timeoutMs = 10000) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, transaction: `t${++transactionCounter}` }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await response.json();
  if (json.janus === 'error') throw new Error(`Janus ${body.janus}: ${json.error?.code} ${json.error?.reason}`);
  return json;
}

/** Long-polls the session until an event for the handle carries a JSEP offer (bounded by deadline). */
async function awaitOffer(sessionUrl, handleId, deadline) {
  while (Date.now() < deadline) {
    const response = await fetch(`${sessionUrl}?maxev=10&rid=${Date.now()}`, { signal: AbortSignal.timeout(35000) });
    const events = [].concat(await response.json());
    for (const event of events) {
      if (event.sender !== handleId) continue;
      const error = event.plugindata?.data?.error;
      if (error) throw new Error(`streaming plugin: ${error}`);
      if (event.jsep?.type === 'offer') return event.jsep.sdp;
    }
  }
  throw new Error('no offer from Janus before the deadline');
}

async function openJanus(baseUrl, mountpointId, options) {
  const created = await janusRequest(`${baseUrl}/janus`, { janus: 'create' });
  const sessionUrl = `${baseUrl}/janus/${created.data.id}`;
  const attached = await janusRequest(sessionUrl, { janus: 'attach', plugin: 'janus.plugin.streaming' });
  const handleId = attached.data.id;
  const handleUrl = `${sessionUrl}/${handleId}`;
  await janusRequest(handleUrl, { janus: 'message', body: { request: 'watch', id: mountpointId } });
  const offer = await awaitOffer(sessionUrl, handleId, Date.now() + 15000);

  const pc = new RTCPeerConnection({ iceServers: [] });
  await pc.setRemoteDescription({ type: 'offer', sdp: disguise.serverToLocal(offer, options) });
  await pc.setLocalDescription(await pc.createAnswer());
  await gatheringComplete(pc, 5000);
  await janusRequest(handleUrl, {
    janus: 'message',
    body: { request: 'start' },
    jsep: { type: 'answer', sdp: loopbackCandidatesOnly(disguise.localToServer(pc.localDescription.sdp)) },
  });

  const keepalive = setInterval(() => {
    janusRequest(sessionUrl, { janus: 'keepalive' }).catch(() => { /* reported by the stats as a stall */ });
  }, KEEPALIVE_MS);
  return {
    pc,
    async close() {
      clearInterval(keepalive);
      pc.close();
      try { await janusRequest(sessionUrl, { janus: 'destroy' }, 3000); } catch { /* server gone */ }
    },
  };
}

module.exports = { openJanus };
