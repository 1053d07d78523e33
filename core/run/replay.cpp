#include "run/replay.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "net/delivery_trace.h"
#include "run/emulated_device.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/replay_profiles.h"
#include "run/retime.h"
#include "run/strategy_rows.h"
#include "strategy/strategy_factory.h"
#include "util/units.h"

namespace pieslicer {
namespace {

// The rows of one (image, repeat): what the run measured for that image.
struct Round {
    std::vector<const RequestRecord*> rows;
};

// What one device measured in one sweep cell (all of a single run): replayed together.
struct Group {
    std::vector<const RequestRecord*> rows;
};

std::vector<Group> groupsOf(const std::vector<RequestRecord>& records) {
    std::vector<Group> groups;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (const auto& r : records) {
        const auto [it, added] =
            index.emplace(std::make_pair(r.sweep_cell, r.device), groups.size());
        if (added) groups.emplace_back();
        groups[it->second].rows.push_back(&r);
    }
    return groups;
}

std::vector<Round> roundsOf(const std::vector<const RequestRecord*>& records) {
    std::vector<Round> rounds;
    std::map<std::pair<std::string, int>, std::size_t> index;
    for (const RequestRecord* r : records) {
        const auto [it, added] =
            index.emplace(std::make_pair(r->image_name_orig, r->repeat), rounds.size());
        if (added) rounds.emplace_back();
        rounds[it->second].rows.push_back(r);
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

// Where a record's device goes when replayed at k: its ratio, new k and words.
RetimeTarget targetFor(const RequestRecord& r, const LinkShape& link, const ReplayConfig& config) {
    RetimeTarget t;
    t.link = link;
    t.deviceSlowdown = r.device_slowdown;
    if (!config.deviceSlowdown) return t;
    const double k = *config.deviceSlowdown;
    t.deviceRatio = k / std::max(1.0, r.device_slowdown);
    t.deviceSlowdown = k;
    EmulatedDevice device = scaledDevice(k);
    if (device.emulated()) device.phone = phoneOfDeviceLabel(r.device);
    t.deviceLabel = device.label();
    return t;
}

std::shared_ptr<const CostProfile> adjustedToSlowdown(std::shared_ptr<const CostProfile> p,
                                                      const ReplayConfig& config) {
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
    RoundReplay(const ReplayConfig& config, LinkShape link, const std::string& provenance,
                std::shared_ptr<const CostProfile> profile)
        : config_(config),
          link_(std::move(link)),
          provenance_(provenance),
          profile_(std::move(profile)) {}

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
        for (const auto& s : strategies) decisions.push_back(decideOn(*s, features, link_));

        std::optional<RequestRecord> retimed[2];
        for (Placement order : {Placement::Device, Placement::Cloud}) {
            const bool needed = std::any_of(decisions.begin(), decisions.end(), [&](auto& d) {
                return d.strategy->measuresBothOrders() || d.decision.placement == order;
            });
            const RequestRecord* m = byOrder[int(order)];
            if (!needed || !m) continue;
            RequestRecord r = retimeMeasurement(*m, targetFor(*m, link_, config_), clockMs);
            r.measurement_id = std::to_string(index) + "/" + locationName(order);
            clockMs += r.time_local_read + r.time_local_preprocess_check + r.time_total;
            retimed[int(order)] = std::move(r);
        }
        const RequestRecord blank = retimeMeasurement(errorRow(known, Placement::Cloud, ""),
                                                      targetFor(known, link_, config_), clockMs);
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
    LinkShape link_;
    const std::string& provenance_;
    std::shared_ptr<const CostProfile> profile_;
};

std::string readWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string provenanceAt(const ReplayConfig& config, const LinkShape& link,
                         const std::shared_ptr<const CostProfile>& profile) {
    std::string base = config.source;
    const auto slash = base.find_last_of('/');
    if (slash != std::string::npos) base = base.substr(slash + 1);
    std::string text = "replayed from " + (base.empty() ? std::string("records") : base) + " at " +
                       link.describe();
    if (config.deviceSlowdown) {
        char k[32];
        std::snprintf(k, sizeof k, "%g", *config.deviceSlowdown);
        text += std::string(", device x ") + k;
    }
    if (profile) text += ", profile " + profile->name;
    return text;
}

// "2 Mbit/s, 40 ms RTT, ideal TCP": the link a record was measured on, in words.
std::string measuredLink(const RequestRecord& r) {
    LinkShape link;
    link.uplinkBitsPerSecond = bitsPerSecondFromMbps(r.uplink_mbps);
    link.rttMs = r.rtt_ms;
    link.tcp = parseTcpModel(r.tcp_model).value_or(TcpModel::Ideal);
    return r.uplink_trace.empty() ? link.describe() : r.uplink_trace + ", " + link.describe();
}

// The conditions a group is replayed under, named as a sweep names its cells.
SweepCell replayedCell(const RequestRecord& first, const LinkShape& link,
                       const ReplayConfig& config) {
    SweepCell c;
    c.link = link;
    c.emulated = deviceOfRecord(first);
    if (config.deviceSlowdown) {
        const std::string phone = c.emulated.phone;
        c.emulated = scaledDevice(*config.deviceSlowdown);
        if (c.emulated.emulated()) c.emulated.phone = phone;
    }
    c.uplinkName = !config.uplinkName.empty() ? config.uplinkName
                   : link.uplinkTrace         ? link.uplinkTrace->name()
                                              : formatBitRate(link.meanUplinkBitsPerSecond());
    c.rttName = realFieldText(link.rttMs) + "ms";
    c.deviceName = c.emulated.phone.empty() ? c.emulated.label() : c.emulated.phone;
    c.tcpName = tcpModelName(link.tcp);
    c.key = "uplink=" + c.uplinkName + " rtt=" + c.rttName + " device=" + c.emulated.label() +
            " tcp=" + c.tcpName;
    if (!first.sweep_cell.empty()) c.key += " replayed from " + first.sweep_cell;
    return c;
}

}  // namespace

std::string replayProvenance(const ReplayConfig& config) {
    return provenanceAt(config, config.link, config.profile);
}

bool anyReplayed(const std::vector<RequestRecord>& records) {
    return std::any_of(records.begin(), records.end(),
                       [](const RequestRecord& r) { return !r.provenance.empty(); });
}

Expected<ReplayResult> replayRecords(const std::vector<RequestRecord>& measured,
                                     const ReplayConfig& config, const ReplayProgress& progress) {
    if (measured.empty()) return fail("no records to replay");
    if (config.deviceSlowdown) {
        const double k = *config.deviceSlowdown;
        if (!(k >= 1 && k <= 100)) return fail("the device slowdown must be between 1 and 100");
        for (const auto& r : measured)
            if (r.device_mode == emulationModeName(EmulationMode::PaperModel))
                return fail("records of a paper-model phone (" + r.device +
                            ") are charged the paper's f, not a multiple of this machine's: a "
                            "device slowdown cannot be replayed on them");
        // One k over a sweep's devices would re-time every device's stages as if all were one.
        for (const auto& r : measured)
            if (r.device != measured.front().device)
                return fail("the records hold more than one device (" + measured.front().device +
                            ", " + r.device +
                            "): a device slowdown applies to one device's records; replay "
                            "without it, and each device keeps its own");
    }
    std::vector<std::string> ids =
        config.strategies.empty() ? strategiesOfRecords(measured) : config.strategies;
    if (ids.empty())
        return fail(
            "the records name no strategy (a prototype database?): give the strategies "
            "to replay");
    const bool needsProfile = std::any_of(ids.begin(), ids.end(), strategyNeedsProfile);

    // Every group's link, profile and strategies first: a device without a profile fails the
    // replay before anything is replayed.
    struct Plan {
        std::vector<Round> rounds;
        ReplayCell cell;
        std::vector<std::unique_ptr<Strategy>> strategies;
    };
    const auto groups = groupsOf(measured);
    std::vector<Plan> plans;
    std::size_t totalRounds = 0;
    for (const Group& g : groups) {
        const RequestRecord& first = *g.rows.front();
        const LinkShape link = config.linkFor ? config.linkFor(first) : config.link;
        if (link.tcp == TcpModel::Linux && link.warmConnection)
            return fail(
                "a warm connection is not replayed: each upload starts from TCP's initial "
                "window (drop the warm connection)");
        DeviceProfile found = replayProfileFor(config, first);
        if (needsProfile && !found.profile)
            return fail("no profile for the records of " + first.device +
                        (first.sweep_cell.empty() ? "" : " (" + first.sweep_cell + ")") +
                        ": give one (--profile FILE, or --profile \"" +
                        (phoneOfDeviceLabel(first.device).empty()
                             ? first.device
                             : phoneOfDeviceLabel(first.device)) +
                        "=FILE\" for this device) or the sweep's profile cache");
        Plan plan{roundsOf(g.rows), {}, {}};
        plan.cell.cell = replayedCell(first, link, config);
        plan.cell.measuredIn =
            first.sweep_cell.empty() ? first.device + ", " + measuredLink(first) : first.sweep_cell;
        plan.cell.profile = adjustedToSlowdown(found.profile, config);
        if (found.profile) plan.cell.profileSource = found.source;
        plan.cell.mismatch = found.mismatch;
        auto made = makeStrategies(ids, plan.cell.profile);
        if (!made) return fail(made.error());
        plan.strategies = std::move(made.value());
        totalRounds += plan.rounds.size();
        plans.push_back(std::move(plan));
    }

    ReplayResult result;
    std::size_t done = 0;
    bool cancelled = false;
    for (std::size_t gi = 0; gi < plans.size() && !cancelled; ++gi) {
        Plan& plan = plans[gi];
        const std::string provenance = provenanceAt(config, plan.cell.cell.link, plan.cell.profile);
        if (result.provenance.empty()) result.provenance = provenance;
        plan.cell.first = result.records.size();
        RoundReplay pass(config, plan.cell.cell.link, provenance, plan.cell.profile);
        for (std::size_t i = 0; i < plan.rounds.size(); ++i) {
            if (progress && !progress(done, totalRounds)) {
                cancelled = true;
                break;
            }
            pass.replay(plan.rounds[i], i, plan.strategies, result.records);
            ++result.images;
            ++done;
        }
        result.missingOrders += pass.missing;
        plan.cell.count = result.records.size() - plan.cell.first;
        for (std::size_t i = plan.cell.first; i < result.records.size(); ++i) {
            RequestRecord& row = result.records[i];
            if (!row.sweep_cell.empty() || plans.size() > 1) row.sweep_cell = plan.cell.cell.key;
            row.uplink_name = plan.cell.cell.uplinkName;
            if (plans.size() > 1 && !row.measurement_id.empty())
                row.measurement_id = std::to_string(gi) + ":" + row.measurement_id;
        }
        result.cells.push_back(std::move(plan.cell));
    }
    if (progress) progress(done, totalRounds);
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
