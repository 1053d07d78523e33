#pragma once
// Running the built pieslicer-cli as a user would, reading the JSON it writes, and telling a
// replay's own error from a machine that was busier in one run than in another.
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer::test {

// True when pieslicer-cli ran `args` to exit code 0 within two minutes; `err` (if given)
// gets what it printed on stderr.
bool runCli(const QStringList& args, QString* err = nullptr);

// The JSON in `path` (discarded, is_discarded(), when unreadable).
nlohmann::json readJsonFile(const QString& path);

// Why a replay may miss a real run although it re-timed right: what it reuses as measured
// (the device's stages, and everything after the upload's last byte reached the endpoint)
// took longer or shorter in the source run than in the real one, for one image and order,
// by more than `share` of that request and 10 ms: a loaded machine, not the replay. Empty
// when they agree; else the worst such request, in words. Rows match by device, image and
// order.
std::string reusedPartsDiffer(const std::vector<RequestRecord>& source,
                              const std::vector<RequestRecord>& real, double share = 0.05);

}  // namespace pieslicer::test
