#pragma once
// A value or an error message: how every fallible operation in core/ reports failure.
#include <string>
#include <utility>
#include <variant>

namespace pieslicer {

struct Error {
    std::string message;
};

template <typename T>
class Expected {
  public:
    Expected(T value) : v_(std::move(value)) {}
    Expected(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<T>(v_); }
    T& value() & { return std::get<T>(v_); }
    // By value: `for (auto& x : f().value())` must not dangle into a destroyed temporary.
    T value() && { return std::get<T>(std::move(v_)); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const std::string& error() const { return std::get<Error>(v_).message; }

  private:
    std::variant<T, Error> v_;
};

inline Error fail(std::string message) { return Error{std::move(message)}; }

}  // namespace pieslicer
