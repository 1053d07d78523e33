#include "run/run_session.h"

#include <QThread>
#include <atomic>
#include <chrono>
#include <mutex>

#include "model/cost_profile.h"
#include "run/experiment.h"
#include "run/presets.h"
#include "run/run_profile.h"
#include "run/strategy_catalog.h"
#include "strategy/strategy_factory.h"
#include "window/embedded_endpoint.h"

namespace pieslicer::ui {

struct RunShared {
    RunControl control;
    std::mutex mutex;  // guards everything below
    LinkShape link;
    // Per record in order: ms from the runner's start (where it sets the run's link, so
    // a trace's time 0 to within a few ms) until the record was handed over.
    std::vector<double> recordAtMs;
    bool stopped = false;  // outcome, written by the worker before its thread ends
    QString error;
};

namespace {

// Hands each record to the feed after noting when it was measured, from now on.
std::function<void(const RequestRecord&, const RunProgress&)> timedFeed(
    RecordFeed* feed, std::shared_ptr<RunShared> shared) {
    const auto from = std::chrono::steady_clock::now();
    return [feed, shared, from](const RequestRecord& r, const RunProgress& p) {
        const std::chrono::duration<double, std::milli> at =
            std::chrono::steady_clock::now() - from;
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->recordAtMs.push_back(at.count());
        }
        feed->push(r, p);  // after its time: the GUI finds one for every record it gets
    };
}

}  // namespace

ExperimentConfig toExperimentConfig(const DashboardConfig& c, const QString& endpointUrl) {
    ExperimentConfig e;
    e.images = c.imagesDir.toStdString();
    e.endpointUrl = endpointUrl.toStdString();
    e.repeat = c.repeat;
    e.independentMeasurements = c.independentMeasurements;
    e.runTag = "dashboard";
    e.link.uplinkBitsPerSecond = bitsPerSecondFromMbps(c.uplinkMbps);
    e.link.rttMs = c.rttMs;
    e.link.tcp = c.tcp;
    e.link.warmConnection = c.tcp == TcpModel::Linux && c.warmConnection;
    // The trace file is the Network panel's to load (once, so a run keeps its clock):
    // RunSession::start takes it from the link set there.
    e.measurement.preprocess.target = c.target;
    e.measurement.preprocess.jpegQuality = c.quality;
    e.measurement.device = c.device();
    e.measurement.route = c.route == "modipick" ? kModiPickRoute : kPieSlicerRoute;
    e.measurement.slaMs = c.slaMs;
    if (c.embedded()) e.inProcessZoo = embeddedZoo();
    return e;
}

RunSession::RunSession(QObject* parent) : QObject(parent), shared_(std::make_shared<RunShared>()) {
    feed_ = new RecordFeed(kFrameMs, this);
    connect(feed_, &RecordFeed::recordsReady, this, &RunSession::recordsReady);
    connect(feed_, &RecordFeed::progress, this, &RunSession::progress);
}

RunSession::~RunSession() {
    if (thread_) {
        // Only at shutdown: the request in flight is abandoned (an endpoint may never
        // finish it), then the run thread ends.
        shared_->control.abandon = true;
        shared_->control.stop = true;
        shared_->control.pause = false;
        feed_->close();  // a producer waiting for the GUI to drain would never be woken
        thread_->wait();
    }
}

bool RunSession::start(const DashboardConfig& config, const QString& endpointUrl, QString* error,
                       const QString& autosaveCsv) {
    if (running_) {
        if (error) *error = tr("a run is already going on");
        return false;
    }
    if (config.deviceMode == "profile" && config.profilePath.isEmpty()) {
        if (error)
            *error =
                tr("choose a cost profile in the Device panel, or calibrate in the Models tab");
        return false;
    }
    // On "this machine" with nothing to predict from, the worker calibrates first (core's
    // rule, as in the CLI). Ids and a chosen profile are checked here, on the GUI thread.
    auto choice = runProfileChoice(config);
    if (!choice) {
        if (error) *error = QString::fromStdString(choice.error());
        return false;
    }
    const bool calibrateFirst = needsCalibrationFirst(choice.value());
    auto strategies =
        makeStrategies(choice->strategyIds, calibrateFirst ? paperProfile() : choice->profile);
    if (!strategies) {
        if (error) *error = QString::fromStdString(strategies.error());
        return false;
    }
    const LinkShape link = this->link();
    shared_ = std::make_shared<RunShared>();
    shared_->link = link;
    auto shared = shared_;
    shared->control.linkForNextRequest = [weak = std::weak_ptr<RunShared>(shared)] {
        auto s = weak.lock();
        if (!s) return LinkShape{};
        std::lock_guard<std::mutex> lock(s->mutex);
        return s->link;
    };
    ExperimentConfig ec = toExperimentConfig(config, endpointUrl);
    ec.outCsv = autosaveCsv.toStdString();
    if (!calibrateFirst && choice->profile)
        ec.measurement.profileDevice = profileDeviceLabel(*choice->profile);
    ec.link = link;
    RecordFeed* feed = feed_;  // outlives the thread: ~RunSession joins it first
    auto say = [this](const std::string& text) {
        const QString t = QString::fromStdString(text);
        QMetaObject::invokeMethod(
            this, [this, t] { emit message(t); }, Qt::QueuedConnection);
    };
    auto prepared =
        std::make_shared<std::vector<std::unique_ptr<Strategy>>>(std::move(strategies.value()));
    thread_ = QThread::create([ec, prepared, shared, feed, say, calibrateFirst,
                               runChoice = choice.value()]() mutable {
        if (calibrateFirst) {
            say("no profile for " + ec.measurement.device.label() + " yet: calibrating on up to " +
                std::to_string(kRunCalibrationImages) + " of these images first");
            auto made = prepareRunStrategies(runChoice, ec, say, &shared->control.stop);
            if (!made) {
                std::lock_guard<std::mutex> lock(shared->mutex);
                shared->stopped = bool(shared->control.stop);
                shared->error = QString::fromStdString(made.error());
                return;
            }
            *prepared = std::move(made->strategies);
            if (made->profile) ec.measurement.profileDevice = profileDeviceLabel(*made->profile);
        }
        if (const auto* p = runChoice.profile.get(); p && !calibrateFirst) {
            const std::string mismatch = profileMismatch(*p, ec.measurement.device);
            if (!mismatch.empty())
                say("warning: " + mismatch + ": predictions describe another device");
        }
        ExperimentRunner runner(ec, std::move(*prepared));
        runner.onRecord(timedFeed(feed, shared));
        runner.onMessage(say);
        auto result = runner.run(shared->control);
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->stopped = result.ok() ? result->stopped : bool(shared->control.stop);
        shared->error = result.ok() ? QString() : QString::fromStdString(result.error());
    });
    thread_->setObjectName("pieslicer-run");
    // QThread::finished arrives queued once the thread has ended: no wait() needed.
    connect(thread_, &QThread::finished, this, [this, shared] {
        bool stopped;
        QString err;
        {
            std::lock_guard<std::mutex> lock(shared->mutex);
            stopped = shared->stopped;
            err = shared->error;
        }
        onWorkerDone(stopped, err);
    });
    running_ = true;
    thread_->start();
    emit started();
    return true;
}

void RunSession::onWorkerDone(bool stopped, const QString& error) {
    feed_->drain(true);  // everything measured reaches the GUI before `finished`
    if (thread_) {
        thread_->deleteLater();
        thread_ = nullptr;
    }
    running_ = false;
    emit finished(stopped, error);
}

bool RunSession::isPaused() const { return shared_->control.pause; }

void RunSession::requestStop() {
    shared_->control.stop = true;
    shared_->control.pause = false;
}

void RunSession::setPaused(bool paused) { shared_->control.pause = paused; }

void RunSession::setLink(const LinkShape& link) {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->link = link;
}

std::vector<double> RunSession::recordTimesMs(std::size_t first, std::size_t count) const {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    const auto& at = shared_->recordAtMs;
    if (first >= at.size()) return {};
    return {at.begin() + std::ptrdiff_t(first),
            at.begin() + std::ptrdiff_t(std::min(at.size(), first + count))};
}

LinkShape RunSession::link() const {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->link;
}

}  // namespace pieslicer::ui
