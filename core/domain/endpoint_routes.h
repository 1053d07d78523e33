#pragma once
// The endpoint's two upload routes, named once: the client posts to one, the server reads
// which one a request came by.
namespace pieslicer {

// Runs the endpoint's fixed model.
inline constexpr const char* kPieSlicerRoute = "/pieslicer";
// MODI's pick: the most accurate model whose inference fits what is left of the SLA.
inline constexpr const char* kModiPickRoute = "/modipick";

}  // namespace pieslicer
