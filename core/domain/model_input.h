#pragma once
// The input sides of the image models the endpoint serves (MobileNet 224, Inception 299,
// NASNet-Large 331): the only preprocessing targets a request may ask for.
namespace pieslicer {

inline constexpr const char* kModelInputSidesText = "224, 299 or 331";

inline constexpr bool isModelInputSide(int px) { return px == 224 || px == 299 || px == 331; }

}  // namespace pieslicer
