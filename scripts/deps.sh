#!/usr/bin/env bash
# Installs the Debian packages the gateway (and, with --test, its test peers) need.
# Idempotent and quiet when everything is present.
set -euo pipefail

# FFmpeg's codec libraries, libsrtp2 (WebRTC's SRTP) and libsrt (SRT), each bound by P/Invoke.
runtime_packages=(libavcodec59 libavutil57 libswresample4 libswscale6 libsrtp2-1 libsrt1.5-openssl)
# gcc and the FFmpeg -dev headers: a test compiles a C probe to check the binding's struct offsets.
test_packages=(gcc libc6-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev libsrtp2-dev ffmpeg rtmpdump nginx libnginx-mod-rtmp)
# libsrt's headers: the SRT binding's layout probe compiles against srt/srt.h.
test_packages+=(libsrt-openssl-dev)
# srt-live-transmit is the SRT peer of the caller/listener route tests.
test_packages+=(srt-tools)
# Chromium plays the H5 (JSMpeg) page under Playwright; Playwright never downloads a browser of its own.
test_packages+=(chromium)

wanted=("${runtime_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# The build runs npm to install the JSMpeg player (Adapters/H5/player). Checked by command, not by
# package: NodeSource's nodejs ships npm itself, Debian's splits it into the npm package.
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  echo "Installing missing packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2
  exit 1
fi
