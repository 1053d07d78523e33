#pragma once
// What the endpoint decides about a request from its head alone, before reading any body
// byte, and how a received body becomes an upload. No sockets here: the connection code
// (http_session) and the request-path fuzzer (fuzz/) both call these.
// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>

#include "server/upload_handler.h"
#include "util/expected.h"

namespace pieslicer {

struct EndpointConfig;

using HttpRequestHead = boost::beast::http::request_header<>;

enum class Route { Ping, Upload };

struct HeadVerdict {
    std::optional<Route> route;  // empty: refused
    Reply refusal;               // when refused; the connection is then closed unread
};

// Header count, framing (only "chunked" as a Transfer-Encoding; Beast itself refuses
// Content-Length with Transfer-Encoding and differing Content-Lengths), the bearer token,
// the route, and for uploads the encoding, the declared length and the form's type.
HeadVerdict judgeHead(const HttpRequestHead& head, const EndpointConfig& config);

// The upload in `body` (a multipart form as received; moved from), or the 400 that says
// what is wrong with it. Timing fields are left for the caller.
Expected<UploadRequest> readUploadForm(std::string&& body, std::string_view contentType);

// The answer to GET /ping: the server's clock in Unix ms.
std::string pingText();

}  // namespace pieslicer
