#include "run/record_conditions.h"

#include <QtConcurrent>

#include "run/record_store.h"

namespace pieslicer::ui {

RecordConditions::RecordConditions(RecordStore* store, QObject* parent)
    : QObject(parent), store_(store) {
    connect(store_, &RecordStore::appended, this, [this] {
        if (watcher_.isRunning()) return;  // the rescan's finish reads the rest
        const std::size_t before =
            under_.devices.size() + under_.links.size() + under_.tcpModels.size();
        addRows(under_, store_->view(), covered_, store_->size());
        covered_ = store_->size();
        if (under_.devices.size() + under_.links.size() + under_.tcpModels.size() != before)
            emit changed();
    });
    connect(store_, &RecordStore::reset, this, [this] {
        under_ = {};
        covered_ = 0;
        emit changed();
        ++generation_;
        if (!watcher_.isRunning()) rescan();
    });
    connect(&watcher_, &QFutureWatcher<MeasuredUnder>::finished, this, [this] {
        if (watcher_.property("generation").toULongLong() != generation_)
            return rescan();  // another reset came meanwhile
        under_ = watcher_.result();
        covered_ = std::size_t(watcher_.property("end").toULongLong());
        addRows(under_, store_->view(), covered_, store_->size());
        covered_ = store_->size();
        emit changed();
    });
}

void RecordConditions::rescan() {
    const std::size_t end = store_->size();
    watcher_.setProperty("generation", generation_);
    watcher_.setProperty("end", quint64(end));
    watcher_.setFuture(QtConcurrent::run([view = store_->view(), end] {
        MeasuredUnder under;
        addRows(under, view, 0, end);
        return under;
    }));
}

void RecordConditions::addRows(MeasuredUnder& under, const RecordColumnsView& view,
                               std::size_t first, std::size_t end) {
    static const int device = RecordColumnsView::columnOf("device");
    static const int uplink = RecordColumnsView::columnOf("uplink_mbps");
    static const int rtt = RecordColumnsView::columnOf("rtt_ms");
    static const int tcp = RecordColumnsView::columnOf("tcp_model");
    static const int trace = RecordColumnsView::columnOf("uplink_trace");
    RequestRecord r;  // the condition fields only: no record is rebuilt whole
    for (std::size_t row = first; row < end; ++row) {
        r.device = view.text(row, std::size_t(device));
        r.uplink_mbps = view.number(row, std::size_t(uplink));
        r.rtt_ms = view.number(row, std::size_t(rtt));
        r.tcp_model = view.text(row, std::size_t(tcp));
        r.uplink_trace = view.text(row, std::size_t(trace));
        addConditions(under, r);
    }
}

}  // namespace pieslicer::ui
