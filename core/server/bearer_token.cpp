#include "server/bearer_token.h"

// clang-format off
#include "server/beast_config.h"  // first: before any Boost header
// clang-format on
#include <boost/beast/core/string.hpp>
#include <fstream>

namespace pieslicer {
namespace {

// Touches every byte of both, whatever they hold; only the lengths leak, as they must.
bool equalInConstantTime(std::string_view a, std::string_view b) {
    const std::size_t n = std::max(a.size(), b.size());
    volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = diff | (x ^ y);
    }
    return diff == 0;
}

}  // namespace

bool bearerTokenMatches(std::string_view authorization, std::string_view token) {
    constexpr std::string_view scheme = "bearer";
    if (token.empty() || authorization.size() <= scheme.size() ||
        !boost::beast::iequals(authorization.substr(0, scheme.size()), scheme))
        return false;
    std::string_view credentials = authorization.substr(scheme.size());
    if (credentials.front() != ' ' && credentials.front() != '\t') return false;
    while (!credentials.empty() && (credentials.front() == ' ' || credentials.front() == '\t'))
        credentials.remove_prefix(1);
    while (!credentials.empty() && (credentials.back() == ' ' || credentials.back() == '\t'))
        credentials.remove_suffix(1);
    return equalInConstantTime(credentials, token);
}

Expected<std::string> readTokenFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return fail("cannot read the token file " + path);
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) return fail("the token file " + path + " holds no token");
    return token;
}

}  // namespace pieslicer
