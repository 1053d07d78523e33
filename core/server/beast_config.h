#pragma once
// Include before any Boost.Beast or Asio header (it is the first include of every file
// that uses them): Beast speaks std::string_view, error categories are header-only, and
// Asio's deprecated interfaces are off. Here rather than on the command line, so the rest
// of the project compiles with the flags it had.
#ifndef BOOST_BEAST_USE_STD_STRING_VIEW
#define BOOST_BEAST_USE_STD_STRING_VIEW
#endif
#ifndef BOOST_ASIO_NO_DEPRECATED
#define BOOST_ASIO_NO_DEPRECATED
#endif
#ifndef BOOST_ERROR_CODE_HEADER_ONLY
#define BOOST_ERROR_CODE_HEADER_ONLY
#endif
