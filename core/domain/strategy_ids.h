#pragma once
// Every strategy id, in one place: records, the CLI, the dashboard and the tests name
// strategies with these (strategy/strategy_factory.h builds them).
namespace pieslicer::strategy_id {

inline constexpr const char* kPieSlicer = "pieslicer";
inline constexpr const char* kShortCircuit = "pieslicer-shortcircuit";
// With a bandwidth estimator: "pieslicer-corrected:<estimator>".
inline constexpr const char* kCorrected = "pieslicer-corrected";
inline constexpr const char* kCorrectedPrototype = "pieslicer-corrected-prototype";
// Online models (RLS); with a forgetting factor other than the default:
// "pieslicer-online:<lambda>".
inline constexpr const char* kOnline = "pieslicer-online";
inline constexpr const char* kStaticDevice = "static-device";
inline constexpr const char* kStaticCloud = "static-cloud";
inline constexpr const char* kOracle = "oracle";
inline constexpr const char* kInverse = "inverse";

}  // namespace pieslicer::strategy_id
