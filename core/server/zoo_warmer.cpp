#include "server/zoo_warmer.h"

#include <cstdio>

#include "server/model_zoo.h"

namespace pieslicer {

ZooWarmer::ZooWarmer(std::shared_ptr<ModelZoo> zoo, int side,
                     std::function<void(const std::string&)> report) {
    thread_ = std::thread([this, zoo = std::move(zoo), side, report = std::move(report)] {
        for (std::size_t i = 0; i < zoo->size() && !stop_; ++i) {
            const ZooModel& m = zoo->model(i);
            auto ms = zoo->expectedMs(i, side);
            if (!ms) {
                report("model " + m.name + ": " + ms.error());
                continue;
            }
            char line[128];
            std::snprintf(line, sizeof line, "model %-14s %8.1f ms, ", m.name.c_str(), ms.value());
            char top1[64];
            std::snprintf(top1, sizeof top1, "published ImageNet top-1 %.1f%%, ", m.top1);
            report(line + (m.top1 > 0 ? std::string(top1) : std::string()) + m.weights +
                   " weights");
        }
    });
}

ZooWarmer::~ZooWarmer() {
    stop_ = true;
    thread_.join();
}

}  // namespace pieslicer
