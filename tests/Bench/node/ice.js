'use strict';
// ICE helpers shared by both signalling flows.

/** Resolves once the peer connection has gathered all its candidates (or after timeoutMs: what it has is used). */
function gatheringComplete(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    }
    function onChange() { if (pc.iceGatheringState === 'complete') done(); }
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

/** Resolves when ICE is connected, rejects on failure or after timeoutMs. */
function iceConnected(pc, timeoutMs) {
  const ok = () => ['connected', 'completed'].includes(pc.iceConnectionState);
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`ICE not connected after ${timeoutMs} ms (${pc.iceConnectionState})`)), timeoutMs);
    function finish(error) {
      clearTimeout(timer);
      pc.removeEventListener('iceconnectionstatechange', onChange);
      if (error) reject(error); else resolve();
    }
    function onChange() {
      if (ok()) finish();
      else if (pc.iceConnectionState === 'failed') finish(new Error('ICE failed'));
    }
    pc.addEventListener('iceconnectionstatechange', onChange);
  });
}

/**
 * Keeps only the UDP host candidates on 127.0.0.1 in a local SDP: the bench's traffic must stay on
 * loopback, and libwebrtc gathers on every interface (it cannot be told not to).
 */
function loopbackCandidatesOnly(sdp) {
  return sdp.split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || / udp \d+ 127\.0\.0\.1 \d+ typ host/i.test(line))
    .join('\r\n');
}

module.exports = { gatheringComplete, iceConnected, loopbackCandidatesOnly };
