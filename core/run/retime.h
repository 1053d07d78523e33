#pragma once
// One measured request re-timed under another link and device, without measuring again:
// the device's stages as measured (scaled by the new/old slowdown ratio), the endpoint's
// work and the answer's way back as measured, and the upload recomputed from the bytes on
// the wire with the link model the relay itself runs on (net/path_model.h).
#include <chrono>

#include "domain/image_features.h"
#include "domain/link_shape.h"
#include "domain/request_record.h"

namespace pieslicer {

struct RetimeTarget {
    LinkShape link;  // warm connections are not replayed: each upload starts a new window
    // New k over the record's k: the on-device stages take that much longer (1: as measured).
    double deviceRatio = 1;
    double deviceSlowdown = 1;  // the new k, written into the record
    std::string deviceLabel;    // the new device's words; empty: as recorded
};

// When the recorded upload's last byte reached the endpoint, ms after the request started:
// as the endpoint saw it (server_last_byte_after, less the clock offset), else the relay's
// model of it (link_modelled_ms), else the link formula on the recorded link (a new
// connection's handshake included).
double recordedUploadMs(const RequestRecord& measured);

// `measured` re-timed on `target`; `startMs` places the upload on a trace's time line (the
// replay's virtual clock). A record that is not ok is returned as it is.
RequestRecord retimeMeasurement(const RequestRecord& measured, const RetimeTarget& target,
                                double startMs);

}  // namespace pieslicer
