#!/usr/bin/env bash
# Builds the seed corpora for the fuzz targets: make_seeds.sh OUT_DIR
#   OUT_DIR/image    sample_images/ up to 2 MB and fuzz/seeds/image/ (fuzz_image_decode)
#   OUT_DIR/request  fuzz/seeds/request/ and raw HTTP requests (fuzz_request_handler): multipart uploads of small
#                    JPEGs to /pieslicer with the four form fields, GET /ping, chunked and
#                    100-continue uploads, pipelined keep-alive, refused encodings and sizes.
set -euo pipefail
out=${1:?usage: make_seeds.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mkdir -p "$out/image" "$out/request"

# Images: the small hand-made seeds, then every sample small enough for -max_len=2MB.
cp "$here"/seeds/image/* "$out/image/"
find "$root/sample_images" -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' \) \
    -size -2048k -exec cp {} "$out/image/" \;

req="$out/request"
cp "$here"/seeds/request/* "$req/"  # hand-made and past crashes
crlf() { printf '%s\r\n' "$@"; }
B=----pieslicerfuzzboundary

# multipart_body FILE [TARGET]: the body the Android client sends.
multipart_body() {
    local file=$1 target=${2:-}
    local -a fields=(t_sla 600 t_device_prep 12.5 estimated_transfer_time 80)
    [[ -n $target ]] && fields+=(target "$target")
    for ((i = 0; i < ${#fields[@]}; i += 2)); do
        crlf "--$B" "Content-Disposition: form-data; name=\"${fields[i]}\"" "" "${fields[i + 1]}"
    done
    crlf "--$B" "Content-Disposition: form-data; name=\"file\"; filename=\"$(basename "$file")\"" \
        "Content-Type: image/jpeg" ""
    cat "$file"
    crlf "" "--$B--"
}

# upload NAME FILE [TARGET] [PATH]: a POST with Content-Length.
upload() {
    local name=$1 file=$2 target=${3:-} path=${4:-/pieslicer}
    local body
    body=$(mktemp)
    multipart_body "$file" "$target" >"$body"
    {
        crlf "POST $path HTTP/1.1" "Host: 127.0.0.1:8080" "User-Agent: pieslicer-fuzz" \
            "Content-Type: multipart/form-data; boundary=$B" "Content-Length: $(stat -c %s "$body")" ""
        cat "$body"
    } >"$req/$name"
    rm -f "$body"
}

upload upload_tiny.http "$here/seeds/image/tiny.jpg"
upload upload_tiny_png.http "$here/seeds/image/tiny.png" 224
upload upload_local_224.http "$here/seeds/image/local_224x224.jpg" 224
upload upload_gray_modipick.http "$here/seeds/image/tiny_gray.jpg" 299 /modipick
for s in chelsea_451x300_q75.jpg camera_512x512_q70_gray.jpg coffee_600x400_q75.jpg; do
    [[ -f $root/sample_images/$s ]] && upload "upload_${s%.jpg}.http" "$root/sample_images/$s"
done

# Chunked transfer encoding, in two chunks (the limit must hold without Content-Length).
body=$(mktemp)
multipart_body "$here/seeds/image/tiny_progressive.jpg" >"$body"
half=$(($(stat -c %s "$body") / 2))
{
    crlf "POST /pieslicer HTTP/1.1" "Host: 127.0.0.1" "Content-Type: multipart/form-data; boundary=$B" \
        "Transfer-Encoding: chunked" ""
    printf '%x\r\n' "$half"; head -c "$half" "$body"; crlf ""
    printf '%x\r\n' "$(($(stat -c %s "$body") - half))"; tail -c +"$((half + 1))" "$body"; crlf ""
    crlf "0" ""
} >"$req/upload_chunked.http"

# Expect: 100-continue, then a pipelined ping on the same connection.
{
    crlf "POST /pieslicer HTTP/1.1" "Host: 127.0.0.1" "Expect: 100-continue" \
        "Content-Type: multipart/form-data; boundary=$B" "Content-Length: $(stat -c %s "$body")" ""
    cat "$body"
    crlf "GET /ping HTTP/1.1" "Host: 127.0.0.1" ""
} >"$req/upload_expect_continue.http"
rm -f "$body"

crlf "GET /ping HTTP/1.1" "Host: 127.0.0.1" "" >"$req/ping.http"
crlf "GET /ping HTTP/1.1" "Host: a" "" "GET /ping HTTP/1.0" "" >"$req/ping_pipelined.http"
crlf "HEAD /ping HTTP/1.1" "Host: a" "Connection: close" "" >"$req/head_ping.http"
crlf "GET /nowhere?x=1&y=%41 HTTP/1.1" "Host: a" "Range: bytes=0-10,20-" "" >"$req/not_found_range.http"
crlf "POST /pieslicer HTTP/1.1" "Host: a" "Content-Type: text/plain" "Content-Length: 5" "" "hello" \
    >"$req/not_multipart.http"
crlf "POST /pieslicer HTTP/1.1" "Host: a" "Content-Encoding: gzip" \
    "Content-Type: multipart/form-data; boundary=$B" "Content-Length: 4" "" "abcd" >"$req/gzip_refused.http"
crlf "POST /pieslicer HTTP/1.1" "Host: a" "Content-Type: multipart/form-data; boundary=$B" \
    "Content-Length: 99999999999" "" >"$req/too_large.http"
{
    crlf "POST /pieslicer HTTP/1.1" "Host: a" "Content-Type: multipart/form-data; boundary=$B" \
        "Transfer-Encoding: chunked" ""
    part="--$B"$'\r\n''Content-Disposition: form-data; name="file"; filename="a.jpg"'$'\r\n\r\n'
    printf '%x\r\n%s\r\n' "${#part}" "$part"
    crlf "222e0"
    head -c 140000 /dev/zero | tr '\0' 'A'
    crlf "" "0" ""
} >"$req/chunked_too_large.http"
crlf "POST /pieslicer HTTP/1.1" "Host: a" "Content-Type: multipart/form-data; boundary=$B" \
    "Content-Length: 73" "" "--$B" "Content-Disposition: form-data; name=\"t_sla\"" "" "nan" \
    >"$req/bad_field.http"

echo "seeds: $(ls "$out/image" | wc -l) images, $(ls "$req" | wc -l) requests in $out"
