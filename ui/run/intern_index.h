#pragma once
// ColumnarRecords' index from a text to its interned id: open addressing over ids, with each
// text's 32-bit hash kept (4 bytes a distinct text), so a text is hashed once.
//
// It grows without a stall. Doubling the table and moving every id at once was 13 ms of the
// GUI thread per text column at 524,288 distinct texts (a run's timestamps and image names are
// all distinct, so two columns doubled in the same delivery: a 26 ms stall at about 790,000
// records). Instead the bigger table takes the new ids at once and the old ones a few per
// insert, and a lookup looks in both until the move is done: it is done long before the
// next doubling (a table doubles at half load, so as many inserts again come first). Tables
// are calloc'd: the kernel's zero pages are touched as cells fill, not all in one delivery.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace pieslicer::ui {

class InternIndex {
  public:
    // The id of an indexed text whose hash is `hash` and for which `same(id)` holds; -1 when
    // there is none.
    template <class Same>
    std::int64_t find(std::uint32_t hash, Same&& same) const {
        for (const Table* t : {&current_, &previous_}) {
            if (!t->size) continue;
            const std::size_t mask = t->size - 1;
            for (std::size_t h = hash & mask; t->cells[h]; h = (h + 1) & mask) {
                const std::uint32_t id = t->cells[h] - 1;
                if (hashes_[id] == hash && same(id)) return id;
            }
        }
        return -1;
    }
    // Indexes the next id (ids are 0, 1, 2, ... in order) of a text whose hash is `hash`.
    void add(std::uint32_t hash);
    std::size_t size() const { return hashes_.size(); }
    // Ids of the old table still to move to the new one (0 when no move is under way).
    std::size_t moving() const { return previous_.size ? movingEnd_ - moved_ : 0; }
    // Ids moved from the old table per add().
    static constexpr std::size_t kMovesPerAdd = 4;

  private:
    struct Free {
        void operator()(std::uint32_t* p) const { std::free(p); }
    };
    struct Table {
        std::unique_ptr<std::uint32_t[], Free> cells;  // id + 1; 0 = empty ("slots" is a Qt macro)
        std::size_t size = 0;                          // a power of two
    };
    static void place(Table& t, std::uint32_t id, std::uint32_t hash);
    void moveSome(std::size_t n);

    std::vector<std::uint32_t> hashes_;  // of each id
    Table current_, previous_;
    std::uint32_t moved_ = 0, movingEnd_ = 0;  // previous_ holds ids [moved_, movingEnd_)
};

}  // namespace pieslicer::ui
