#pragma once
// Checks an Authorization header against the endpoint's bearer token (RFC 6750): the
// scheme is case-insensitive (RFC 7235), the token is compared in constant time so the
// answer's timing says nothing about how much of a guess was right.
#include <string>
#include <string_view>

#include "util/expected.h"

namespace pieslicer {

bool bearerTokenMatches(std::string_view authorization, std::string_view token);

// The token for --token-file: the file's first line, without its line end. Fails if the
// file cannot be read or holds no token.
Expected<std::string> readTokenFile(const std::string& path);

}  // namespace pieslicer
