#include "server/request_checks.h"

// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/beast/core/string.hpp>
#include <cstdio>

#include "server/bearer_token.h"
#include "server/endpoint_server.h"
#include "server/multipart_form.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

namespace http = boost::beast::http;

constexpr std::size_t kMaxFieldBytes = 4096;  // form fields other than the file are short

HeadVerdict refuse(int status, const std::string& message) {
    return HeadVerdict{std::nullopt, errorReply(status, message)};
}

std::string_view pathOf(const HttpRequestHead& head) {
    std::string_view target(head.target().data(), head.target().size());
    return target.substr(0, target.find('?'));
}

bool hasBody(const HttpRequestHead& head) {
    return head.count(http::field::transfer_encoding) > 0 ||
           (head.count(http::field::content_length) > 0 &&
            head[http::field::content_length] != "0");
}

std::optional<HeadVerdict> checkFraming(const HttpRequestHead& head, const EndpointConfig& config) {
    std::size_t fields = 0;
    for (auto it = head.begin(); it != head.end(); ++it) ++fields;
    if (fields > config.maxHeaderCount)
        return refuse(431, "more than " + std::to_string(config.maxHeaderCount) + " header fields");
    // One framing only: a Transfer-Encoding other than exactly "chunked" (say "gzip", or
    // "identity, chunked") could be read differently by a proxy in front of us.
    if (head.count(http::field::transfer_encoding) > 1)
        return refuse(400, "more than one Transfer-Encoding header");
    if (auto te = head.find(http::field::transfer_encoding); te != head.end()) {
        std::string_view v(te->value().data(), te->value().size());
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (!boost::beast::iequals(v, "chunked"))
            return refuse(400, "Transfer-Encoding other than 'chunked' is not accepted");
    }
    return std::nullopt;
}

std::optional<HeadVerdict> checkUploadHead(const HttpRequestHead& head,
                                           const EndpointConfig& config) {
    // A compressed body could inflate far beyond the limit in memory: refuse it unread.
    if (head.count(http::field::content_encoding))
        return refuse(415, "Content-Encoding is not accepted; send the image as is");
    if (auto cl = head.find(http::field::content_length); cl != head.end()) {
        const std::string v(cl->value().data(), cl->value().size());
        if (std::strtoull(v.c_str(), nullptr, 10) > config.maxBodyBytes)
            return refuse(413, "request body exceeds the limit of " +
                                   std::to_string(config.maxBodyBytes) + " bytes");
    }
    const auto type = head[http::field::content_type];
    if (auto boundary = multipartBoundary(std::string_view(type.data(), type.size())); !boundary)
        return refuse(415, boundary.error());
    return std::nullopt;
}

}  // namespace

HeadVerdict judgeHead(const HttpRequestHead& head, const EndpointConfig& config) {
    if (auto refused = checkFraming(head, config)) return *refused;
    if (!config.bearerToken.empty()) {
        const auto auth = head[http::field::authorization];
        if (!bearerTokenMatches(std::string_view(auth.data(), auth.size()), config.bearerToken))
            return refuse(401, "missing or wrong bearer token");
    }
    const std::string_view path = pathOf(head);
    const bool upload = path == "/pieslicer" || path == "/modipick";
    if (path == "/ping") {
        if (head.method() != http::verb::get) return refuse(405, "use GET /ping");
        if (hasBody(head)) return refuse(400, "GET /ping takes no body");
        return HeadVerdict{Route::Ping, {}};
    }
    if (!upload) {
        const std::string_view method(head.method_string().data(), head.method_string().size());
        return refuse(404, "no route " + std::string(method) + " " + std::string(path));
    }
    if (head.method() != http::verb::post)
        return refuse(405, "use POST " + std::string(path) + " with a multipart form");
    if (auto refused = checkUploadHead(head, config)) return *refused;
    return HeadVerdict{Route::Upload, {}};
}

Expected<UploadRequest> readUploadForm(std::string&& body, std::string_view contentType) {
    auto boundary = multipartBoundary(contentType);
    if (!boundary) return fail(boundary.error());
    UploadRequest upload;
    upload.bodyBytes = body.size();
    auto parts = parseMultipartForm(body, boundary.value());
    if (!parts) return fail(parts.error());
    std::size_t fileStart = 0, fileSize = 0;
    for (const auto& part : parts.value()) {
        if (part.name == "file") {
            upload.hasFile = true;
            fileStart = std::size_t(part.data.data() - body.data());
            fileSize = part.data.size();
        } else if (part.data.size() > kMaxFieldBytes) {
            return fail("form field '" + part.name + "' is longer than " +
                        std::to_string(kMaxFieldBytes) + " bytes");
        } else {
            upload.fields[part.name] = std::string(part.data);
        }
    }
    // The file becomes the body's own buffer, trimmed to the part: no second copy of it.
    body.resize(fileStart + fileSize);
    body.erase(0, fileStart);
    upload.file = std::move(body);
    return upload;
}

std::string pingText() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", unixMs());
    return buf;
}

}  // namespace pieslicer
