#include "run/record_store.h"

namespace pieslicer::ui {

void RecordStore::append(const std::vector<RequestRecord>& batch) {
    if (batch.empty()) return;
    const int first = int(columns_.size());
    for (const auto& r : batch) columns_.append(r);
    emit appended(first, int(columns_.size()) - first);
}

void RecordStore::setAll(std::vector<RequestRecord> records) {
    columns_.clear();
    for (const auto& r : records) columns_.append(r);
    records = {};  // the structs go before the tabs rebuild
    emit reset();
}

void RecordStore::clear() { setAll({}); }

}  // namespace pieslicer::ui
