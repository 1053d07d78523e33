#pragma once
// Before calibration fits anything: does its image set span what each regressor needs
// (formats, progressive JPEGs, JPEG qualities, sizes, aspect, grey)? Where it does not,
// cover the gap by construction with variants of its own images (image/image_variants.h),
// written to a temporary folder and measured like any other file, and say so.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "image/image_probe.h"
#include "image/image_variants.h"
#include "util/expected.h"

namespace pieslicer {

// One image of the set, as its header describes it.
struct CoverageImage {
    std::filesystem::path path;
    ImageInfo info;
};

// What the set lacks, and one variant planned to cover it.
struct PlannedVariant {
    std::filesystem::path source;
    VariantSpec spec;
    std::string reason;  // "no progressive JPEG: progressive_mb unsupported"
};

struct CoveragePlan {
    std::vector<std::string> space;      // a line per feature: what the set spans
    std::vector<std::string> lacks;      // a line per gap found
    std::vector<std::string> uncovered;  // gaps variants cannot fill (e.g. larger photos)
    std::vector<PlannedVariant> variants;
};

struct CoverageSettings {
    int target = 331;        // the model input side: what "small" means
    std::size_t perGap = 3;  // variants made for each gap
    // Sources of lossless variants are kept to this size (a PNG of a 12 MP photo is 20 MB).
    double maxLosslessMegapixels = 2.5;
};

// Reads the headers of `files` (unreadable ones are skipped: the run reports them).
std::vector<CoverageImage> describeImages(const std::vector<std::filesystem::path>& files);

CoveragePlan planCoverage(const std::vector<CoverageImage>& images,
                          const CoverageSettings& settings = {});

struct WrittenVariant {
    std::filesystem::path path;
    PlannedVariant plan;
    std::size_t bytes = 0;
};

// Makes every planned variant and writes it into `dir` as variant_<label>_<source>.<ext>.
// A variant that cannot be made is skipped (its source may be undecodable).
std::vector<WrittenVariant> writeVariants(const CoveragePlan& plan,
                                          const std::filesystem::path& dir);

// The lines calibration's report starts with: the space, the gaps, what was added.
std::string coverageReport(const CoveragePlan& plan, const std::vector<WrittenVariant>& written);

// For calibration: a temporary folder of links to the set's files (same relative names)
// plus the variants its gaps call for; removed when this object dies. When nothing is
// lacking no folder is made and `root` is what calibration measures.
class CoverageFolder {
  public:
    ~CoverageFolder();
    // Points `root` and `files` at the folder to measure instead (unchanged when nothing is
    // lacking); fails only when the folder cannot be made.
    Expected<bool> cover(std::filesystem::path& root, std::vector<std::filesystem::path>& files,
                         const CoverageSettings& settings);
    std::size_t added() const { return added_; }
    const std::string& report() const { return report_; }
    // The name (relative to the folder covered) of the original a measured file was made
    // from: a variant's source, else `name` itself.
    std::string sourceOf(const std::string& name) const;

  private:
    std::filesystem::path dir_;
    std::map<std::string, std::string> sources_;  // variant's name -> its original's
    std::size_t added_ = 0;
    std::string report_;
};

}  // namespace pieslicer
