#pragma once
// Picks the uplink's Mahimahi delivery trace: none, a shipped one from resources/traces/,
// or any file; shows the loaded trace's name and mean rate, or why a file was refused.
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;

namespace pieslicer {
class DeliveryTrace;
}

namespace pieslicer::ui {

class TraceChooser : public QWidget {
    Q_OBJECT
  public:
    explicit TraceChooser(QWidget* parent = nullptr);

    // Loads `path` (empty: no trace). A file that does not load is an inline error: the
    // previous trace stays, and false is returned with `error` set.
    bool setPath(const QString& path, QString* error = nullptr);
    QString path() const { return path_; }
    std::shared_ptr<const DeliveryTrace> trace() const { return trace_; }
    QString infoText() const;
    bool showsError() const { return showsError_; }

    static constexpr qint64 kMaxTraceBytes = 64 << 20;  // read on the GUI thread: keep it quick

  signals:
    void changed();

  private:
    void onActivated(int index);
    void syncCombo();
    void showInfo(const QString& text, bool error);

    QComboBox* combo_;
    QLabel* info_;
    QString path_;
    std::shared_ptr<const DeliveryTrace> trace_;
    bool showsError_ = false;
};

}  // namespace pieslicer::ui
