#include "server/http_session.h"

// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <optional>

#include "server/request_checks.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// Bytes a client may send ahead of our answers (pipelined requests, a body's first part).
constexpr std::size_t kReadBufferBytes = 1 << 20;
// After a refusal: how long, and how much, we read and drop before closing, so the client
// sees our answer instead of a reset caused by the body it was still sending.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 4 << 20;
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// A directly read body's first buffer; it doubles from there as bytes arrive.
constexpr std::size_t kFirstBodyBuffer = 64 << 10;

// Messages may quote the request (the path of a 404), which need not be UTF-8.
std::string jsonText(const nlohmann::json& body) {
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(tcp::socket&& socket, std::shared_ptr<ServerContext> context)
        : stream_(std::move(socket)), context_(std::move(context)), buffer_(kReadBufferBytes) {}

    ~HttpSession() {
        if (id_) context_->registry.remove(id_);
    }

    void start(const std::string& client) {
        std::weak_ptr<HttpSession> weak = weak_from_this();
        id_ = context_->registry.add(client, [weak] {
            if (auto self = weak.lock())
                net::post(self->stream_.get_executor(), [self] { self->closeNow(); });
        });
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readHead(); });
    }

    // Answers a connection that cannot be admitted, then closes it.
    void refuse(Reply reply) {
        net::dispatch(stream_.get_executor(),
                      [self = shared_from_this(), r = std::move(reply)] { self->write(r, false); });
    }

  private:
    void setPhase(ConnectionPhase phase) {
        if (id_) context_->registry.setPhase(id_, phase);
    }

    void readHead() {
        if (context_->stopping) return closeNow();
        setPhase(ConnectionPhase::AwaitingHead);
        parser_.emplace();
        parser_->header_limit(std::uint32_t(context_->config.maxHeaderBytes));
        parser_->body_limit(context_->config.maxBodyBytes);
        stream_.expires_after(std::chrono::milliseconds(context_->config.headTimeoutMs));
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHead(ec); });
    }

    void onHead(beast::error_code ec) {
        if (ec == http::error::header_limit)
            return write(
                errorReply(431, "request head exceeds " +
                                    std::to_string(context_->config.maxHeaderBytes) + " bytes"),
                false);
        if (ec == http::error::buffer_overflow)
            return write(errorReply(431, "request head too large"), false);
        if (ec == http::error::body_limit)  // a declared length over the limit, seen in the head
            return write(
                errorReply(413, "request body exceeds the limit of " +
                                    std::to_string(context_->config.maxBodyBytes) + " bytes"),
                false);
        if (ec && ec.category() == http::make_error_code(http::error::bad_method).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message)
            return write(errorReply(400, "malformed request: " + ec.message()), false);
        if (ec) return closeNow();  // timeout, reset, end of stream: nobody to answer
        upload_ = UploadRequest{};
        upload_.requestUnixMs = unixMs();
        if (buffer_.size() > 0) upload_.firstByteUnixMs = upload_.requestUnixMs;
        const auto& head = parser_->get();
        keepAlive_ = head.keep_alive();
        const HeadVerdict verdict = judgeHead(head, context_->config);
        if (!verdict.route) return write(verdict.refusal, false);
        if (*verdict.route == Route::Ping)
            return writeText(200, pingText(), "text/plain", keepAlive_);
        if (beast::iequals(head[http::field::expect], "100-continue")) return writeContinue();
        readBody();
    }

    void writeContinue() {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        stream_.expires_after(kWriteTimeout);
        net::async_write(stream_, net::buffer(kContinue),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return self->closeNow();
                             self->readBody();
                         });
    }

    void readBody() {
        setPhase(ConnectionPhase::ReadingBody);
        bodyStart_ = Clock::now();
        bodyReceived_ = 0;
        const auto& head = parser_->get();
        if (!head.chunked() && parser_->content_length()) return readBodyDirect();
        readBodySome();
    }

    // A body with a Content-Length (what phones send) is read straight into one buffer: what
    // the parser had read ahead is moved in, the rest arrives by large reads into place. The
    // buffer doubles as bytes arrive instead of taking the declared length at once, so a
    // client that declares 20 MB and drips holds 64 KB, not 20 MB. The parser is left at the
    // head; the next request starts a new one.
    void readBodyDirect() {
        declaredLength_ = std::size_t(*parser_->content_length());
        const std::size_t ahead = std::min(declaredLength_, buffer_.size());
        body_.resize(std::min(declaredLength_, std::max(ahead, kFirstBodyBuffer)));
        std::memcpy(body_.data(), buffer_.data().data(), ahead);
        buffer_.consume(ahead);
        bodyReceived_ = ahead;
        readDirectSome();
    }

    void readDirectSome() {
        if (bodyReceived_ == declaredLength_) {
            body_.resize(declaredLength_);
            return dispatchUpload(std::move(body_));
        }
        if (bodyReceived_ == body_.size())
            body_.resize(std::min(declaredLength_, std::max(kFirstBodyBuffer, 2 * body_.size())));
        stream_.expires_at(bodyDeadline());
        stream_.async_read_some(
            net::buffer(body_.data() + bodyReceived_, body_.size() - bodyReceived_),
            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                self->bodyReceived_ += n;
                self->noteBodyBytes(n);
                if (ec == beast::error::timeout)
                    return self->write(errorReply(408, "request body arrived too slowly"), false);
                if (ec) return self->closeNow();  // the client went away mid-body
                self->readDirectSome();
            });
    }

    void noteBodyBytes(std::size_t n) {
        if (n == 0) return;
        if (id_) context_->registry.setBodyProgress(id_, bodyReceived_);
        upload_.lastByteUnixMs = unixMs();
        if (upload_.firstByteUnixMs == 0) upload_.firstByteUnixMs = upload_.lastByteUnixMs;
    }

    // The body's deadline moves with what arrived: the grace, then at least the minimum
    // rate on average, and never a gap longer than the idle limit.
    Clock::time_point bodyDeadline() const {
        const auto& c = context_->config;
        const auto idle = std::chrono::milliseconds(c.bodyIdleMs);
        const auto earned = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(double(bodyReceived_) / c.minBodyBytesPerSec));
        return std::min(Clock::now() + idle, bodyStart_ + idle + earned);
    }

    void readBodySome() {
        if (parser_->is_done()) return onBody();
        stream_.expires_at(bodyDeadline());
        http::async_read_some(stream_, buffer_, *parser_,
                              [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                  self->onBodySome(ec, n);
                              });
    }

    void onBodySome(beast::error_code ec, std::size_t n) {
        bodyReceived_ += n;
        noteBodyBytes(n);
        if (ec == http::error::body_limit)
            return write(
                errorReply(413, "request body exceeds the limit of " +
                                    std::to_string(context_->config.maxBodyBytes) + " bytes"),
                false);
        if (ec == beast::error::timeout)
            return write(errorReply(408, "request body arrived too slowly"), false);
        if (ec && ec.category() == http::make_error_code(http::error::bad_method).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message)
            return write(errorReply(400, "malformed request body: " + ec.message()), false);
        if (ec) return closeNow();
        readBodySome();
    }

    void onBody() { dispatchUpload(std::move(parser_->get().body())); }

    // Parses the form in place and hands the upload to the workers.
    void dispatchUpload(std::string&& body) {
        const auto type = parser_->get()[http::field::content_type];
        const std::string contentType(type.data(), type.size());
        if (upload_.lastByteUnixMs == 0) upload_.lastByteUnixMs = unixMs();
        if (upload_.firstByteUnixMs == 0) upload_.firstByteUnixMs = upload_.lastByteUnixMs;
        auto form = readUploadForm(std::move(body), contentType);
        if (!form) return write(errorReply(400, form.error()), keepAlive_);
        UploadRequest upload = std::move(form.value());
        upload.requestUnixMs = upload_.requestUnixMs;
        upload.firstByteUnixMs = upload_.firstByteUnixMs;
        upload.lastByteUnixMs = upload_.lastByteUnixMs;
        const auto target = parser_->get().target();  // "/pieslicer" or "/modipick", judged
        upload.route = std::string(target.data(), target.size()).substr(0, target.find('?'));
        std::weak_ptr<HttpSession> weak = weak_from_this();
        const int fd = stream_.socket().native_handle();
        upload.abandoned = [weak, fd] {
            // The session (and so the descriptor) lives while the work holds its callback;
            // a peek that reads end-of-stream or an error means the client is gone.
            auto self = weak.lock();
            if (!self || self->closed_) return true;
            char c;
            const ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
            return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        };
        setPhase(ConnectionPhase::Working);
        context_->workers->submit(std::move(upload), [self = shared_from_this()](Reply reply) {
            net::post(self->stream_.get_executor(),
                      [self, r = std::move(reply)] { self->write(r, self->keepAlive_); });
        });
    }

    void write(const Reply& reply, bool keepAlive) {
        // Busy and refused answers close: the client retries on a fresh connection.
        if (reply.status >= 400 && reply.status != 400 && reply.status != 404 &&
            reply.status != 422)
            keepAlive = false;
        writeText(reply.status, jsonText(reply.body), "application/json", keepAlive);
    }

    void writeText(int status, std::string body, const char* type, bool keepAlive) {
        setPhase(ConnectionPhase::Writing);
        if (context_->stopping) keepAlive = false;
        keepAlive_ = keepAlive;
        response_.emplace();
        response_->version(11);
        response_->result(unsigned(status));
        response_->set(http::field::server, "pieslicer-server");
        response_->set(http::field::content_type, type);
        if (status == 401) response_->set(http::field::www_authenticate, "Bearer");
        response_->body() = std::move(body);
        response_->keep_alive(keepAlive);
        response_->prepare_payload();
        stream_.expires_after(kWriteTimeout);
        http::async_write(stream_, *response_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->onWritten(ec);
                          });
    }

    void onWritten(beast::error_code ec) {
        if (ec) return closeNow();
        if (!keepAlive_) return lingerClose();
        readHead();
    }

    // Half-closes, then drops what the client still sends for a while, so that our
    // answer is read before the connection is gone.
    void lingerClose() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(kLingerTime);
        lingerSome();
    }

    void lingerSome() {
        stream_.async_read_some(net::buffer(scratch_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->lingered_ += n;
                                    if (ec || self->lingered_ > kLingerBytes)
                                        return self->closeNow();
                                    self->lingerSome();
                                });
    }

    void closeNow() {
        closed_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<ServerContext> context_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::string_body>> response_;
    std::string body_;                // a body read directly (see readBodyDirect)
    std::size_t declaredLength_ = 0;  // of a body read directly
    UploadRequest upload_;            // the timing of the request being read
    bool keepAlive_ = false;
    Clock::time_point bodyStart_;
    std::size_t bodyReceived_ = 0;
    std::size_t lingered_ = 0;
    std::array<char, 16384> scratch_{};
    std::uint64_t id_ = 0;
    std::atomic<bool> closed_{false};
};

}  // namespace

void serveConnection(tcp::socket socket, std::shared_ptr<ServerContext> context) {
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    socket.set_option(tcp::no_delay(true), ec);
    const std::string client = peer.address().to_string();
    auto admission = context->registry.admit(client);
    if (admission.victim) admission.victim();
    auto session = std::make_shared<HttpSession>(std::move(socket), context);
    if (!admission.admitted || context->stopping)
        session->refuse(errorReply(503, "endpoint busy: too many connections, retry later"));
    else
        session->start(client);
}

}  // namespace pieslicer
