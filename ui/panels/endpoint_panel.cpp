#include "panels/endpoint_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QtConcurrent>

#include "net/endpoint_client.h"

namespace pieslicer::ui {

namespace {
PingOutcome pingEndpoint(const QString& url) {
    PingOutcome out;
    if (url.isEmpty()) {
        out.error = QObject::tr("no URL");
        return out;
    }
    ClientConfig cc;
    cc.endpointUrl = url.toStdString();
    cc.emulateLink = false;  // the endpoint's own health, not the emulated link
    cc.connectTimeoutMs = 2000;
    cc.totalTimeoutMs = 4000;
    auto client = EndpointClient::create(cc);
    if (!client) {
        out.error = QString::fromStdString(client.error());
        return out;
    }
    auto ping = client.value()->ping();
    if (!ping) {
        out.error = QString::fromStdString(ping.error());
        return out;
    }
    out.ok = true;
    out.rttMs = ping->rttMs;
    out.offsetMs = ping->clockOffsetMs;
    return out;
}
}  // namespace

EndpointPanel::EndpointPanel(QWidget* parent) : QGroupBox(tr("Endpoint"), parent) {
    embedded_ = new QRadioButton(tr("Embedded (127.0.0.1)"));
    embedded_->setToolTip(tr("An endpoint inside this application, on the loopback interface"));
    remote_ = new QRadioButton(tr("Remote"));
    url_ = new QLineEdit;
    url_->setPlaceholderText("http://host:8080");
    url_->setToolTip(tr("URL of a pieslicer-server (or the prototype's endpoint)"));
    check_ = new QPushButton(tr("Ping"));
    check_->setToolTip(tr("GET /ping: round-trip time and clock offset"));
    health_ = new QLabel(tr("not checked"));
    health_->setWordWrap(true);
    health_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* remoteRow = new QHBoxLayout;
    remoteRow->addWidget(remote_);
    remoteRow->addWidget(url_, 1);
    auto* healthRow = new QHBoxLayout;
    healthRow->addWidget(health_, 1);
    healthRow->addWidget(check_);
    route_ = new QComboBox;
    route_->addItem(tr("/pieslicer: fixed model"), "pieslicer");
    route_->addItem(tr("/modipick: most accurate model in the SLA"), "modipick");
    route_->setToolTip(
        tr("/modipick runs the most accurate model of the endpoint's zoo whose measured\n"
           "inference time fits what the SLA leaves after pre-execution: time saved becomes\n"
           "accuracy (Compare tab). The zoo's weights are random: real compute, not labels."));
    sla_ = new QDoubleSpinBox;
    sla_->setRange(1, 600000);
    sla_->setDecimals(0);
    sla_->setSuffix(" ms");
    sla_->setToolTip(tr("t_sla sent with every request"));
    auto* routeRow = new QHBoxLayout;
    routeRow->addWidget(route_, 1);
    routeRow->addWidget(new QLabel(tr("SLA")));
    routeRow->addWidget(sla_);
    auto* form = new QVBoxLayout(this);
    form->addWidget(embedded_);
    form->addLayout(remoteRow);
    form->addLayout(healthRow);
    form->addLayout(routeRow);
    embedded_->setChecked(true);
    url_->setEnabled(false);
    connect(remote_, &QRadioButton::toggled, url_, &QWidget::setEnabled);
    connect(embedded_, &QRadioButton::toggled, this, &EndpointPanel::checkNow);
    connect(url_, &QLineEdit::editingFinished, this, &EndpointPanel::checkNow);
    connect(check_, &QPushButton::clicked, this, &EndpointPanel::checkNow);
    connect(&ping_, &QFutureWatcher<PingOutcome>::finished, this,
            [this] { showHealth(ping_.result()); });
    periodic_.setInterval(15000);
    connect(&periodic_, &QTimer::timeout, this, &EndpointPanel::checkNow);
    periodic_.start();
}

void EndpointPanel::apply(const DashboardConfig& c) {
    if (c.embedded()) {
        embedded_->setChecked(true);
    } else {
        remote_->setChecked(true);
        url_->setText(c.endpoint);
    }
    route_->setCurrentIndex(std::max(0, route_->findData(c.route)));
    sla_->setValue(c.slaMs);
    checkNow();
}

void EndpointPanel::fill(DashboardConfig& c) const {
    c.endpoint = embedded_->isChecked() ? QStringLiteral("embedded") : url_->text().trimmed();
    c.route = route_->currentData().toString();
    c.slaMs = sla_->value();
}

void EndpointPanel::setEmbeddedUrl(const QString& url, const QString& error) {
    embeddedUrl_ = url;
    embeddedError_ = error;
    checkNow();
}

QString EndpointPanel::effectiveUrl() const {
    return embedded_->isChecked() ? embeddedUrl_ : url_->text().trimmed();
}

QString EndpointPanel::healthText() const { return health_->text(); }

void EndpointPanel::checkNow() {
    if (ping_.isRunning()) return;
    const QString url = effectiveUrl();
    if (embedded_->isChecked() && url.isEmpty()) {
        showHealth({false, 0, 0,
                    embeddedError_.isEmpty() ? tr("embedded endpoint starts with the run")
                                             : embeddedError_});
        return;
    }
    health_->setText(tr("checking %1 ...").arg(url));
    ping_.setFuture(QtConcurrent::run(pingEndpoint, url));
}

void EndpointPanel::showHealth(const PingOutcome& p) {
    healthy_ = p.ok;
    const QString dot = p.ok ? "<span style='color:#2a9d4b'>&#9679;</span>"
                             : "<span style='color:#b00020'>&#9679;</span>";
    if (p.ok)
        health_->setText(tr("%1 healthy: RTT %2 ms, clock offset %3 ms")
                             .arg(dot)
                             .arg(p.rttMs, 0, 'f', 1)
                             .arg(p.offsetMs, 0, 'f', 1));
    else
        health_->setText(tr("%1 unreachable: %2").arg(dot, p.error.toHtmlEscaped()));
    emit checked(p.ok);
}

}  // namespace pieslicer::ui
