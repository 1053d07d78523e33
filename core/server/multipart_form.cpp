#include "server/multipart_form.h"

// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <set>

namespace pieslicer {
namespace {

namespace http = boost::beast::http;

constexpr std::size_t kMaxPartHeaderBytes = 8192;
constexpr std::size_t kMaxParts = 64;

std::string unquoted(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) ++i;
            out += v[i];
        }
        return out;
    }
    return std::string(v);
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// name= and filename= of a Content-Disposition value; false unless it is form-data.
bool readDisposition(std::string_view value, FormPart& part) {
    const auto semicolon = value.find(';');
    if (!boost::beast::iequals(trimmed(value.substr(0, semicolon)), "form-data")) return false;
    if (semicolon == std::string_view::npos) return false;
    bool named = false;
    for (const auto& param : http::param_list(value.substr(semicolon))) {
        if (boost::beast::iequals(param.first, "name")) {
            part.name = unquoted(param.second);
            named = true;
        } else if (boost::beast::iequals(param.first, "filename")) {
            part.filename = unquoted(param.second);
            part.hasFilename = true;
        }
    }
    return named;
}

// Reads the header block of one part (up to the blank line); fails on a line without a
// colon or a block that never ends.
Expected<FormPart> readPartHeaders(std::string_view headers) {
    FormPart part;
    bool disposed = false;
    while (!headers.empty()) {
        const auto eol = headers.find("\r\n");
        const std::string_view line = headers.substr(0, eol);
        headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return fail("a form part header has no colon");
        if (boost::beast::iequals(trimmed(line.substr(0, colon)), "content-disposition")) {
            if (disposed) return fail("a form part has two Content-Disposition headers");
            if (!readDisposition(trimmed(line.substr(colon + 1)), part))
                return fail("a form part is not 'form-data' with a name");
            disposed = true;
        }
    }
    if (!disposed) return fail("a form part has no Content-Disposition header");
    return part;
}

}  // namespace

Expected<std::string> multipartBoundary(std::string_view contentType) {
    const auto semicolon = contentType.find(';');
    if (!boost::beast::iequals(trimmed(contentType.substr(0, semicolon)), "multipart/form-data"))
        return fail("expected a multipart/form-data body");
    if (semicolon == std::string_view::npos) return fail("multipart/form-data without a boundary");
    for (const auto& param : http::param_list(contentType.substr(semicolon))) {
        if (!boost::beast::iequals(param.first, "boundary")) continue;
        std::string boundary = unquoted(param.second);
        // RFC 2046: 1 to 70 characters.
        if (boundary.empty() || boundary.size() > 70) return fail("invalid multipart boundary");
        return boundary;
    }
    return fail("multipart/form-data without a boundary");
}

Expected<std::vector<FormPart>> parseMultipartForm(std::string_view body,
                                                   std::string_view boundary) {
    const std::string delimiter = "--" + std::string(boundary);
    const std::string inner = "\r\n" + delimiter;
    // The first delimiter opens the body or ends a preamble.
    std::size_t at;
    if (body.substr(0, delimiter.size()) == delimiter)
        at = delimiter.size();
    else if (auto p = body.find(inner); p != std::string_view::npos)
        at = p + inner.size();
    else
        return fail("malformed multipart body: no boundary");

    std::vector<FormPart> parts;
    std::set<std::string, std::less<>> names;
    for (;;) {
        const std::string_view rest = body.substr(at);
        if (rest.substr(0, 2) == "--") return parts;  // the close delimiter
        if (rest.substr(0, 2) != "\r\n") return fail("malformed multipart body after a boundary");
        const std::size_t headersStart = at + 2;
        const auto headersEnd = body.find("\r\n\r\n", headersStart);
        // A part with no headers at all ends them at once.
        const bool noHeaders = body.substr(headersStart, 2) == "\r\n";
        if (!noHeaders && (headersEnd == std::string_view::npos ||
                           headersEnd - headersStart > kMaxPartHeaderBytes))
            return fail("malformed multipart body: a part's headers never end");
        const std::size_t dataStart = noHeaders ? headersStart + 2 : headersEnd + 4;
        auto part = readPartHeaders(
            noHeaders ? std::string_view() : body.substr(headersStart, headersEnd - headersStart));
        if (!part) return fail(part.error());
        const auto dataEnd = body.find(inner, dataStart);
        if (dataEnd == std::string_view::npos)
            return fail("malformed or incomplete multipart body: a part never ends");
        part->data = body.substr(dataStart, dataEnd - dataStart);
        if (!names.insert(part->name).second)
            return fail("form part '" + part->name + "' appears twice");
        if (parts.size() == kMaxParts) return fail("too many form parts");
        parts.push_back(std::move(part.value()));
        at = dataEnd + inner.size();
    }
}

}  // namespace pieslicer
