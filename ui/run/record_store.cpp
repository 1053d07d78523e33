#include "run/record_store.h"

namespace pieslicer::ui {

void RecordStore::append(std::vector<RequestRecord> batch) {
    if (batch.empty()) return;
    const int first = int(records_.size());
    records_.insert(records_.end(), std::make_move_iterator(batch.begin()),
                    std::make_move_iterator(batch.end()));
    emit appended(first, int(records_.size()) - first);
}

void RecordStore::setAll(std::vector<RequestRecord> records) {
    records_ = std::move(records);
    emit reset();
}

void RecordStore::clear() { setAll({}); }

}  // namespace pieslicer::ui
