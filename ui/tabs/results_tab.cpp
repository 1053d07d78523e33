#include "tabs/results_tab.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "models/record_table_model.h"
#include "run/record_store.h"

namespace pieslicer::ui {

ResultsTab::ResultsTab(RecordStore* store, QWidget* parent) : QWidget(parent) {
    model_ = new RecordTableModel(store, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(Qt::UserRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
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
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // arrival order until a header is clicked
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setDefaultSectionSize(110);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Filter:")));
    top->addWidget(filter_, 1);
    top->addWidget(column_);
    top->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    connect(filter_, &QLineEdit::textChanged, this,
            [this] { setFilter(filter_->text(), column_->currentData().toInt()); });
    connect(column_, &QComboBox::currentIndexChanged, this,
            [this] { setFilter(filter_->text(), column_->currentData().toInt()); });
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &ResultsTab::updateCount);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &ResultsTab::updateCount);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &ResultsTab::updateCount);
    updateCount();
}

void ResultsTab::setFilter(const QString& text, int column) {
    if (filter_->text() != text) filter_->setText(text);
    proxy_->setFilterKeyColumn(column);
    proxy_->setFilterRegularExpression(
        QRegularExpression(text, QRegularExpression::CaseInsensitiveOption));
    updateCount();
}

void ResultsTab::updateCount() {
    count_->setText(tr("%1 of %2 records").arg(proxy_->rowCount()).arg(model_->rowCount()));
}

}  // namespace pieslicer::ui
