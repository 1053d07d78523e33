// The Results table at a study's scale (issue #15): sorting and regex filtering run on a
// worker over the columns and land in the table; rows that arrive meanwhile are filtered
// too; the model shows cells straight from the columns.
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "models/record_query.h"
#include "models/record_table_model.h"
#include "run/record_store.h"
#include "tabs/results_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

RequestRecord record(int i) {
    static const char* strategies[] = {"static-device", "static-cloud", "pieslicer"};
    RequestRecord r;
    r.strategy = strategies[i % 3];
    r.image_name_orig = "img_" + std::to_string(i % 97) + ".jpg";
    r.preexecution_time = double((i * 7919) % 10007) + 0.25;
    r.http_status = i % 11 ? 200 : 500;
    return r;
}

std::vector<RequestRecord> records(int first, int count) {
    std::vector<RequestRecord> out;
    for (int i = first; i < first + count; ++i) out.push_back(record(i));
    return out;
}

}  // namespace

class TestResultsTable : public QObject {
    Q_OBJECT
  private slots:
    void queryFiltersAnyColumnAndSortsStably() {
        ColumnarRecords cols;
        for (const auto& r : records(0, 3000)) cols.append(r);
        const RecordColumnsView view = cols.view();
        RecordQuery q;
        q.pattern = "^500$";  // a number column, matched as shown
        auto rows = runRecordQuery(view, q);
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t((3000 + 10) / 11));
        q.pattern.clear();
        q.sortColumn = RecordColumnsView::columnOf("strategy");
        rows = runRecordQuery(view, q);
        QCOMPARE(rows->size(), std::size_t(3000));
        QCOMPARE(view.text(rows->front(), std::size_t(q.sortColumn)),
                 std::string_view("pieslicer"));
        QCOMPARE(rows->front(), 2u);  // ties keep arrival order
        QCOMPARE(rows->at(1), 5u);
        q.pattern = "([";  // broken: matches nothing, does not throw
        QCOMPARE(runRecordQuery(view, q)->size(), std::size_t(0));
        // A literal no number shows skips the number columns, and still finds its text;
        // one a number could show, or any regular expression, looks at them too.
        QVERIFY(!patternCanMatchANumber("static-cloud"));
        QVERIFY(patternCanMatchANumber("1e+06"));
        QVERIFY(patternCanMatchANumber("NaN"));
        QVERIFY(patternCanMatchANumber("cloud|500"));
        q.pattern = "static-CLOUD";
        q.sortColumn = -1;
        QCOMPARE(runRecordQuery(view, q)->size(), std::size_t(1000));
        q.pattern = "0.25";  // preexecution_time (i * 7919) % 10007 + 0.25: i = 0 shows 0.25
        QVERIFY(runRecordQuery(view, q)->size() > 0);
        // Cancelled: nothing.
        q.pattern = "img";
        QVERIFY(!runRecordQuery(view, q, 0, [](std::size_t, std::size_t) { return false; }));
    }

    void aTailModelShowsOnlyTheNewestRows() {
        RecordStore store;
        RecordTableModel m(&store);
        m.setTail(100);
        store.append(records(0, 60));
        QCOMPARE(m.rowCount(), 60);
        store.append(records(60, 940));
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.storeRow(0), std::size_t(900));
        // Rows are numbered as the records they show: the first is record 901.
        QCOMPARE(m.headerData(0, Qt::Vertical).toULongLong(), 901ull);
        QCOMPARE(m.headerData(99, Qt::Vertical).toULongLong(), 1000ull);
        const int image = m.columnOf("image_name_orig");
        QCOMPARE(m.data(m.index(99, image)).toString(), QString("img_%1.jpg").arg(999 % 97));
        store.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    // A full tail slides in place: no row inserted or removed, every row a newer record.
    void aFullTailSlidesInPlace() {
        RecordStore store;
        RecordTableModel m(&store);
        m.setTail(100);
        m.setSlideInPlace(true);
        store.append(records(0, 150));
        QCOMPARE(m.rowCount(), 100);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        store.append(records(150, 30));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.storeRow(0), std::size_t(80));
        QCOMPARE(m.storeRow(99), std::size_t(179));
        QCOMPARE(m.headerData(99, Qt::Vertical).toULongLong(), 180ull);
        const int image = m.columnOf("image_name_orig");
        QCOMPARE(m.data(m.index(99, image)).toString(), QString("img_%1.jpg").arg(179 % 97));
        // Slides right after it are announced once, when the repaint interval ends; the rows
        // read the newest records at once.
        store.append(records(180, 10));
        store.append(records(190, 10));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.storeRow(99), std::size_t(199));
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 5 * RecordTableModel::kSlideRepaintMs);
        QTest::qWait(2 * RecordTableModel::kSlideRepaintMs);
        QCOMPARE(changed.count(), 2);  // nothing more to tell
        // With a selection the rows move with their records again.
        m.setSlideInPlace(false);
        store.append(records(200, 5));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(m.storeRow(99), std::size_t(204));
    }

    // The tables paint cells as plain text (PlainTextDelegate): a failed request's row in
    // red, a selected row in the highlight's colour.
    void cellsPaintTheirColoursAndTheSelection() {
        RecordStore store;
        auto rs = records(0, 6);
        rs[3].status = "error";
        store.append(rs);
        ResultsTab tab(&store);
        tab.resize(900, 400);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QTableView* view = tab.table();
        const int strategy = tab.model()->columnOf("strategy");
        view->scrollTo(tab.model()->index(0, strategy));
        auto cellImage = [&](int row) {
            return view->viewport()
                ->grab(view->visualRect(tab.model()->index(row, strategy)))
                .toImage();
        };
        auto count = [](const QImage& img, auto pred) {
            int n = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x) n += pred(img.pixelColor(x, y));
            return n;
        };
        auto reddish = [](const QColor& c) {
            return c.red() > 120 && c.green() < 80 && c.blue() < 80;
        };
        QVERIFY(count(cellImage(3), reddish) > 10);  // the error row's text
        QCOMPARE(count(cellImage(2), reddish), 0);   // an ok row's is not red
        QVERIFY(count(cellImage(2), [](const QColor& c) { return c.lightness() < 100; }) > 10);
        view->selectRow(1);
        const QColor highlight = view->palette().color(QPalette::Highlight);
        const QImage selected = cellImage(1);
        QVERIFY(count(selected, [&](const QColor& c) { return c == highlight; }) >
                selected.width() * selected.height() / 2);
    }

    void tableSortsAndFiltersOnAWorker() {
        RecordStore store;
        store.append(records(0, 30000));
        ResultsTab tab(&store);
        tab.resize(900, 500);
        tab.show();
        // Every column's name fits its header (image_name_orig and others were cut).
        const auto* header = tab.table()->horizontalHeader();
        for (int c = 0; c < tab.model()->columnCount(); ++c) {
            const QString name = tab.model()->headerData(c, Qt::Horizontal).toString();
            QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(name),
                     qPrintable(name));
        }
        QSignalSpy applied(&tab, &ResultsTab::queryApplied);
        const int pre = tab.model()->columnOf("preexecution_time");
        tab.sortBy(pre, Qt::DescendingOrder);
        QVERIFY(tab.busy() || applied.count() == 1);
        QTRY_COMPARE(applied.count(), 1);
        auto* m = tab.model();
        QCOMPARE(m->rowCount(), 30000);
        double previous = 1e300;
        for (int row = 0; row < m->rowCount(); row += 97) {
            const double v = m->data(m->index(row, pre), Qt::UserRole).toDouble();
            QVERIFY(v <= previous);
            previous = v;
        }
        const int strategy = tab.model()->columnOf("strategy");
        tab.setFilter("static-CLOUD", strategy);
        QTRY_COMPARE(applied.count(), 2);
        QCOMPARE(m->rowCount(), 10000);
        for (int row = 0; row < m->rowCount(); row += 101)
            QCOMPARE(m->data(m->index(row, strategy)).toString(), QString("static-cloud"));
        // Rows arriving under a filter: only matches are added.
        store.append(records(30000, 3000));
        QTRY_COMPARE(m->rowCount(), 11000);
        // No filter, arrival order: every row again.
        tab.setFilter(QString(), -1);
        tab.sortBy(-1, Qt::AscendingOrder);
        QTRY_COMPARE(m->rowCount(), 33000);
        QCOMPARE(m->data(m->index(5, strategy)).toString(), QString("pieslicer"));
    }
};

QTEST_MAIN(TestResultsTable)
#include "test_results_table.moc"
