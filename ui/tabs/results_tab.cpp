#include "tabs/results_tab.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPromise>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>

#include "fixed_size_label.h"
#include "models/plain_text_delegate.h"
#include "models/record_table_model.h"
#include "panels/image_detail_pane.h"
#include "run/analysis_pool.h"
#include "run/record_store.h"

namespace pieslicer::ui {

ResultsTab::ResultsTab(RecordStore* store, QWidget* parent, ThumbnailCache* thumbnails)
    : QWidget(parent), store_(store) {
    model_ = new RecordTableModel(store, this);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter (regular expression), e.g. pieslicer|static-cloud"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Shows only rows whose chosen column matches"));
    column_ = new QComboBox;
    column_->addItem(tr("All columns"), -1);
    for (int c = 0; c < model_->columnCount(); ++c)
        column_->addItem(model_->headerData(c, Qt::Horizontal).toString(), c);
    column_->setToolTip(tr("Column the filter applies to"));
    count_ = new QLabel;
    fixLabelSize(count_, tr("%1 of %2 records").arg(9999999).arg(9999999));
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    // Wide enough for its text on one line (at 160 px it wrapped and was clipped).
    progress_->setMinimumWidth(
        progress_->fontMetrics().horizontalAdvance(tr("sorting/filtering 100%")) + 40);
    progress_->setFormat(tr("sorting/filtering %p%"));
    progress_->hide();
    table_ = new QTableView;
    table_->setItemDelegate(new PlainTextDelegate(table_));  // repainted with every batch
    table_->setModel(model_);
    // Sorting runs on a worker (startQuery), not in a proxy on the GUI thread.
    auto* header = table_->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);  // arrival order until a header is clicked
    header->setDefaultSectionSize(110);
    // Each column as wide as its name at least (with room for the sort arrow): names such
    // as image_name_orig were cut at the default width. Sized once, from the header text
    // only: measuring a million rows' cells would stall the GUI thread.
    const QFontMetrics names(header->font());
    for (int c = 0; c < model_->columnCount(); ++c)
        header->resizeSection(
            c, std::max(
                   110,
                   names.horizontalAdvance(model_->headerData(c, Qt::Horizontal).toString()) + 28));
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(22);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Filter:")));
    top->addWidget(filter_, 1);
    top->addWidget(column_);
    top->addWidget(progress_);
    top->addWidget(count_);
    detail_ = new ImageDetailPane(thumbnails);
    detail_->setStore(store_);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(table_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid() || current.row() >= model_->rowCount()) return;
                if (model_->storeRow(current.row()) >= store_->size()) return;
                const int image = model_->columnOf("image_name_orig");
                detail_->showImage(model_->data(model_->index(current.row(), image)).toString());
            });

    typing_.setSingleShot(true);
    typing_.setInterval(250);
    connect(&typing_, &QTimer::timeout, this, &ResultsTab::startQuery);
    connect(filter_, &QLineEdit::textChanged, this, [this] { typing_.start(); });
    connect(column_, &QComboBox::currentIndexChanged, this, &ResultsTab::startQuery);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &ResultsTab::startQuery);
    connect(&watcher_, &QFutureWatcher<std::vector<std::uint32_t>>::progressValueChanged, progress_,
            &QProgressBar::setValue);
    connect(&watcher_, &QFutureWatcher<std::vector<std::uint32_t>>::finished, this, [this] {
        const bool applied = watcher_.property("generation").toULongLong() == generation_ &&
                             !watcher_.isCanceled() && watcher_.future().resultCount() > 0;
        progress_->hide();
        if (!catchingUp_) querying_ = false;
        if (applied) {
            auto rows = watcher_.future().takeResult();
            if (catchingUp_)
                model_->appendRows(rows);
            else
                model_->setRowOrder(std::move(rows));
            covered_ = jobEnd_;
            if (!catchingUp_) emit queryApplied();
        }
        catchingUp_ = false;
        updateCount();
        if (model_->ordered() && covered_ < store_->size()) catchUp();
    });
    connect(store_, &RecordStore::appended, this, [this] {
        if (model_->ordered() && !watcher_.isRunning()) catchUp();
        updateCount();
    });
    connect(store_, &RecordStore::reset, this, [this] {
        covered_ = 0;
        if (query_.active()) startQuery();
        updateCount();
    });
    updateCount();
}

bool ResultsTab::selectImage(const QString& image) {
    const int column = model_->columnOf("image_name_orig");
    for (int row = 0; row < model_->rowCount(); ++row)
        if (model_->data(model_->index(row, column)).toString() == image) {
            table_->setCurrentIndex(model_->index(row, column));
            return true;
        }
    return false;
}

void ResultsTab::setFilter(const QString& text, int column) {
    const QSignalBlocker blockText(filter_), blockColumn(column_);
    filter_->setText(text);
    column_->setCurrentIndex(std::max(0, column_->findData(column)));
    typing_.stop();
    startQuery();
}

void ResultsTab::sortBy(int column, Qt::SortOrder order) {
    table_->horizontalHeader()->setSortIndicator(column, order);  // starts the query
}

void ResultsTab::startQuery() {
    typing_.stop();
    const auto* header = table_->horizontalHeader();
    RecordQuery q;
    q.pattern = filter_->text();
    q.filterColumn = column_->currentData().toInt();
    q.sortColumn = header->sortIndicatorSection();
    if (q.sortColumn >= model_->columnCount()) q.sortColumn = -1;
    q.descending = header->sortIndicatorOrder() == Qt::DescendingOrder;
    query_ = q;
    ++generation_;
    if (watcher_.isRunning()) watcher_.cancel();  // its result is stale: dropped on arrival
    catchingUp_ = false;
    querying_ = q.active();
    if (!q.active()) {
        progress_->hide();
        model_->clearRowOrder();
        covered_ = store_->size();
        emit queryApplied();
        updateCount();
        return;
    }
    jobFirst_ = 0;
    jobEnd_ = store_->size();
    progress_->setValue(0);
    progress_->show();
    watcher_.setProperty("generation", generation_);
    watcher_.setFuture(QtConcurrent::run(
        analysisPool(), [view = store_->view(), q](QPromise<std::vector<std::uint32_t>>& promise) {
            atAnalysisPriority();
            promise.setProgressRange(0, 1000);
            auto rows = runRecordQuery(view, q, 0, [&](std::size_t done, std::size_t total) {
                promise.setProgressValue(total ? int(1000.0 * double(done) / double(total)) : 0);
                return !promise.isCanceled();
            });
            if (rows) promise.addResult(std::move(*rows));
        }));
}

// New store rows under a filter (or a sort) are filtered on the worker and shown at the
// end of the table; a sort puts them in place when the header is clicked again.
void ResultsTab::catchUp() {
    if (watcher_.isRunning() || covered_ >= store_->size()) return;
    RecordQuery q = query_;
    q.sortColumn = -1;
    catchingUp_ = true;
    jobFirst_ = covered_;
    jobEnd_ = store_->size();
    watcher_.setProperty("generation", generation_);
    watcher_.setFuture(QtConcurrent::run(
        analysisPool(), [view = store_->view(), q,
                         first = jobFirst_](QPromise<std::vector<std::uint32_t>>& promise) {
            atAnalysisPriority();
            auto rows = runRecordQuery(
                view, q, first, [&](std::size_t, std::size_t) { return !promise.isCanceled(); });
            if (rows) promise.addResult(std::move(*rows));
        }));
}

void ResultsTab::updateCount() {
    count_->setText(tr("%1 of %2 records").arg(model_->rowCount()).arg(store_->size()));
}

}  // namespace pieslicer::ui
