// Result<T>: a value or a non-ok Status, without exceptions or heap.
// T must be default-constructible and cheap to copy (ids, sizes, views).
#pragma once

#include "hal/status.h"

namespace hal {

template <typename T>
class [[nodiscard]] Result {
  public:
    // Implicit on purpose: `return value;` and `return Status::kTimeout;` both read well.
    constexpr Result(T value) : status_(Status::kOk), value_(value) {}  // NOLINT
    constexpr Result(Status status) : status_(status), value_() {       // NOLINT
        // An ok Result without a value is a bug; record it as one.
        if (status_ == Status::kOk) status_ = Status::kInternal;
    }

    constexpr bool ok() const { return status_ == Status::kOk; }
    constexpr Status status() const { return status_; }
    // Precondition: ok(). Reading the value of an error yields T{}.
    constexpr const T& value() const { return value_; }
    constexpr T& value() { return value_; }
    constexpr T value_or(T fallback) const { return ok() ? value_ : fallback; }

  private:
    Status status_;
    T value_;
};

}  // namespace hal

// HAL_ASSIGN_OR_RETURN(auto n, expr): binds the value or returns the Status.
#define HAL_CONCAT_INNER_(a, b) a##b
#define HAL_CONCAT_(a, b) HAL_CONCAT_INNER_(a, b)
#define HAL_ASSIGN_OR_RETURN(lhs, expr) \
    HAL_ASSIGN_OR_RETURN_IMPL_(HAL_CONCAT_(hal_result_, __LINE__), lhs, expr)
// `tmp` is a name and `lhs` a declaration: parentheses around them would not compile.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define HAL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
    auto tmp = (expr);                             \
    if (!tmp.ok()) return tmp.status();            \
    lhs = tmp.value()
// NOLINTEND(bugprone-macro-parentheses)
