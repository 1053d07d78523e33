#pragma once
// Rows in shared chunks of 8,192, copied on write: a copy of the list shares every chunk,
// and a chunk is copied only when one copy writes a row of it that another holds. The
// Compare tab's intervals' pass scores a copy of the live passes' scoring rows while those
// go on appending (the copy costs at most the open chunk, where a second vector was 48
// bytes a record). Each list is used by one thread at a time; copies may live on others.
#include <atomic>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace pieslicer {

template <class Row>
class ChunkedRows {
  public:
    static constexpr std::size_t kChunkRows = 1 << 13;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const Row& operator[](std::size_t i) const {
        return chunks_[i / kChunkRows]->rows[i % kChunkRows];
    }
    Row& operator[](std::size_t i) { return own(i / kChunkRows).rows[i % kChunkRows]; }

    void push_back(const Row& r) {
        if (size_ == chunks_.size() * kChunkRows) chunks_.push_back(std::make_shared<Chunk>());
        ++size_;
        (*this)[size_ - 1] = r;
    }
    // Grows with default rows or drops the last ones (their chunks stay with other copies).
    void resize(std::size_t n) {
        const std::size_t chunks = (n + kChunkRows - 1) / kChunkRows;
        const std::size_t from = size_;
        chunks_.resize(chunks);
        for (auto& c : chunks_)
            if (!c) c = std::make_shared<Chunk>();
        size_ = n;
        // Rows past the old size may hold what an earlier, longer list wrote: reset them.
        for (std::size_t i = from; i < n && i < ((from + kChunkRows - 1) / kChunkRows) * kChunkRows;
             ++i)
            (*this)[i] = Row();
    }
    void reserve(std::size_t) {}  // chunks never move
    void clear() {
        chunks_.clear();
        size_ = 0;
    }

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Row;
        using difference_type = std::ptrdiff_t;
        using pointer = const Row*;
        using reference = const Row&;
        const_iterator(const ChunkedRows* list, std::size_t i) : list_(list), i_(i) {}
        reference operator*() const { return (*list_)[i_]; }
        pointer operator->() const { return &(*list_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++i_;
            return old;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

      private:
        const ChunkedRows* list_;
        std::size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

  private:
    struct Chunk {
        Row rows[kChunkRows];
    };
    // The chunk to write, first copied when another list holds it too. use_count() is
    // reliable here: only this list's thread can make a new copy of it. When it is 1, the
    // acquire fence orders this write after another thread's reads that ended with its
    // (releasing) drop of the chunk.
    Chunk& own(std::size_t k) {
        if (chunks_[k].use_count() > 1)
            chunks_[k] = std::make_shared<Chunk>(*chunks_[k]);
        else
            std::atomic_thread_fence(std::memory_order_acquire);
        return *chunks_[k];
    }

    std::vector<std::shared_ptr<Chunk>> chunks_;
    std::size_t size_ = 0;
};

}  // namespace pieslicer
