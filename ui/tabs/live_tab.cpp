#include "tabs/live_tab.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMap>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "charts/link_trace_widget.h"
#include "charts/live_timeline_widget.h"
#include "charts/prediction_scatter_widget.h"
#include "charts/stage_bar_widget.h"
#include "models/plain_text_delegate.h"
#include "models/record_table_model.h"
#include "run/record_store.h"
#include "run/strategy_catalog.h"

namespace pieslicer::ui {

LiveTab::LiveTab(RecordStore* store, QWidget* parent) : QWidget(parent), store_(store) {
    timeline_ = new LiveTimelineWidget;
    scatter_ = new PredictionScatterWidget;
    stages_ = new StageBarWidget;
    linkTrace_ = new LinkTraceWidget;
    linkTrace_->hide();  // shown for a run whose uplink a trace drives
    linkWarning_ = new QLabel;
    linkWarning_->setWordWrap(true);
    linkWarning_->setStyleSheet(
        "QLabel { background: #fff3cd; color: #7a4b00; border: 1px solid #e0b34a; padding: 4px; }");
    linkWarning_->setToolTip(
        tr("Each request's last byte reached the endpoint later or earlier than the link model "
           "says by more than %1%: the emulation did not hold (a starved or loaded CPU does "
           "this), so times measured in this run may be wrong.")
            .arg(LinkCheck::kThresholdPct));
    linkWarning_->hide();
    model_ = new RecordTableModel(store, this);
    model_->setTail(kListRows);
    model_->setSlideInPlace(true);  // until a request is selected (below)
    list_ = new QTableView;
    list_->setItemDelegate(new PlainTextDelegate(list_));  // repainted with every batch
    // The model itself, no proxy: the list keeps arrival order (the Results tab sorts), and
    // a QSortFilterProxyModel keeps two row mappings as long as the store and updates them
    // on every inserted batch.
    list_->setModel(model_);
    list_->setSelectionBehavior(QAbstractItemView::SelectRows);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    // Arrival order; the Results tab sorts.
    list_->verticalHeader()->setDefaultSectionSize(20);
    list_->setToolTip(tr("Select a request to see its stage breakdown"));
    const QStringList shown = {"strategy", "image_name_orig", "preprocess_location",
                               "preexecution_time", "status"};
    for (int c = 0; c < model_->columnCount(); ++c)
        list_->setColumnHidden(c,
                               !shown.contains(model_->headerData(c, Qt::Horizontal).toString()));
    list_->horizontalHeader()->setStretchLastSection(true);
    list_->setColumnWidth(model_->columnOf("strategy"), 90);
    list_->setColumnWidth(model_->columnOf("image_name_orig"), 120);
    list_->setColumnWidth(model_->columnOf("preprocess_location"), 55);
    list_->setColumnWidth(model_->columnOf("preexecution_time"), 70);
    follow_ = new QCheckBox(tr("Follow newest"));
    follow_->setChecked(true);
    follow_->setToolTip(tr("Scroll the list to each new request"));

    auto* listBox = new QWidget;
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(new QLabel(tr("Requests")));
    listLayout->addWidget(list_, 1);
    listLayout->addWidget(follow_);
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(scatter_);
    bottom->addWidget(stages_);
    auto* charts = new QSplitter(Qt::Vertical);
    charts->addWidget(timeline_);
    charts->addWidget(linkTrace_);
    charts->addWidget(bottom);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(charts);
    split->addWidget(listBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({1000, 380});
    // The trace chart, when shown, is context: the timeline and the bottom row keep more.
    charts->setStretchFactor(0, 4);
    charts->setStretchFactor(1, 3);
    charts->setStretchFactor(2, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(linkWarning_);
    layout->addWidget(split, 1);

    followNewest_ = new QTimer(this);
    followNewest_->setObjectName("live.followNewest");  // named in event-loop traces
    followNewest_->setSingleShot(true);
    followNewest_->setInterval(250);
    connect(followNewest_, &QTimer::timeout, this, [this] {
        if (!follow_->isChecked()) return;
        list_->scrollToBottom();
        selectRecord(int(store_->size()) - 1);
    });
    // A scrolled-back timeline reads its window from the store at full resolution.
    timeline_->setHistory([this](int first, int count) {
        return store_->records(std::size_t(std::max(0, first)), std::size_t(std::max(0, count)));
    });
    connect(store_, &RecordStore::appended, this, [this](int first, int count) {
        std::vector<RequestRecord> scratch;
        const std::vector<RequestRecord>& added = store_->appendedRecords(first, count, scratch);
        for (const auto& r : added) accumulate(r);
        updateLinkWarning();
        timeline_->addRecords(added, first);
        linkTrace_->addRecords(added, first);
        scatter_->addRecords(added);
        if (follow_->isChecked() && !followNewest_->isActive()) followNewest_->start();
    });
    connect(store_, &RecordStore::reset, this, &LiveTab::rebuild);
    connect(list_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { model_->setSlideInPlace(!list_->selectionModel()->hasSelection()); });
    connect(list_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) selectRecord(int(model_->storeRow(current.row())));
            });
}

QList<ChartPanel*> LiveTab::charts() const {
    QList<ChartPanel*> out{timeline_, scatter_, stages_};
    if (linkTrace_->hasTrace()) out << linkTrace_;  // no empty trace chart in every export
    return out;
}

void LiveTab::setUplinkTrace(std::shared_ptr<const DeliveryTrace> trace) {
    linkTrace_->setTrace(std::move(trace));
}

void LiveTab::addRecordTimes(int first, const std::vector<double>& ms) {
    linkTrace_->addTimes(first, ms);
}

void LiveTab::updateLinkWarning() {
    const QString w = linkCheck_.warning();
    if (w == shownWarning_) return;
    shownWarning_ = w;
    linkWarning_->setText(w);
    linkWarning_->setVisible(!w.isEmpty());
    emit linkWarningChanged(w);
}

void LiveTab::rebuild() {
    timeline_->clear();
    // Times belong to the run that measured them: a reset store (new run, reopened
    // file) starts without them; a new run's come with its records.
    linkTrace_->clear();
    linkCheck_.clear();
    scatter_->clear();
    means_.clear();
    meanOrder_.clear();
    // In slices: a reopened study is rebuilt without a struct per record at once.
    constexpr std::size_t kSlice = 8192;
    for (std::size_t first = 0; first < store_->size(); first += kSlice) {
        const std::vector<RequestRecord> slice = store_->records(first, kSlice);
        for (const auto& r : slice) accumulate(r);
        timeline_->addRecords(slice, int(first));
        scatter_->addRecords(slice);
    }
    updateLinkWarning();
    stages_->setRows({});
    if (store_->size() > 0) selectRecord(int(store_->size()) - 1);
}

void LiveTab::accumulate(const RequestRecord& x) {
    linkCheck_.add(x);
    if (!x.ok()) return;
    const QString id = QString::fromStdString(x.strategy);
    if (!means_.contains(id)) meanOrder_ << id;
    auto& m = means_[id];
    const StageRow s = stageRow(x, {});
    for (std::size_t k = 0; k < 4; ++k) m.first.ms[k] += s.ms[k];
    ++m.second;
}

void LiveTab::selectRecord(int row) {
    if (row < 0 || row >= int(store_->size())) return;
    const RequestRecord r = store_->record(std::size_t(row));
    std::vector<StageRow> rows;
    rows.push_back(stageRow(
        r, tr("#%1 %2").arg(row + 1).arg(strategyLabel(QString::fromStdString(r.strategy)))));
    // Each strategy's mean as context for the picked request (running sums: this runs
    // on every frame while following, so it must not walk all records).
    for (const auto& id : meanOrder_) {
        const auto& m = means_.value(id);
        StageRow mean = m.first;
        for (auto& v : mean.ms) v /= std::max(1, m.second);
        mean.label = tr("mean %1").arg(strategyLabel(id));
        rows.push_back(mean);
    }
    stages_->setRows(rows);
}

}  // namespace pieslicer::ui
