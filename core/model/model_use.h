#pragma once
// Which models a strategy's requests ran and the accuracy they reached within the SLA: with
// /modipick, pre-execution time a strategy saves is budget for a more accurate model, so
// the paper's saved milliseconds show as accuracy gained.
#include <map>
#include <string>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer {

struct ModelUse {
    std::string strategy;
    std::size_t requests = 0;           // ok rows
    std::map<std::string, int> models;  // model_name -> rows that ran it
    double meanTop1 = 0;                // mean model_accuracy of the rows, %
    std::size_t withinSla = 0;          // rows with time_total <= sla_target
    // Mean over the rows of model_accuracy when the answer came within the SLA, else 0: a
    // late answer is worth nothing to the phone (MODI's view).
    double top1UnderSla = 0;
    std::string weights;  // the rows' model_weights ("random", "file", or "mixed")
};

// One entry per strategy with ok rows, in the order strategies first appear.
std::vector<ModelUse> modelUseByStrategy(const std::vector<RequestRecord>& records);

// "mobilenet_v2 12, resnet50 3": the models of one strategy, most used first.
std::string modelsText(const ModelUse& use);

// A plain-text table of the uses, one strategy a line, for the CLI; empty when no row ran a
// model.
std::string formatModelUse(const std::vector<ModelUse>& uses);

}  // namespace pieslicer
