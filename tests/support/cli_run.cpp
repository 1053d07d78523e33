#include "support/cli_run.h"

#include <QProcess>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>

#include "support/support.h"

namespace pieslicer::test {

bool runCli(const QStringList& args, QString* err) {
    QProcess p;
    p.start(cliPath(), args);
    if (!p.waitForFinished(120000)) return false;
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

nlohmann::json readJsonFile(const QString& path) {
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in, nullptr, false);
}

}  // namespace pieslicer::test

namespace pieslicer::test {
namespace {

// What a replay keeps of a measurement: the device's stages and the time after the last byte.
double reusedMs(const RequestRecord& r) {
    const double arrived = r.server_last_byte_after - r.network_offset;
    const double after = r.server_last_byte_after > 0 ? r.time_local_remote - arrived : 0;
    return r.time_local_preprocess + after;
}

}  // namespace

std::string reusedPartsDiffer(const std::vector<RequestRecord>& source,
                              const std::vector<RequestRecord>& real, double share) {
    std::map<std::tuple<std::string, std::string, std::string>, const RequestRecord*> measured;
    for (const auto& r : real)
        if (r.ok()) measured[{r.device, r.image_name_orig, r.preprocess_location}] = &r;
    std::string worst;
    double worstMs = 0;
    for (const auto& r : source) {
        if (!r.ok()) continue;
        const auto it = measured.find({r.device, r.image_name_orig, r.preprocess_location});
        if (it == measured.end()) continue;
        const double gap = std::abs(reusedMs(r) - reusedMs(*it->second));
        if (gap <= 10 || gap <= share * it->second->preexecution_time || gap <= worstMs) continue;
        worstMs = gap;
        worst = r.image_name_orig + " (" + r.preprocess_location +
                "): " + std::to_string(int(reusedMs(r))) +
                " ms of device stages and time after the "
                "upload in the source run, " +
                std::to_string(int(reusedMs(*it->second))) + " ms in the real run";
    }
    return worst;
}

}  // namespace pieslicer::test
