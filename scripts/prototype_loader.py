#!/usr/bin/python3
"""Loads a records database the way the PieSlicer prototype's analysis scripts load theirs,
and prints what it read as JSON: a check that our SQLite files open in researchers'
notebooks unchanged.

The prototype's loader (its analysis scripts' "load DB to DataFrame") runs
`SELECT * FROM inference_results;` through pandas.read_sql_query, indexes the frame by
`timeStamp`, coerces its numeric columns with pd.to_numeric(errors="coerce"), reads
`test_image_bool` with int(), deletes `_id`, turns orig_size/sent_size into MB and derives
preexec_time = time_local_preprocess + time_local_remote - time_remote_inference. These are
the same steps, written here; any of them failing on our file fails this script.

Usage: scripts/prototype_loader.py FILE.db
"""
import json
import sqlite3
import sys

import pandas as pd

NUMERIC = [
    "sla_target", "orig_size", "sent_size", "image_dims", "time_local_pieslicer",
    "time_local_preprocess", "time_local_remote", "time_remote_save", "time_remote_network",
    "time_remote_transfer", "time_remote_pieslicer", "time_remote_load",
    "time_remote_general_resize", "time_remote_specific_resize", "time_remote_convert",
    "time_remote_post_network", "time_remote_inference", "time_remote_total", "time_total",
    "model_accuracy", "time_budget", "expected_time_local_prep", "expected_time_remote_prep",
    "transfer_time_estimate", "transfer_time_real", "transfer_time_delta",
    "transfer_time_delta_raw", "time_local_preprocess_resize", "time_local_preprocess_save",
    "time_remote_routing", "time_remote_prepieslicer", "ping_time", "inference_result",
    "time_local_preprocess_check", "time_local_preprocess_check_filesize",
    "time_local_preprocess_check_dimensions", "preexecution_time_estimate", "orig_dims_x",
    "orig_dims_y",
]


def main(path):
    conn = sqlite3.connect(path)
    df = pd.read_sql_query("SELECT * FROM inference_results;", conn)
    df.set_index(pd.DatetimeIndex(df["timeStamp"]), inplace=True)
    for col in NUMERIC:
        df[col] = df[col].apply(pd.to_numeric, args=("coerce",))
    df["test_image_bool"] = df["test_image_bool"].apply(lambda s: int(s) == 1)
    del df["_id"]
    df["orig_size"] = df["orig_size"] / 1000000.0
    df["sent_size"] = df["sent_size"] / 1000000.0
    df["local_prep"] = df["preprocess_location_real"] == "local"
    df["preexec_time"] = df["time_local_preprocess"] + (
        df["time_local_remote"] - df["time_remote_inference"])
    df["in_sla"] = df["sla_target"] >= df["time_total"]
    df["has_model"] = df["model_name"].apply(lambda s: "nasnet" in s or "mobilenet" in s)
    print(json.dumps({
        "rows": int(len(df)),
        "columns": list(df.columns),
        "preexec_time": {str(k): float(v) for k, v in zip(df["image_name_orig"], df["preexec_time"])},
        "test_image_true": int(df["test_image_bool"].sum()),
        "mean_orig_mb": float(df["orig_size"].mean()),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
