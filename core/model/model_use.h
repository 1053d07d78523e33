#pragma once
// Which models a strategy's requests ran and the accuracy they reached within the SLA: with
// /modipick, pre-execution time a strategy saves is budget for a more accurate model, so
// the paper's saved milliseconds show as accuracy gained.
#include <map>
#include <string>
#include <string_view>
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

// Ok rows of one strategy that ran one model with one kind of weights, summed: the
// dashboard sums them from its columns, the CLI adds records one at a time.
struct ModelUseGroup {
    std::string_view strategy;
    std::string_view modelName;
    std::string_view weights;
    std::size_t rows = 0;
    double accuracySum = 0;           // of model_accuracy
    std::size_t withinSla = 0;        // rows with time_total <= sla_target
    double accuracyWithinSlaSum = 0;  // of model_accuracy over those rows
};

// Adds groups of ok rows; finish() gives one entry per strategy in the order strategies
// were first added.
class ModelUseTally {
  public:
    void add(const ModelUseGroup& group);
    std::vector<ModelUse> finish() &&;

  private:
    std::vector<ModelUse> uses_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

// One entry per strategy with ok rows, in the order strategies first appear.
std::vector<ModelUse> modelUseByStrategy(const std::vector<RequestRecord>& records);

// "mobilenet_v2 12, resnet50 3": the models of one strategy, most used first.
std::string modelsText(const ModelUse& use);

// A plain-text table of the uses, one strategy a line, for the CLI; empty when no row ran a
// model.
std::string formatModelUse(const std::vector<ModelUse>& uses);

}  // namespace pieslicer
