#pragma once
// Measures a model zoo's inference times on a thread of its own, right after a server starts,
// so start-up is not held for seconds and the first /modipick seldom waits (one that comes
// earlier waits for the model being measured). Stops after the model in progress when
// destroyed.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace pieslicer {

class ModelZoo;

class ZooWarmer {
  public:
    // `report` gets one line per model measured (or the error), from the warmer's thread.
    ZooWarmer(std::shared_ptr<ModelZoo> zoo, int side,
              std::function<void(const std::string&)> report);
    ~ZooWarmer();
    ZooWarmer(const ZooWarmer&) = delete;
    ZooWarmer& operator=(const ZooWarmer&) = delete;

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace pieslicer
