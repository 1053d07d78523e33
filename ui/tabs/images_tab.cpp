#include "tabs/images_tab.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "charts/cdf_chart_widget.h"
#include "models/image_table_model.h"
#include "panels/image_detail_pane.h"

namespace pieslicer::ui {

ImagesTab::ImagesTab(QAction* openAction, QWidget* parent, ThumbnailCache* thumbnails)
    : QWidget(parent) {
    path_ = new QLineEdit;
    path_->setReadOnly(true);
    path_->setPlaceholderText(tr("Open a folder of images (or drop one on the window)"));
    auto* open = new QToolButton;
    open->setDefaultAction(openAction);
    open->setToolButtonStyle(Qt::ToolButtonTextOnly);
    summary_ = new QLabel;
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Folder:")));
    top->addWidget(path_, 1);
    top->addWidget(open);
    model_ = new ImageTableModel(this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model_);
    proxy->setSortRole(Qt::UserRole);
    table_ = new QTableView;
    table_->setModel(proxy);
    table_->setSortingEnabled(true);
    table_->sortByColumn(ImageTableModel::Name, Qt::AscendingOrder);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setSectionResizeMode(ImageTableModel::Name, QHeaderView::Stretch);
    table_->setColumnWidth(ImageTableModel::Status, 180);
    sizeCdf_ = new CdfChartWidget("dataset_file_size_cdf", tr("Image file size"),
                                  tr("Image file size (MB)"));
    pixelCdf_ = new CdfChartWidget("dataset_pixel_count_cdf", tr("Image pixel count"),
                                   tr("Pixel count (megapixels)"));
    detail_ = new ImageDetailPane(thumbnails);
    auto* charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(sizeCdf_);
    charts->addWidget(pixelCdf_);
    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(detail_);
    right->addWidget(charts);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(table_);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({1000, 1000});  // halves: the detail pane needs about 600 px
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy](const QModelIndex& current) {
                const QModelIndex source = proxy->mapToSource(current);
                if (!source.isValid() || source.row() >= int(model_->rows().size())) return;
                detail_->showImage(model_->rows()[std::size_t(source.row())].name);
            });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(summary_);

    scanner_ = new ImageScanner(this);
    connect(scanner_, &ImageScanner::rowsReady, this, [this](const std::vector<ImageRow>& rows) {
        model_->append(rows);
        summary_->setText(tr("Scanning ... %1 files").arg(model_->rowCount()));
    });
    connect(scanner_, &ImageScanner::finished, this, [this](int count, const QString& error) {
        const int usable = model_->usableCount();
        if (!error.isEmpty())
            summary_->setText(
                tr("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
        else
            summary_->setText(
                tr("%1 files, %2 usable, %3 flagged").arg(count).arg(usable).arg(count - usable));
        table_->resizeColumnToContents(ImageTableModel::Bytes);
        table_->resizeColumnToContents(ImageTableModel::Dimensions);
        updateCharts();
        emit scanFinished(count, usable, error);
    });
}

void ImagesTab::scan(const QString& dir) {
    folder_ = dir;
    detail_->setFolder(dir);
    detail_->showImage({});
    path_->setText(dir);
    model_->clear();
    summary_->setText(tr("Scanning %1 ...").arg(dir));
    scanner_->scan(dir);
}

void ImagesTab::setRecordStore(RecordStore* store) { detail_->setStore(store); }

void ImagesTab::selectRow(int row) {
    table_->setCurrentIndex(table_->model()->index(row, ImageTableModel::Name));
}

bool ImagesTab::selectImage(const QString& name) {
    const QAbstractItemModel* shown = table_->model();
    const auto found = shown->match(shown->index(0, ImageTableModel::Name), Qt::DisplayRole, name,
                                    1, Qt::MatchExactly);
    if (found.isEmpty()) return false;
    table_->setCurrentIndex(found.front());
    return true;
}

bool ImagesTab::isScanning() const { return scanner_->isScanning(); }

QList<ChartPanel*> ImagesTab::charts() const { return {sizeCdf_, pixelCdf_}; }

void ImagesTab::updateCharts() {
    CdfSample sizes{"remote", tr("this folder"), {}, false};
    CdfSample pixels{"remote", tr("this folder"), {}, false};
    for (const auto& r : model_->rows()) {
        if (!r.ok()) continue;
        sizes.values.push_back(double(r.bytes) / 1e6);
        pixels.values.push_back(double(r.width) * r.height / 1e6);
    }
    // The paper's image-1k reference: file sizes uniform over 0-10 MB.
    CdfSample uniform{"image-1k", tr("image-1k (paper, uniform 0-10 MB)"), {}, true};
    for (int i = 0; i < 100; ++i) uniform.values.push_back(0.05 + i * 0.1);
    const double maxMb =
        sizes.values.empty() ? 0 : *std::max_element(sizes.values.begin(), sizes.values.end());
    if (maxMb > 1.0)  // next to a folder of tiny files the reference only squashes the curve
        sizeCdf_->setSamples({sizes, uniform});
    else
        sizeCdf_->setSamples({sizes});
    pixelCdf_->setSamples({pixels});
}

}  // namespace pieslicer::ui
