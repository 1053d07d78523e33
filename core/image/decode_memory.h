#pragma once
// How much memory decoding an image will take, from its header alone: what the endpoint
// admits work by, so that several huge uploads in flight cannot together exhaust memory
// (a 40 MP progressive JPEG peaked at about 1 GB of RSS while decoding).
#include <cstddef>

#include "image/image_probe.h"

namespace pieslicer {

// A conservative estimate, in bytes, of the peak memory of decoding `info` for a model
// input of side `target`: the decoded pixels (at the DCT-domain scale for JPEG), plus,
// for a progressive JPEG, libjpeg's whole-image coefficient buffer (2 bytes per
// coefficient, full resolution whatever the output scale), plus the resize's output.
std::size_t estimateDecodeBytes(const ImageInfo& info, int target);

}  // namespace pieslicer
