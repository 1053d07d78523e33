#!/usr/bin/env bash
# Makes large test JPEGs out of real photographs, for file-size sweeps like the paper's image-1k set.
# Photos are tiled at their native resolution (never upscaled), so every pixel is real camera content and
# the JPEG compresses like a photo would; smooth upscaled pixels would give unrealistically small files.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: make_mosaic.sh [-q QUALITY] [-p] WIDTH HEIGHT OUT.jpg PHOTO...
       make_mosaic.sh [-q QUALITY] [-p] --sweep N OUTDIR PHOTO...
  Tiles the PHOTOs (cycling, native size, each row shifted) into a WIDTH x HEIGHT JPEG.
  --sweep N writes N mosaics, 4:3, from 0.3 to 16 megapixels (geometric steps), named
  mosaic_WxH_qQ[_progressive].jpg, so file sizes spread from tens of KB to several MB.
  -q QUALITY  JPEG quality 1-100 (default 92)   -p  progressive JPEG (default baseline)
  An OUT ending in .png gets a lossless PNG instead (-q and -p do not apply).
EOF
    exit 2
}

# A convert on PATH can be another program's (GraphicsMagick, a wrapper); identify proves ImageMagick.
if ! command -v identify >/dev/null || ! command -v convert >/dev/null; then
    echo "make_mosaic.sh: ImageMagick not found: apt-get install imagemagick" >&2
    exit 1
fi

quality=92 interlace=None sweep=0
while [ $# -gt 0 ]; do
    case "$1" in
        -q) [ $# -ge 2 ] || usage; quality=$2; shift 2 ;;
        -p) interlace=Plane; shift ;;
        --sweep) [ $# -ge 2 ] || usage; sweep=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) break ;;
    esac
done
is_int() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
if ! is_int "$quality" || [ "$quality" -gt 100 ]; then usage; fi

mosaic() {  # WIDTH HEIGHT OUT PHOTO...
    local w=$1 h=$2 out=$3
    shift 3
    local photos=("$@") n=$# tw=() th=() args=() k
    for k in "${!photos[@]}"; do
        [ -r "${photos[k]}" ] || { echo "make_mosaic.sh: cannot read ${photos[k]}" >&2; exit 1; }
        read -r "tw[k]" "th[k]" < <(identify -format '%w %h\n' "${photos[k]}[0]")
        # Decode each photo once; tiles below reuse it from memory.
        args+=("${photos[k]}[0]" -write "mpr:t$k" +delete)
    done
    # An sRGB canvas: a grey one (xc:gray50) would turn every colour tile grey.
    args+=(-size "${w}x${h}" xc:gray50 -colorspace sRGB -type TrueColor)
    local x y=0 r=0 i rowh flip
    while [ "$y" -lt "$h" ]; do
        # Start each row on another photo and at a shifted x, so seams and neighbours above differ.
        i=$(((r * 3) % n))
        x=$((-((r * 97) % tw[i])))
        flip=()
        [ $((r % 2)) -eq 1 ] && flip=(-flop)  # mirrored repeats look less like copies
        rowh=${th[i]}
        while [ "$x" -lt "$w" ]; do
            args+=("(" "mpr:t$i" "${flip[@]}" ")" -geometry "$(printf '%+d%+d' "$x" "$y")" -composite)
            x=$((x + tw[i]))
            [ "${th[i]}" -lt "$rowh" ] && rowh=${th[i]}
            i=$(((i + 1) % n))
        done
        # The next row starts at the shortest tile's bottom and covers the taller ones: no gaps.
        y=$((y + rowh))
        r=$((r + 1))
    done
    local fmt=(-quality "$quality" -interlace "$interlace")
    # PNG: no -quality (it means zlib level there) and no date chunks, so reruns give identical bytes.
    case "$out" in *.png | *.PNG) fmt=(-define 'png:exclude-chunks=date,time') ;; esac
    # TrueColor: a phone photo is never a grey JPEG, even if only grey photos were given.
    convert "${args[@]}" -strip -type TrueColor "${fmt[@]}" "$out"
}

if [ "$sweep" != 0 ]; then
    if ! is_int "$sweep" || [ $# -lt 2 ]; then usage; fi
    outdir=$1
    shift
    mkdir -p "$outdir"
    suffix=""
    if [ "$interlace" = Plane ]; then suffix=_progressive; fi
    for ((s = 0; s < sweep; s++)); do
        # Megapixels 0.3 * (16/0.3)^(s/(N-1)); width:height = 4:3, both even.
        read -r w h < <(awk -v s="$s" -v n="$sweep" 'BEGIN {
            mp = (n > 1) ? 0.3 * (16 / 0.3) ^ (s / (n - 1)) : 16
            w = 2 * int(sqrt(mp * 1e6 * 4 / 3) / 2); h = 2 * int(w * 3 / 8); print w, h }')
        out="$outdir/mosaic_${w}x${h}_q${quality}${suffix}.jpg"
        mosaic "$w" "$h" "$out" "$@"
        echo "$out"
    done
else
    if [ $# -lt 4 ] || ! is_int "$1" || ! is_int "$2"; then usage; fi
    mosaic "$@"
fi
