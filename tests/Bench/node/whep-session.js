'use strict';
// One WHEP viewer of our gateway: the client offers (recvonly H264 + Opus, like play.html), POSTs the
// offer to /whep/{app}/{stream}, applies the answer; DELETE on the Location when it closes.
// The gateway is ICE-lite and does not take trickled candidates, so the offer waits for gathering.

const { RTCPeerConnection } = require('@roamhq/wrtc');
const disguise = require('./sdp-codec-disguise');
const { gatheringComplete, loopbackCandidatesOnly } = require('./ice');

async function openWhep(baseUrl, path, options) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const offer = await pc.createOffer();
  // libwebrtc, as the offerer, enables NACK from its own offer: the answer alone cannot turn it off.
  await pc.setLocalDescription(options.nack ? offer : { type: 'offer', sdp: disguise.withoutGenericNack(offer.sdp) });
  await gatheringComplete(pc, 5000);
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp' },
    body: loopbackCandidatesOnly(disguise.localToServer(pc.localDescription.sdp)),
    signal: AbortSignal.timeout(10000),
  });
  const text = await response.text();
  if (response.status !== 201) { pc.close(); throw new Error(`WHEP POST ${response.status}: ${text.trim()}`); }
  const location = new URL(response.headers.get('location'), baseUrl).href;
  await pc.setRemoteDescription({ type: 'answer', sdp: disguise.serverToLocal(text, options) });
  return {
    pc,
    async close() {
      // DELETE first: closing the peer connection first makes the gateway end the session on the DTLS close alert.
      try { await fetch(location, { method: 'DELETE', signal: AbortSignal.timeout(3000) }); } catch { /* server gone */ }
      pc.close();
    },
  };
}

module.exports = { openWhep };
