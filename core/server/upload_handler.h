#pragma once
// What the endpoint does with one upload, independent of HTTP plumbing: validate the
// form, check the image header, preprocess as far as the upload still needs, run
// inference, and build the prototype's JSON answer. Kept pure so tests and fuzzers can
// call it directly.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/endpoint_routes.h"
#include "image/image_probe.h"

namespace pieslicer {

class ModelZoo;

struct UploadRequest {
    std::map<std::string, std::string> fields;  // form fields other than the file
    std::string file;                           // the image bytes, in memory only
    bool hasFile = false;
    std::size_t bodyBytes = 0;   // as received, multipart framing included
    double requestUnixMs = 0;    // headers parsed
    double firstByteUnixMs = 0;  // first body byte
    double lastByteUnixMs = 0;   // last body byte
    // True once the client has gone: the handler then stops between stages instead of
    // finishing work nobody will read. Empty: never abandoned.
    std::function<bool()> abandoned;
    // "/pieslicer" runs the zoo's fixed model; "/modipick" picks one for the time budget.
    std::string route = kPieSlicerRoute;
};

struct UploadSettings {
    int target = 331;  // model input side the server prepares for (a form field may override)
    ImageLimits limits;
    // CPU time (of the handling thread) one upload may use; checked between stages, after
    // which the work is abandoned with 422. One decode is not interrupted: the scan and
    // megapixel limits bound it.
    double cpuBudgetMs = 10000;
    std::shared_ptr<ModelZoo> models;  // null: no model, inference_time 0
};

struct Reply {
    int status = 200;
    nlohmann::json body;
};

Reply errorReply(int status, const std::string& message);

Reply handleUpload(const UploadRequest& request, const UploadSettings& settings);

// The keys the prototype's server returned; every answer to a good upload has them all.
extern const char* const kPrototypeResponseKeys[17];

}  // namespace pieslicer
