#pragma once
// Labels whose text changes with every batch of records (counts) are sized once, for the
// widest text they will show: a label that may change size asks the whole window to lay
// itself out again on each setText (milliseconds of GUI-thread work a batch, issue #15).
#include <QLabel>

namespace pieslicer::ui {

inline void fixLabelSize(QLabel* label, const QString& widest) {
    const QFontMetrics m = label->fontMetrics();
    label->setFixedSize(m.horizontalAdvance(widest) + 8, m.height() + 4);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

}  // namespace pieslicer::ui
