#pragma once
// Hand-made measured records for replay tests, with every number known: one image's two
// orders measured on an 8 Mbit/s, 40 ms ideal link as the relay would record them, and the
// rows of a paired run of the statics and the oracle over it.
#include <string>
#include <vector>

#include "domain/link_shape.h"
#include "domain/placement.h"
#include "domain/request_record.h"

namespace pieslicer::test {

// What every hand-made measurement spent after its upload.
constexpr double kReplayPostNetworkMs = 30, kReplayInferenceMs = 10;

LinkShape idealLink(double mbps, double rttMs);
// The link model's time for an upload of `bytes` on `link` (what the relay records).
double modelledUploadMs(double bytes, const LinkShape& link);

// One order of `image` (`origBytes` on disk, `deviceMs` of on-device stages at k).
RequestRecord measuredOrder(const std::string& image, Placement order, double origBytes,
                            double deviceMs, double k = 1);
// static-device, static-cloud and oracle rows of one image (the oracle keeps the faster).
std::vector<RequestRecord> pairedRun(const std::string& image, double origBytes, double deviceMs,
                                     double k = 1);

// The row of `strategy` for `image`; fails the test (qFatal) when there is none.
const RequestRecord& rowOf(const std::vector<RequestRecord>& rows, const std::string& strategy,
                           const std::string& image);

}  // namespace pieslicer::test
