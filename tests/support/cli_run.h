#pragma once
// Running the built pieslicer-cli as a user would, and reading the JSON it writes.
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace pieslicer::test {

// True when pieslicer-cli ran `args` to exit code 0 within two minutes; `err` (if given)
// gets what it printed on stderr.
bool runCli(const QStringList& args, QString* err = nullptr);

// The JSON in `path` (discarded, is_discarded(), when unreadable).
nlohmann::json readJsonFile(const QString& path);

}  // namespace pieslicer::test
