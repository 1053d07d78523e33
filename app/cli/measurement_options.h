#pragma once
// The options run and calibrate share: link shape, model input, JPEG quality, SLA and
// device emulation.
#include <set>
#include <string>

#include "cli/cli_options.h"
#include "net/link_emulator.h"
#include "run/measurement.h"

namespace pieslicer::cli {

extern const char* const kMeasurementOptionNames[];  // null-terminated
extern const char* const kMeasurementFlagNames[];    // null-terminated: options without a value
// The flags of a command: its own and the measurement flags.
std::set<std::string> withMeasurementFlags(std::set<std::string> own);

// Fills `link` and `settings` from the options; false with `error` set on bad input.
bool parseMeasurementOptions(const Options& o, LinkShape& link, MeasurementSettings& settings,
                             std::string& error);

// --NAME FILE as a Mahimahi delivery trace into `out` (untouched without the option); false
// with `error` set when the file is not a trace.
bool loadTrace(const Options& o, const char* name, std::shared_ptr<const DeliveryTrace>& out,
               std::string& error);

bool parseInt(const std::string& text, int lo, int hi, int& out);

}  // namespace pieslicer::cli
