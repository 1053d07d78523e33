#include "dashboard_options.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include "domain/device_emulation.h"
#include "domain/model_input.h"
#include "net/delivery_trace.h"
#include "run/presets.h"
#include "run/strategy_catalog.h"
#include "run/sweep_grid.h"
#include "util/units.h"

namespace pieslicer::ui {

void DashboardOptions::applyTo(DashboardConfig& c) const {
    if (images) c.imagesDir = *images;
    if (endpoint) c.endpoint = *endpoint;
    if (preset) {
        if (const auto* p = findNetworkPreset(*preset)) {
            c.networkPreset = p->id;
            c.uplinkMbps = p->uplinkMbps;
            c.rttMs = p->rttMs;
            c.tcp = p->tcp;
        }
    }
    if (uplinkMbps) c.uplinkMbps = *uplinkMbps, c.networkPreset = "custom";
    if (rttMs) c.rttMs = *rttMs, c.networkPreset = "custom";
    // A link spelled out on the command line means what it means to the CLI: a fixed rate
    // and an ideal pipe unless --tcp or --uplink-trace say otherwise.
    if (!preset && (uplinkMbps || rttMs)) c.tcp = TcpModel::Ideal;
    if (preset || uplinkMbps) c.uplinkTrace.clear();
    if (tcp) c.tcp = *tcp;
    if (warmConnection) c.warmConnection = true;
    if (uplinkTrace) c.uplinkTrace = *uplinkTrace;
    if (strategies) c.strategies = *strategies;
    if (repeat) c.repeat = *repeat;
    if (independent) c.independentMeasurements = true;
    if (target) c.target = *target;
    if (quality) c.quality = *quality;
    if (profile) c.profilePath = *profile;
    if (route) c.route = *route;
    if (slaMs) c.slaMs = *slaMs;
    if (device) {
        const QString d = *device;
        if (d == "this") {
            c.deviceMode = "this";
            c.slowdown = 1;
        } else if (d.startsWith("profile:")) {
            c.deviceMode = "profile";
            c.profilePath = d.mid(8);
        } else {
            c.deviceMode = "emulated";
            const QString name = d.section(':', 0, 0);
            c.emulatedDevice = name;
            const auto* p = findDevicePreset(name);
            c.slowdown = d.contains(':') ? d.section(':', 1).toDouble() : (p ? p->slowdown : 4.0);
        }
    }
    if (emulation) c.emulation = *emulation;
    c.clamp();
}

namespace {

template <typename T>
std::string errorOf(const Expected<T>& e) {
    return e ? std::string() : e.error();
}

}  // namespace

std::optional<DashboardOptions> parseDashboardOptions(const QStringList& args, QString* error,
                                                      QCommandLineParser* external) {
    QCommandLineParser local;
    QCommandLineParser& p = external ? *external : local;
    p.setApplicationDescription(
        "PieSlicer Dashboard: measure on-device vs in-cloud preprocessing orders for cloud CNN "
        "inference\n"
        "(Ogden, Kong, Guo, ICPE'21). Without options it opens on sample_images/ with an embedded "
        "endpoint.");
    p.addHelpOption();
    p.addVersionOption();
    QString presetIds;
    for (const auto& n : networkPresets()) presetIds += (presetIds.isEmpty() ? "" : ", ") + n.id;
    p.addOptions({
        {"images", "Folder of images (searched recursively).", "dir"},
        {"endpoint", "'embedded' (default) or the URL of a pieslicer-server.", "url"},
        {"uplink", "Emulated uplink rate, e.g. 8mbit, 500kbit (0.1-100 Mbit/s).", "rate"},
        {"rtt", "Emulated round-trip time, e.g. 40ms.", "time"},
        {"preset", "Network preset: " + presetIds + " (all but lan use linux TCP).", "id"},
        {"tcp",
         "How the sender's bytes enter the link: 'ideal' (a full pipe) or 'linux' (handshake, "
         "initial window 10, slow start, restart after idle).",
         "model"},
        {"warm-connection",
         "With --tcp linux: back-to-back uploads keep the window they grew (by default each "
         "photo starts from the initial window, as uploads seconds apart do)."},
        {"uplink-trace",
         "Mahimahi delivery trace driving the uplink instead of a fixed rate ('none' for none).",
         "file"},
        {"strategies", "Comma-separated strategy ids (e.g. static-device,static-cloud,pieslicer).",
         "ids"},
        {"repeat", "Measure every image with every strategy N times.", "N"},
        {"independent",
         "Send a request per strategy (by default strategies that choose the same order for "
         "an image share one measurement)."},
        {"device",
         "'this', 'profile:<file.json>', or an emulated phone '<name>[:k]' (Nexus 5, Moto X, Pixel "
         "2).",
         "device"},
        {"emulation",
         "How an emulated phone is emulated: 'scaled' (work here stretched k times; predicted by "
         "a calibration of that device) or 'paper-model' (charged the paper's f of the phone "
         "plus a 10% log-normal residual).",
         "mode"},
        {"profile", "Cost profile JSON for model-based strategies.", "file"},
        {"target", "Model input side: 224, 299 or 331.", "px"},
        {"quality", "On-device JPEG quality (1-100).", "q"},
        {"route",
         "The endpoint's route: 'pieslicer' (its fixed model) or 'modipick' (the most accurate "
         "model that fits what is left of the SLA; the zoo's weights are random).",
         "route"},
        {"sla", "t_sla sent to the endpoint, e.g. 1000ms. Default 1000.", "time"},
        {"open", "Open a saved experiment (.pieslicer.json).", "file"},
        {"autorun", "Start the run as soon as the window is up."},
        {"export-dir",
         "When the run ends, write records.csv, experiment.pieslicer.json and every chart "
         "(PNG, SVG, PDF) into this folder.",
         "dir"},
        {"summary-json",
         "When the run ends, write the Compare tab's scores with their 95% intervals and the "
         "run's configuration as JSON (as pieslicer-cli run --summary-json).",
         "file"},
        {"decisive-margin",
         "Images whose two orders differ by more than PCT% of the faster are decisive "
         "(decisive F1); the rest are near-ties. Default 10.",
         "pct"},
        {"bootstrap", "Resamples of the images for the 95% intervals (0: none). Default 1000.",
         "N"},
        {"bootstrap-seed", "Seed of the resampling. Default 1.", "seed"},
        {"quit-when-done", "Quit after the run (and the export) ends; exit code 0 on success."},
        {"no-settings", "Neither read nor save the remembered settings."},
        {"change-uplink-after",
         "Scripted link change: after N requests set the uplink to RATE (N:RATE, e.g. 40:2mbit).",
         "N:rate"},
        {"sweep-uplinks",
         "With --autorun: a sweep instead of a run, over these uplinks (rates, named networks "
         "or trace files; comma-separated, as pieslicer-cli sweep --uplinks).",
         "list"},
        {"sweep-rtts", "The sweep's RTTs (durations, or auto). Default auto.", "list"},
        {"sweep-devices",
         "The sweep's devices: this machine, Pixel 2, Pixel 2:k6, Pixel 2:paper, k3. Default "
         "this machine.",
         "list"},
        {"sweep-tcp", "The sweep's TCP models: ideal, linux. Default ideal.", "list"},
        {"tab", "Tab to show: images, live, compare, models, results or sweep.", "name"},
        {"screenshot", "When the run (and export) ends, save a PNG of the window.", "file"},
        {"select",
         "Before the screenshot, select this image (its name in the folder) in the Images tab, "
         "or its first record in the Results tab with --tab results: the detail pane shows it.",
         "name"},
    });
    if (!p.parse(args)) {
        if (error) *error = p.errorText();
        return std::nullopt;
    }
    DashboardOptions o;
    auto bad = [&](const QString& text) {
        if (error) *error = text;
        return std::nullopt;
    };
    if (p.isSet("images")) o.images = p.value("images");
    if (p.isSet("endpoint")) o.endpoint = p.value("endpoint");
    if (p.isSet("uplink")) {
        auto bps = parseBitRate(p.value("uplink").toStdString());
        if (!bps || *bps < 0.1e6 || *bps > 100e6)
            return bad(QString("--uplink %1: expected a rate from 100kbit to 100mbit")
                           .arg(p.value("uplink")));
        o.uplinkMbps = mbpsFromBitsPerSecond(*bps);
    }
    if (p.isSet("rtt")) {
        auto ms = parseDurationMs(p.value("rtt").toStdString());
        if (!ms || *ms < 0 || *ms > 5000)
            return bad(QString("--rtt %1: expected a duration from 0 to 5s, e.g. 40ms")
                           .arg(p.value("rtt")));
        o.rttMs = *ms;
    }
    if (p.isSet("preset")) {
        if (!findNetworkPreset(p.value("preset")))
            return bad(QString("--preset %1: unknown (%2)").arg(p.value("preset"), presetIds));
        o.preset = p.value("preset");
    }
    if (p.isSet("tcp")) {
        o.tcp = parseTcpModel(p.value("tcp").toStdString());
        if (!o.tcp) return bad(QString("--tcp %1: expected ideal or linux").arg(p.value("tcp")));
    }
    o.warmConnection = p.isSet("warm-connection");
    if (o.warmConnection) {
        const auto* preset = o.preset ? findNetworkPreset(*o.preset) : nullptr;
        const TcpModel tcp = o.tcp ? *o.tcp : preset ? preset->tcp : TcpModel::Ideal;
        if (tcp != TcpModel::Linux)
            return bad("--warm-connection needs --tcp linux (an ideal pipe has no window to keep)");
    }
    if (p.isSet("uplink-trace")) {
        const QString path = p.value("uplink-trace");
        if (path.isEmpty() || path == "none") {
            o.uplinkTrace = QString();
        } else {
            auto trace = DeliveryTrace::load(path.toStdString());
            if (!trace) return bad("--uplink-trace: " + QString::fromStdString(trace.error()));
            o.uplinkTrace = QFileInfo(path).absoluteFilePath();
        }
    }
    if (p.isSet("strategies")) {
        QStringList ids;
        QStringList known;
        for (const auto& s : availableStrategies()) known << s.id;
        for (const auto& s : p.value("strategies").split(',', Qt::SkipEmptyParts)) {
            const QString id = s.trimmed();
            if (!known.contains(id))
                return bad(QString("--strategies: unknown strategy '%1' (known: %2)")
                               .arg(id, known.join(", ")));
            ids << id;
        }
        if (ids.isEmpty()) return bad("--strategies: empty list");
        o.strategies = ids;
    }
    auto intOpt = [&](const char* name, int lo, int hi, std::optional<int>& out) -> bool {
        if (!p.isSet(name)) return true;
        bool ok = false;
        const int v = p.value(name).toInt(&ok);
        if (!ok || v < lo || v > hi) {
            if (error)
                *error = QString("--%1 %2: expected an integer from %3 to %4")
                             .arg(name, p.value(name))
                             .arg(lo)
                             .arg(hi);
            return false;
        }
        out = v;
        return true;
    };
    if (!intOpt("repeat", 1, 1000, o.repeat) || !intOpt("quality", 1, 100, o.quality) ||
        !intOpt("target", 1, 10000, o.target))
        return std::nullopt;
    if (o.target && !isModelInputSide(*o.target))
        return bad(QString("--target %1: expected %2").arg(*o.target).arg(kModelInputSidesText));
    if (p.isSet("route")) {
        if (p.value("route") != "pieslicer" && p.value("route") != "modipick")
            return bad(QString("--route %1: expected pieslicer or modipick").arg(p.value("route")));
        o.route = p.value("route");
    }
    if (p.isSet("sla")) {
        const auto sla = parseDurationMs(p.value("sla").toStdString());
        if (!sla || *sla < 1) return bad(QString("--sla %1: expected a time").arg(p.value("sla")));
        o.slaMs = *sla;
    }
    if (p.isSet("device")) {
        const QString d = p.value("device");
        if (d.contains(':') && !d.startsWith("profile:")) {
            bool ok = false;
            const double k = d.section(':', 1).toDouble(&ok);
            if (!ok || !(k >= 1 && k <= 100))
                return bad(
                    QString("--device %1: expected a slowdown from 1 to 100 after ':'").arg(d));
        }
        o.device = d;
    }
    if (p.isSet("profile")) o.profile = p.value("profile");
    if (p.isSet("emulation")) {
        const auto mode = parseEmulationMode(p.value("emulation").toStdString());
        if (!mode || *mode == EmulationMode::None)
            return bad(QString("--emulation %1: expected scaled or paper-model")
                           .arg(p.value("emulation")));
        o.emulation = p.value("emulation");
    }
    o.openExperiment = p.value("open");
    o.exportDir = p.value("export-dir");
    o.summaryJson = p.value("summary-json");
    if (p.isSet("decisive-margin")) {
        QString text = p.value("decisive-margin");
        if (text.endsWith('%')) text.chop(1);
        bool ok = false;
        const double pct = text.toDouble(&ok);
        if (!ok || !(pct >= 0 && pct <= 1000))  // nan too: toDouble("nan") is ok
            return bad(QString("--decisive-margin %1: expected a percentage from 0 to 1000")
                           .arg(p.value("decisive-margin")));
        o.scoring.decisiveMargin = pct / 100;
    }
    if (p.isSet("bootstrap")) {
        bool ok = false;
        const int n = p.value("bootstrap").toInt(&ok);
        if (!ok || n < 0 || n > 1000000)
            return bad(QString("--bootstrap %1: expected resamples from 0 to 1000000")
                           .arg(p.value("bootstrap")));
        o.scoring.bootstrap.resamples = n;
    }
    if (p.isSet("bootstrap-seed")) {
        bool ok = false;
        const qulonglong seed = p.value("bootstrap-seed").toULongLong(&ok);
        if (!ok)
            return bad(QString("--bootstrap-seed %1: expected a non-negative integer")
                           .arg(p.value("bootstrap-seed")));
        o.scoring.bootstrap.seed = seed;
    }
    if (p.isSet("sweep-uplinks")) {
        DashboardOptions::SweepLists lists;
        lists.uplinks = p.value("sweep-uplinks");
        if (p.isSet("sweep-rtts")) lists.rtts = p.value("sweep-rtts");
        if (p.isSet("sweep-devices")) lists.devices = p.value("sweep-devices");
        if (p.isSet("sweep-tcp")) lists.tcp = p.value("sweep-tcp");
        // core's parsers, so a bad item fails here rather than after the window is up
        for (const std::string& e : {errorOf(parseSweepUplinks(lists.uplinks.toStdString())),
                                     errorOf(parseSweepRtts(lists.rtts.toStdString())),
                                     errorOf(parseSweepDevices(lists.devices.toStdString())),
                                     errorOf(parseSweepTcps(lists.tcp.toStdString()))})
            if (!e.empty()) return bad(QString::fromStdString(e));
        o.sweep = lists;
    } else if (p.isSet("sweep-rtts") || p.isSet("sweep-devices") || p.isSet("sweep-tcp")) {
        return bad("--sweep-rtts, --sweep-devices and --sweep-tcp need --sweep-uplinks");
    }
    o.screenshot = p.value("screenshot");
    if (p.isSet("change-uplink-after")) {
        const QString v = p.value("change-uplink-after");
        bool ok = false;
        const int n = v.section(':', 0, 0).toInt(&ok);
        auto bps = parseBitRate(v.section(':', 1).toStdString());
        if (!ok || n < 0 || !bps || *bps < 0.1e6 || *bps > 100e6)
            return bad(QString("--change-uplink-after %1: expected N:RATE, e.g. 40:2mbit").arg(v));
        o.changeUplinkAfter = n;
        o.changedUplinkMbps = mbpsFromBitsPerSecond(*bps);
    }
    o.tab = p.value("tab").toLower();
    if (!o.tab.isEmpty() &&
        !QStringList{"images", "live", "compare", "models", "results", "sweep"}.contains(o.tab))
        return bad(QString("--tab %1: expected images, live, compare, models, results or sweep")
                       .arg(o.tab));
    o.select = p.value("select");
    o.autorun = p.isSet("autorun");
    o.independent = p.isSet("independent");
    o.quitWhenDone = p.isSet("quit-when-done");
    o.noSettings = p.isSet("no-settings");
    return o;
}

}  // namespace pieslicer::ui
