#!/usr/bin/env bash
# Builds a folder of real photographs the project has never calibrated or tuned on, from
# three Debian packages (downloaded from the archive, not installed): KDE Plasma's and
# MATE's photographic wallpapers and OpenCV's sample pictures. 44 files, 43 MB: JPEGs
# from 20 KB to 16 MB and 18 MP, baseline and progressive, qualities 50 to 100, and PNGs.
# It is what scripts/check_models.sh measures the cost models against (issue 3).
# Usage: scripts/fetch_unseen_images.sh OUTDIR
set -euo pipefail
out="${1:?usage: fetch_unseen_images.sh OUTDIR}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download runs as the _apt user where it can; a world-writable folder lets it.
chmod 777 "$work"
apt-get download plasma-workspace-wallpapers mate-backgrounds opencv-doc >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" x; done
mkdir -p "$out"

# Plasma: the largest rendition of each photographic wallpaper (the others are drawings).
walls=x/usr/share/wallpapers
for w in Autumn BytheWater ColdRipple ColorfulCups EveningGlow FallenLeaf Grey Kite MilkyWay \
    OneStandsOut PastelHills Path SafeLanding Volna; do
    f="$(ls -S "$walls/$w/contents/images/"* | head -1)"
    cp "$f" "$out/plasma_${w}_$(basename "$f")"
done
# MATE: the nature photographs, and one 18 MP progressive photo.
mate=x/usr/share/backgrounds/mate
for f in "$mate"/nature/*.jpg "$mate/abstract/Elephants_5640x3172.jpg"; do
    cp "$f" "$out/mate_$(basename "$f")"
done
# OpenCV's classic test pictures: small, at many JPEG qualities.
data=x/usr/share/doc/opencv-doc/examples/data
for f in aero1.jpg aloeL.jpg baboon.jpg building.jpg fruits.jpg home.jpg leuvenA.jpg \
    messi5.jpg orange.jpg squirrel_cls.jpg starry_night.jpg stuff.jpg basketball1.png \
    rubberwhale1.png chicky_512.png graf1.png left01.jpg; do
    cp "$data/$f" "$out/opencv_$f"
done
echo "$(ls "$out" | wc -l) images, $(du -sh "$out" | cut -f1), in $out"
