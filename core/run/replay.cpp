#include "run/replay.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run/emulated_device.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/retime.h"
#include "run/strategy_rows.h"
#include "strategy/strategy_factory.h"

namespace pieslicer {
namespace {

// The rows of one (image, repeat): what the run measured for that image.
struct Round {
    std::vector<const RequestRecord*> rows;
};

std::vector<Round> roundsOf(const std::vector<RequestRecord>& records) {
    std::vector<Round> rounds;
    std::map<std::pair<std::string, int>, std::size_t> index;
    for (const auto& r : records) {
        const auto [it, added] =
            index.emplace(std::make_pair(r.image_name_orig, r.repeat), rounds.size());
        if (added) rounds.emplace_back();
        rounds[it->second].rows.push_back(&r);
    }
    return rounds;
}

// The round's measurement of `order`: a successful one, else a failed one (replayed as the
// failure it was), else none.
const RequestRecord* measurementOf(const Round& round, Placement order) {
    const RequestRecord* failed = nullptr;
    for (const RequestRecord* r : round.rows) {
        if (r->placement() != order) continue;
        if (r->ok()) return r;
        if (!failed) failed = r;
    }
    return failed;
}

std::vector<std::string> strategiesOfRecords(const std::vector<RequestRecord>& records) {
    std::vector<std::string> ids;
    for (const auto& r : records)
        if (!r.strategy.empty() && std::find(ids.begin(), ids.end(), r.strategy) == ids.end())
            ids.push_back(r.strategy);
    return ids;
}

// "Pixel 2" of "Pixel 2 (scaled: this machine x 5.1)"; empty for an unnamed device.
std::string phoneOfLabel(const std::string& label) {
    const auto cut = label.find(" (");
    const std::string phone = cut == std::string::npos ? "" : label.substr(0, cut);
    return phone == "device" ? "" : phone;
}

// Where a record's device goes when replayed at k: its ratio, new k and words.
RetimeTarget targetFor(const RequestRecord& r, const ReplayConfig& config) {
    RetimeTarget t;
    t.link = config.link;
    t.deviceSlowdown = r.device_slowdown;
    if (!config.deviceSlowdown) return t;
    const double k = *config.deviceSlowdown;
    t.deviceRatio = k / std::max(1.0, r.device_slowdown);
    t.deviceSlowdown = k;
    EmulatedDevice device = scaledDevice(k);
    if (device.emulated()) device.phone = phoneOfLabel(r.device);
    t.deviceLabel = device.label();
    return t;
}

std::shared_ptr<const CostProfile> profileFor(const ReplayConfig& config) {
    const auto& p = config.profile;
    if (!p || !config.deviceSlowdown || p->emulation != EmulationMode::Scaled ||
        p->deviceSlowdown == *config.deviceSlowdown)
        return p;
    // A scaled device k' instead of k: f scales by k'/k, as a run's profile does.
    return std::make_shared<const CostProfile>(withDeviceSlowdown(*p, *config.deviceSlowdown));
}

RequestRecord errorRow(const RequestRecord& like, Placement order, const std::string& why) {
    RequestRecord r = like;
    r.status = "error";
    r.error = why;
    r.preprocess_location = locationName(order);
    r.preexecution_time = r.preexecution_time_other = r.time_total = 0;
    return r;
}

// One round replayed: decisions, the orders they need re-timed, a row per strategy.
class RoundReplay {
  public:
    RoundReplay(const ReplayConfig& config, const std::string& provenance,
                std::shared_ptr<const CostProfile> profile)
        : config_(config), provenance_(provenance), profile_(std::move(profile)) {}

    std::size_t missing = 0;
    double clockMs = 0;  // the replay's own time line, for traces

    void replay(const Round& round, std::size_t index,
                const std::vector<std::unique_ptr<Strategy>>& strategies,
                std::vector<RequestRecord>& out) {
        const RequestRecord* byOrder[2] = {measurementOf(round, Placement::Device),
                                           measurementOf(round, Placement::Cloud)};
        const RequestRecord& first = *round.rows.front();
        const RequestRecord& known = byOrder[0] ? *byOrder[0] : byOrder[1] ? *byOrder[1] : first;
        const ImageFeatures features = featuresOfRecord(known);
        std::vector<TimedDecision> decisions;
        for (const auto& s : strategies) decisions.push_back(decideOn(*s, features, config_.link));

        std::optional<RequestRecord> retimed[2];
        for (Placement order : {Placement::Device, Placement::Cloud}) {
            const bool needed = std::any_of(decisions.begin(), decisions.end(), [&](auto& d) {
                return d.strategy->measuresBothOrders() || d.decision.placement == order;
            });
            const RequestRecord* m = byOrder[int(order)];
            if (!needed || !m) continue;
            RequestRecord r = retimeMeasurement(*m, targetFor(*m, config_), clockMs);
            r.measurement_id = std::to_string(index) + "/" + locationName(order);
            clockMs += r.time_local_read + r.time_local_preprocess_check + r.time_total;
            retimed[int(order)] = std::move(r);
        }
        const RequestRecord blank = retimeMeasurement(errorRow(known, Placement::Cloud, ""),
                                                      targetFor(known, config_), clockMs);
        for (const TimedDecision& d : decisions) {
            RequestRecord row = rowFor(d, retimed, blank);
            row = strategyRow(d, std::move(row));
            row.provenance = provenance_;
            if (profile_) row.profile_device = profileDeviceLabel(*profile_);
            d.strategy->observe(row);
            out.push_back(std::move(row));
        }
    }

  private:
    RequestRecord rowFor(const TimedDecision& d, const std::optional<RequestRecord> (&retimed)[2],
                         const RequestRecord& blank) {
        const Placement chosen = d.decision.placement;
        if (d.strategy->measuresBothOrders()) {
            if (retimed[0] && retimed[1]) return fasterOrder(*retimed[0], *retimed[1]);
            ++missing;
            const Placement absent = retimed[0] ? Placement::Cloud : Placement::Device;
            return errorRow(
                blank, absent,
                std::string("replay: the oracle needs both orders; the source never measured "
                            "the ") +
                    locationName(absent) + " order of this image");
        }
        if (retimed[int(chosen)]) return *retimed[int(chosen)];
        ++missing;
        return errorRow(blank, chosen,
                        std::string("replay: the source never measured the ") +
                            locationName(chosen) + " order of this image");
    }

    const ReplayConfig& config_;
    const std::string& provenance_;
    std::shared_ptr<const CostProfile> profile_;
};

std::string readWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string replayProvenance(const ReplayConfig& config) {
    std::string base = config.source;
    const auto slash = base.find_last_of('/');
    if (slash != std::string::npos) base = base.substr(slash + 1);
    std::string text = "replayed from " + (base.empty() ? std::string("records") : base) + " at " +
                       config.link.describe();
    if (config.deviceSlowdown) {
        char k[32];
        std::snprintf(k, sizeof k, "%g", *config.deviceSlowdown);
        text += std::string(", device x ") + k;
    }
    if (config.profile) text += ", profile " + config.profile->name;
    return text;
}

bool anyReplayed(const std::vector<RequestRecord>& records) {
    return std::any_of(records.begin(), records.end(),
                       [](const RequestRecord& r) { return !r.provenance.empty(); });
}

Expected<ReplayResult> replayRecords(const std::vector<RequestRecord>& measured,
                                     const ReplayConfig& config, const ReplayProgress& progress) {
    if (measured.empty()) return fail("no records to replay");
    if (config.link.tcp == TcpModel::Linux && config.link.warmConnection)
        return fail(
            "a warm connection is not replayed: each upload starts from TCP's initial "
            "window (drop the warm connection)");
    if (config.deviceSlowdown) {
        const double k = *config.deviceSlowdown;
        if (!(k >= 1 && k <= 100)) return fail("the device slowdown must be between 1 and 100");
        for (const auto& r : measured)
            if (r.device_mode == emulationModeName(EmulationMode::PaperModel))
                return fail("records of a paper-model phone (" + r.device +
                            ") are charged the paper's f, not a multiple of this machine's: a "
                            "device slowdown cannot be replayed on them");
    }
    std::vector<std::string> ids =
        config.strategies.empty() ? strategiesOfRecords(measured) : config.strategies;
    if (ids.empty())
        return fail(
            "the records name no strategy (a prototype database?): give the strategies "
            "to replay");
    const auto profile = profileFor(config);
    auto strategies = makeStrategies(ids, profile);
    if (!strategies) return fail(strategies.error());

    ReplayResult result;
    result.provenance = replayProvenance(config);
    const auto rounds = roundsOf(measured);
    RoundReplay pass(config, result.provenance, profile);
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        if (progress && !progress(i, rounds.size())) break;
        pass.replay(rounds[i], i, strategies.value(), result.records);
        ++result.images;
    }
    if (progress) progress(result.images, rounds.size());
    result.missingOrders = pass.missing;
    return result;
}

Expected<std::vector<RequestRecord>> readRecordsFile(const std::string& path) {
    if (looksLikeSqlite(path)) return readRecordsSqlite(path);
    std::ifstream probe(path, std::ios::binary);
    if (!probe) return fail("cannot read " + path);
    char c = 0;
    while (probe.get(c) && std::isspace(static_cast<unsigned char>(c))) {
    }
    if (c != '{') return readRecordsCsv(path);
    // A saved dashboard experiment: its records are our CSV inside the JSON.
    const auto j = nlohmann::json::parse(readWhole(path), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != "pieslicer-experiment")
        return fail(path + " is JSON but not a PieSlicer experiment");
    const auto csv = j.find("records_csv");
    if (csv == j.end() || !csv->is_string()) return fail(path + " holds no records");
    return parseRecordsCsv(csv->get<std::string>());
}

}  // namespace pieslicer
