#pragma once
// Parses a multipart/form-data body held in memory (RFC 7578) into views of its parts:
// no part is copied. The endpoint reads the whole body into one buffer first (bounded by
// its body limit), so one pass over it finds every boundary.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

struct FormPart {
    std::string name;
    std::string filename;  // empty for plain fields
    bool hasFilename = false;
    std::string_view data;  // a view into the body passed to parseMultipartForm
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type, or why not.
Expected<std::string> multipartBoundary(std::string_view contentType);

// The parts of `body`, or a message saying what is malformed. Views point into `body`.
// Refuses a form that names the same part twice: two values for one field would otherwise
// have to be joined or one of them dropped, and either hides a client bug (or an attack).
Expected<std::vector<FormPart>> parseMultipartForm(std::string_view body,
                                                   std::string_view boundary);

}  // namespace pieslicer
