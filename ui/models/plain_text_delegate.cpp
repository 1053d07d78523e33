#include "models/plain_text_delegate.h"

#include <QApplication>
#include <QPainter>

namespace pieslicer::ui {

void PlainTextDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    const bool selected = option.state & QStyle::State_Selected;
    // The view's style still draws the selection and focus, as on every other table.
    QStyleOptionViewItem background(option);
    background.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &background, painter, widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty()) return;
    const QVariant foreground = index.data(Qt::ForegroundRole);
    QColor color = selected ? option.palette.color(QPalette::HighlightedText)
                            : option.palette.color(QPalette::Text);
    if (!selected && foreground.canConvert<QBrush>()) color = foreground.value<QBrush>().color();
    const QVariant align = index.data(Qt::TextAlignmentRole);
    const int flags = align.isValid() ? align.toInt() : int(Qt::AlignLeft | Qt::AlignVCenter);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect box = option.rect.adjusted(margin, 0, -margin, 0);
    painter->save();
    painter->setPen(color);
    painter->setFont(option.font);
    painter->drawText(box, flags, option.fontMetrics.elidedText(text, Qt::ElideRight, box.width()));
    painter->restore();
}

}  // namespace pieslicer::ui
