#!/usr/bin/env bash
# Regenerates sample_images/ from the public-domain / CC0 photos shipped by Debian's python3-skimage,
# so the set can be checked and rebuilt rather than trusted as opaque binaries.
# Usage: scripts/make_sample_images.sh [OUTDIR]   (default: sample_images/ of this repo)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/sample_images}"
sk=/usr/lib/python3/dist-packages/skimage/data
[ -r "$sk/chelsea.png" ] || { echo "make_sample_images.sh: $sk missing: apt-get install python3-skimage" >&2; exit 1; }
command -v identify >/dev/null || { echo "make_sample_images.sh: apt-get install imagemagick" >&2; exit 1; }
command -v jpegtran >/dev/null || { echo "make_sample_images.sh: apt-get install libjpeg-turbo-progs" >&2; exit 1; }
mkdir -p "$out"
cd "$out"

# Small end: the photos themselves, re-encoded at the qualities that give ~20-150 KB files.
convert "$sk/chelsea.png" -strip -quality 75 chelsea_451x300_q75.jpg
convert "$sk/camera.png" -strip -quality 70 camera_512x512_q70_gray.jpg    # 1-channel JPEG
convert "$sk/coffee.png" -strip -quality 75 coffee_600x400_q75.jpg
convert "$sk/rocket.jpg" -strip -quality 85 rocket_640x427_q85.jpg
convert "$sk/astronaut.png" -strip -quality 95 astronaut_512x512_q95.jpg
convert "$sk/retina.jpg" -strip -quality 85 retina_1411x1411_q85.jpg

# Like a phone held upright: pixels stored turned 90 degrees left, EXIF Orientation 6 says "rotate 90 CW
# to show", so only an orientation-aware loader shows the cup upright (600x400). ImageMagick writes no EXIF
# of its own, so the 32-byte APP1 (big-endian TIFF, one IFD entry 0x0112 = 6) is given as a profile.
exif="$(mktemp --suffix=.app1)"
trap 'rm -f "$exif"' EXIT
printf 'Exif\0\0MM\0\052\0\0\0\010\0\001\001\022\0\003\0\0\0\001\0\006\0\0\0\0\0\0' >"$exif"
convert "$sk/coffee.png" -rotate -90 -strip -profile "$exif" -quality 90 coffee_exif_orient6.jpg

# Progressive versions of camera-made JPEGs: jpegtran re-orders the scans losslessly, keeping metadata.
jpegtran -copy all -progressive "$sk/rocket.jpg" >rocket_progressive.jpg
jpegtran -copy all -progressive "$sk/retina.jpg" >retina_progressive.jpg

# Originals byte for byte: real encoder output (hubble: Photoshop, with EXIF, XMP and an Adobe RGB profile).
cp "$sk/hubble_deep_field.jpg" hubble_deep_field.jpg
cp "$sk/chelsea.png" chelsea.png
cp "$sk/astronaut.png" astronaut.png

# Large end: mosaics of the same photos at native resolution, colour and grey textures interleaved.
photos=("$sk/astronaut.png" "$sk/brick.png" "$sk/chelsea.png" "$sk/grass.png" "$sk/coffee.png"
    "$sk/gravel.png" "$sk/rocket.jpg" "$sk/camera.png" "$sk/hubble_deep_field.jpg"
    "$sk/clock_motion.png" "$sk/retina.jpg")
mosaic="$here/scripts/make_mosaic.sh"
"$mosaic" -q 92 1024 768 mosaic_1024x768_q92.jpg "${photos[@]}"
"$mosaic" -q 92 1600 1200 mosaic_1600x1200_q92.jpg "${photos[@]}"
"$mosaic" -q 90 -p 1920 1080 mosaic_1920x1080_q90_progressive.jpg "${photos[@]}"
"$mosaic" -q 92 -p 2048 1536 mosaic_2048x1536_q92_progressive.jpg "${photos[@]}"
"$mosaic" 1280 960 mosaic_1280x960.png "${photos[@]}"
"$mosaic" -q 95 2592 1944 mosaic_2592x1944_q95.jpg "${photos[@]}"
"$mosaic" -q 97 3000 2000 mosaic_3000x2000_q97.jpg "${photos[@]}"
"$mosaic" -q 97 3264 2448 mosaic_3264x2448_q97.jpg "${photos[@]}"
"$mosaic" -q 95 4000 3000 mosaic_4000x3000_q95.jpg "${photos[@]}"
"$mosaic" -q 97 4240 3200 mosaic_4240x3200_q97.jpg "${photos[@]}"
