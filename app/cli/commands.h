#pragma once
// The subcommands of pieslicer-cli.
#include <string>
#include <vector>

namespace pieslicer::cli {

int runCommand(const std::vector<std::string>& args);
int calibrateCommand(const std::vector<std::string>& args);
int estimatorsCommand(const std::vector<std::string>& args);
int replayCommand(const std::vector<std::string>& args);
int sweepCommand(const std::vector<std::string>& args);

}  // namespace pieslicer::cli
