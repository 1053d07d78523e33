#!/usr/bin/python3
"""A tuned Python peer of pieslicer-server, for comparison only (issue #13).

Serves the prototype's protocol (see README, "The endpoint's HTTP layer"): GET /ping and
POST /pieslicer with a multipart form (file, t_sla, t_device_prep, estimated_transfer_time),
answering the same JSON keys with the same work as pieslicer-server without a model:
Pillow's DCT-scaled JPEG decoding (Image.draft, libjpeg-turbo), a box resize to the model
input, and one pass of lookup tables into a normalised planar float32 tensor with numpy.

Run it under a production WSGI server (Debian's gunicorn), as scripts/compare_peer.sh does:
  gunicorn --bind 127.0.0.1:0 -w 2 -k gthread --threads 1 --chdir scripts python_peer:app
or alone for a quick look: scripts/python_peer.py --port 8081 (Flask's development server).
"""
import argparse
import io
import time

import numpy as np
from flask import Flask, Request, jsonify, request
from PIL import Image

MODEL_INPUT = 331
MODEL_INPUT_SIDES = (224, 299, 331)
# ImageNet mean and std per RGB channel, as a 3 x 256 table: the same one pass over the
# pixels as the endpoint's toTensor, rather than four full-size float copies.
_MEAN = np.array([0.485, 0.456, 0.406])
_STD = np.array([0.229, 0.224, 0.225])
TABLES = ((np.arange(256)[None, :] / 255.0 - _MEAN[:, None]) / _STD[:, None]).astype(np.float32)

class InMemoryUploads(Request):
    """Werkzeug spools a file part over 500 KB to a temporary file on disk; keep it in memory,
    as the endpoint does (the body is at most MAX_CONTENT_LENGTH)."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


app = Flask(__name__)
app.request_class = InMemoryUploads
app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024  # the endpoint's body limit


def now_ms():
    return time.perf_counter() * 1000.0


def error(status, message):
    response = jsonify({"error": message})
    response.status_code = status
    return response


def number_field(name):
    value = request.form.get(name)
    if value is None:
        raise ValueError(f"missing form field '{name}'")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"form field '{name}' is not a number") from None


def to_tensor(rgb):
    """(1, 3, H, W) float32, normalised per channel."""
    pixels = np.asarray(rgb)
    tensor = np.empty((1, 3) + pixels.shape[:2], dtype=np.float32)
    for c in range(3):
        np.take(TABLES[c], pixels[:, :, c], out=tensor[0, c])
    return tensor


@app.get("/ping")
def ping():
    return str(int(time.time() * 1000)), 200, {"Content-Type": "text/plain"}


@app.post("/pieslicer")
def pieslicer():
    start = now_ms()
    request_unix_ms = time.time() * 1000.0
    try:
        sla = number_field("t_sla")
        device_prep = number_field("t_device_prep")
        est_transfer = number_field("estimated_transfer_time")
        target = int(request.form.get("target", MODEL_INPUT))
    except ValueError as e:
        return error(400, str(e))
    if target not in MODEL_INPUT_SIDES:
        return error(400, "form field 'target' must be 224, 299 or 331")
    upload = request.files.get("file")
    if upload is None:
        return error(400, "missing form field 'file'")
    data = upload.read()
    if not data:
        return error(400, "form field 'file' is empty")
    network_ms = now_ms() - start  # reading and parsing the form

    t0 = now_ms()
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG", "WEBP"):
            return error(415, f"format {image.format} not accepted (JPEG, PNG or WebP only)")
        orig_w, orig_h = image.size
        # DCT-domain scaling: libjpeg decodes at the smallest 1/2, 1/4 or 1/8 scale that
        # keeps both sides at least the target.
        image.draft("RGB", (target, target))
        image.load()
        if image.mode != "RGB":  # grey, CMYK, palette: a copy only when needed
            image = image.convert("RGB")
    except (OSError, SyntaxError) as e:
        return error(415, f"cannot decode: {e}")
    load_ms = now_ms() - t0
    decoded_w, decoded_h = image.size

    t0 = now_ms()
    resize_ms = 0.0
    if image.size != (target, target):
        image = image.resize((target, target), Image.Resampling.BOX)
        resize_ms = now_ms() - t0

    t0 = now_ms()
    to_tensor(image)
    convert_ms = now_ms() - t0

    post_network_ms = now_ms() - start - network_ms
    server_prep = load_ms + resize_ms + convert_ms
    return jsonify({
        "routing_time": 0.0,
        "save_time": 0.0,
        "network_time": network_ms,
        "transfer_time": network_ms,
        "server_prep_time": server_prep,
        "pieslicer_time": 0.0,
        "load_time": load_ms,
        "general_resize_time": 0.0,
        "specific_resize_time": resize_ms,
        "convert_time": convert_ms,
        "inference_time": 0.0,
        "post_network_time": post_network_ms,
        "model": "none",
        "accuracy": 0.0,
        "time_budget": sla - device_prep - est_transfer - server_prep,
        "result": "none",
        "total_time": network_ms + post_network_ms,
        "orig_width": orig_w,
        "orig_height": orig_h,
        "decoded_width": decoded_w,
        "decoded_height": decoded_h,
        "target": target,
        "file_bytes": len(data),
        "server_request_unix_ms": request_unix_ms,
        "peer": "python",
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    app.run(host="127.0.0.1", port=args.port, threaded=True)
