'use strict';
// The linux-x64 build of @roamhq/wrtc (libwebrtc without proprietary codecs) has no H264: its
// offers list VP8/VP9/AV1 only, and an offer with only H264 video gets the video m-line rejected.
// Both servers under test send H264 only. So the client keeps one local video payload type that
// libwebrtc calls VP8 and presents it to the servers as H264 (constrained baseline, packetization
// mode 1, like a browser), and maps the servers' H264 back to VP8 before libwebrtc sees it.
// libwebrtc then receives, decrypts and counts every video RTP packet (inbound-rtp bytesReceived,
// packetsReceived); its VP8 decoder cannot decode the H264 payload, so video framesDecoded stays 0
// and is not used. Audio (Opus) is real on both sides. The servers see plain H264 SDP: the same
// treatment for both, and neither can tell.
//
// NACK: the servers always see generic NACK negotiated for video (so both keep their retransmission
// buffers, a real per-viewer cost). With nack=false the client's own SDP (its local offer when it
// offers, the server's offer when it answers) has no generic NACK, so libwebrtc never sends one
// (see whep-viewers.js --nack for why that is the default).

const H264_FMTP = 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f';

/** Rewrites libwebrtc's local SDP (offer or answer) so its first VP8 payload type reads as H264 with generic NACK; other video codecs are removed. */
function localToServer(sdp) {
  return rewriteVideo(sdp, (codecs) => {
    const vp8 = codecs.find((c) => c.name.toUpperCase() === 'VP8');
    if (!vp8) throw new Error('local SDP has no VP8 payload type to present as H264');
    return { keep: vp8.pt, name: 'H264', fmtp: H264_FMTP, nack: true };
  });
}

/** Rewrites the server's SDP (offer or answer) so its H264 payload type reads as VP8 for libwebrtc; other video codecs are removed. */
function serverToLocal(sdp, { nack }) {
  const local = rewriteVideo(sdp, (codecs) => {
    const h264 = codecs.find((c) => c.name.toUpperCase() === 'H264');
    if (!h264) throw new Error('server SDP offers no H264');
    return { keep: h264.pt, name: 'VP8', fmtp: null, nack: null };
  });
  return nack ? local : withoutGenericNack(local);
}

/** Removes generic NACK feedback (keeps "nack pli"): libwebrtc then sends no NACK on that side. */
function withoutGenericNack(sdp) {
  return sdp.split('\r\n').filter((l) => !/^a=rtcp-fb:\d+ nack$/.test(l)).join('\r\n');
}

/** In the video m-section(s): keeps one payload type (chosen by pick), renames its codec, drops the others. */
function rewriteVideo(sdp, pick) {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const out = [];
  let section = null; // lines of the current m-section
  const flush = () => { if (section) out.push(...(section[0].startsWith('m=video') ? rewriteSection(section, pick) : section)); section = null; };
  for (const line of lines) {
    if (line.startsWith('m=')) { flush(); section = [line]; }
    else if (section) section.push(line);
    else out.push(line);
  }
  flush();
  return out.join('\r\n') + '\r\n';
}

function rewriteSection(section, pick) {
  const codecs = [];
  for (const line of section) {
    const m = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (m) codecs.push({ pt: m[1], name: m[2] });
  }
  if (section[0].split(' ')[1] === '0') return section; // rejected m-line: leave as is
  const { keep, name, fmtp, nack } = pick(codecs);
  const mline = section[0].split(' ');
  const result = [[...mline.slice(0, 3), keep].join(' ')];
  for (const line of section.slice(1)) {
    const attr = /^a=(rtpmap|fmtp|rtcp-fb):(\d+)[ ](.*)$/.exec(line);
    if (!attr) { result.push(line); continue; }
    if (attr[2] !== keep) continue; // another codec (or its rtx): dropped
    if (attr[1] === 'rtpmap') {
      result.push(`a=rtpmap:${keep} ${name}/90000`);
      if (fmtp) result.push(`a=fmtp:${keep} ${fmtp}`);
    } else if (attr[1] === 'fmtp') {
      // The original codec's parameters (H264's profile) mean nothing for the renamed codec.
    } else {
      result.push(line);
    }
  }
  if (nack && !result.includes(`a=rtcp-fb:${keep} nack`)) result.push(`a=rtcp-fb:${keep} nack`);
  return result;
}

module.exports = { localToServer, serverToLocal, withoutGenericNack };
