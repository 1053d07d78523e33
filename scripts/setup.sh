#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs (only those missing) and builds it.
# Usage: scripts/setup.sh [build-dir] [extra cmake args...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
shift || true

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libqt6sql6-sqlite libgl1-mesa-dev
    qt6-image-formats-plugins
    libopencv-dev libpng-dev libcurl4-openssl-dev libeigen3-dev libcpp-httplib-dev libboost-dev nlohmann-json3-dev
    libsqlite3-dev libbenchmark-dev python3-pandas
    python3-onnx python3-numpy
    xvfb xauth fonts-dejavu-core libgl1-mesa-dri imagemagick
    python3 util-linux
    nginx-light curl wrk gunicorn python3-flask python3-pil python3-numpy
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S "$here" -B "$build" -G Ninja "$@"
cmake --build "$build" -j "$(nproc)"
