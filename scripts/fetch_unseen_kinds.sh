#!/usr/bin/env bash
# Builds a folder of images that are not photographs, from Debian packages the project does
# not otherwise use (downloaded from the archive, not installed), one subfolder per kind:
#   webp/         GNOME's 16 WebP wallpapers (illustrations, patterns, one flat colour)
#   wallpapers/   sway's PNG wallpapers, MyPaint's PNG paper textures, LXDE's JPEG ones
#   graphics/     Debian's boot and login artwork: backgrounds, logos, previews (PNG, JPEG)
#   screenshots/  Gnumeric's manual (dialogs, spreadsheets: text on flat colour) and
#                 Inkscape's tutorial screenshots (PNG)
# With scripts/fetch_unseen_images.sh (photographs) it is what the s' check of
# bench_content_probe measures against (issue 10). About 110 files, 40 MB.
# Usage: scripts/fetch_unseen_kinds.sh OUTDIR
set -euo pipefail
out="${1:?usage: fetch_unseen_kinds.sh OUTDIR}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download runs as the _apt user where it can; a world-writable folder lets it.
chmod 777 "$work"
apt-get download gnome-backgrounds sway-backgrounds mypaint-data-extras lxde-common \
    desktop-base gnumeric-doc inkscape-tutorials >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" x; done
mkdir -p "$out"/{webp,wallpapers,graphics,screenshots}
# Spaces and parentheses out of names: the file's package and path say where it came from.
put() { cp "$1" "$out/$2/$(echo "$3" | tr ' ()' '___')"; }

for f in x/usr/share/backgrounds/gnome/*.webp; do put "$f" webp "gnome_$(basename "$f")"; done
for f in x/usr/share/backgrounds/sway/*.png; do put "$f" wallpapers "sway_$(basename "$f")"; done
find x/usr/share/mypaint/backgrounds -name '*.png' -print0 |
    while IFS= read -r -d '' f; do put "$f" wallpapers "mypaint_$(basename "$f")"; done
for f in x/usr/share/lxde/wallpapers/*.jpg; do put "$f" wallpapers "lxde_$(basename "$f")"; done

# Artwork of at least 10 KB (the rest are 16-64 px icons and dots).
find x/usr/share/desktop-base x/usr/share/plymouth x/usr/share/lxde/images x/usr/share/plasma \
    \( -name '*.png' -o -name '*.jpg' \) -size +10k -print0 |
    while IFS= read -r -d '' f; do
        rel="${f#x/usr/share/}"
        put "$f" graphics "$(echo "$rel" | tr '/' '_')"
    done
# Gnumeric's English figures: every 12th by size, so small dialogs and big sheets alike.
ls -S x/usr/share/help/C/gnumeric/figures/*.png | awk 'NR % 12 == 1' |
    while read -r f; do put "$f" screenshots "gnumeric_$(basename "$f")"; done
for f in x/usr/share/inkscape/tutorials/*.png; do
    put "$f" screenshots "inkscape_$(basename "$f")"
done
for d in webp wallpapers graphics screenshots; do
    echo "$d: $(ls "$out/$d" | wc -l) files, $(du -sh "$out/$d" | cut -f1)"
done
