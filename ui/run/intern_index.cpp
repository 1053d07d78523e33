#include "run/intern_index.h"

#include <algorithm>
#include <new>

namespace pieslicer::ui {

void InternIndex::place(Table& t, std::uint32_t id, std::uint32_t hash) {
    const std::size_t mask = t.size - 1;
    std::size_t h = hash & mask;
    while (t.cells[h]) h = (h + 1) & mask;
    t.cells[h] = id + 1;
}

void InternIndex::moveSome(std::size_t n) {
    if (!previous_.size) return;
    for (; n > 0 && moved_ < movingEnd_; --n, ++moved_) place(current_, moved_, hashes_[moved_]);
    if (moved_ == movingEnd_) previous_ = Table{};
}

void InternIndex::add(std::uint32_t hash) {
    const auto id = std::uint32_t(hashes_.size());
    hashes_.push_back(hash);
    if (current_.size < 2 * hashes_.size()) {  // keep the load under one half
        moveSome(movingEnd_);                  // the last move, if any, ends first (never, in
                                               // practice: see kMovesPerAdd)
        Table bigger;
        bigger.size = std::max<std::size_t>(64, current_.size * 2);
        bigger.cells.reset(
            static_cast<std::uint32_t*>(std::calloc(bigger.size, sizeof(std::uint32_t))));
        if (!bigger.cells) throw std::bad_alloc();
        previous_ = std::move(current_);
        current_ = std::move(bigger);
        moved_ = 0;
        movingEnd_ = id;  // every id before this one is in previous_
        if (!previous_.size) movingEnd_ = 0;
    }
    place(current_, id, hash);
    moveSome(kMovesPerAdd);
}

}  // namespace pieslicer::ui
