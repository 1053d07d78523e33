#include "run/record_store.h"

namespace pieslicer::ui {

void RecordStore::append(const std::vector<RequestRecord>& batch) {
    if (batch.empty()) return;
    const int first = int(columns_.size());
    for (const auto& r : batch) columns_.append(r);
    appending_ = &batch;
    emit appended(first, int(columns_.size()) - first);
    appending_ = nullptr;
}

const std::vector<RequestRecord>& RecordStore::appendedRecords(
    int first, int count, std::vector<RequestRecord>& scratch) const {
    if (appending_ && first == int(size() - appending_->size()) &&
        std::size_t(count) == appending_->size())
        return *appending_;
    scratch = records(std::size_t(first), std::size_t(count));
    return scratch;
}

void RecordStore::setAll(std::vector<RequestRecord> records) {
    columns_.clear();
    for (const auto& r : records) columns_.append(r);
    records = {};  // the structs go before the tabs rebuild
    emit reset();
}

std::vector<RequestRecord> RecordStore::sample(std::size_t atMost) const {
    return sampleRecords(view(), atMost);
}

std::vector<RequestRecord> sampleRecords(const RecordColumnsView& view, std::size_t atMost) {
    const std::size_t n = view.size();
    if (n <= atMost) return view.records(0, n);
    std::vector<RequestRecord> out;
    out.reserve(atMost);
    for (std::size_t i = 0; i < atMost; ++i) out.push_back(view.record(i * n / atMost));
    return out;
}

void RecordStore::clear() { setAll({}); }

}  // namespace pieslicer::ui
