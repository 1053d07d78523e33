// Calibration covers what it will meet (issue 10, item 1): its feature-space check finds what
// a regressor would need and the set lacks, variants of the set's own images cover it, and a
// component that still cannot be fitted falls back to a model that follows the image.
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "image/image_files.h"
#include "image/image_probe.h"
#include "model/component_fitting.h"
#include "model/cost_profile.h"
#include "run/calibration_coverage.h"

using namespace pieslicer;
namespace fs = std::filesystem;

namespace {

bool mentions(const std::vector<std::string>& lines, const std::string& word) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(word) != std::string::npos; });
}

// Baseline JPEGs only, 4:3 colour photos of noise at quality 90.
std::vector<fs::path> baselineJpegs(const QTemporaryDir& dir, int count) {
    std::vector<fs::path> out;
    std::mt19937 rng(5);
    for (int i = 0; i < count; ++i) {
        cv::Mat img(240 + 60 * i, 320 + 80 * i, CV_8UC3);
        cv::randu(img, 0, 255);
        const fs::path path = dir.filePath(QString("photo%1.jpg").arg(i)).toStdString();
        cv::imwrite(path.string(), img, {cv::IMWRITE_JPEG_QUALITY, 90});
        out.push_back(path);
    }
    return out;
}

ComponentSample sample(double decodedMp, double fileMb, double y) {
    ComponentSample s;
    s.x.v[int(Regressor::DecodedMegapixels)] = decodedMp;
    s.x.v[int(Regressor::FileMb)] = fileMb;
    s.y = y;
    return s;
}

}  // namespace

class TestCalibrationCoverage : public QObject {
    Q_OBJECT
  private slots:
    void costFitsTakeTheRichestSetThatIsNotClearlyWorse() {
        // 40 small images with 20% timer noise and four large WebP-like ones whose cost has a
        // term of its own: cross-validation barely sees that term, the large files need it.
        // Over many noise draws, wherever the usual rule (a richer set must win by 3%) keeps
        // the plain set, the cost rule takes the rich one (unless 25% over the lowest error).
        std::vector<Candidate> candidates;
        candidates.emplace_back(
            std::vector<Regressor>{Regressor::DecodedMegapixels, Regressor::FileMb});
        candidates.emplace_back(std::vector<Regressor>{
            Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::WebpMegapixels});
        int plainKept = 0;
        double costError = 0, usualError = 0;  // on the largest file, summed over the draws
        for (unsigned seed = 1; seed <= 40; ++seed) {
            std::mt19937 rng(seed);
            std::normal_distribution<double> noise(0, 0.20);
            std::vector<ComponentSample> samples;
            for (int i = 0; i < 44; ++i) {
                const bool large = i >= 40;
                ComponentSample s =
                    sample(large ? 16.8 : 0.05 + 0.01 * i, large ? 0.5 * (i - 38) : 0.02, 0);
                s.x.v[int(Regressor::WebpMegapixels)] = large ? 16.8 : 0;
                s.y = (2 + 30 * s.x[Regressor::DecodedMegapixels] + 20 * s.x[Regressor::FileMb] +
                       10 * s.x[Regressor::WebpMegapixels]) *
                      (1 + noise(rng));
                samples.push_back(s);
            }
            auto usual = fitComponent(samples, candidates, 10, FitCriterion::Relative);
            auto cost = fitComponent(samples, candidates, 10, FitCriterion::RelativeCost);
            QVERIFY(usual.ok() && cost.ok());
            if (usual->best.regressors.size() != 2) continue;
            ++plainKept;
            QCOMPARE(cost->best.regressors.size(), std::size_t(3));
            const ComponentSample& big = samples.back();
            const double truth = 2 + 30 * 16.8 + 20 * big.x[Regressor::FileMb] + 10 * 16.8;
            costError += std::fabs(cost->best.predict(big.x) / truth - 1);
            usualError += std::fabs(usual->best.predict(big.x) / truth - 1);
        }
        QVERIFY2(plainKept > 0, "no draw where the usual rule keeps the plain set");
        // And it costs nothing on these: the rich set predicts the largest file as well.
        QVERIFY2(costError <= 1.1 * usualError,
                 qPrintable(QString("%1 vs %2").arg(costError).arg(usualError)));
    }

    void onlySmallProgressivesAskForALargeOne() {
        // Three small progressive JPEGs and a large baseline one: progressive_mb would be
        // fitted on small files only; the largest picture comes as a progressive variant.
        QTemporaryDir dir;
        std::vector<fs::path> files;
        for (int i = 0; i < 4; ++i) {
            const int side = i < 3 ? 200 + 20 * i : 1600;
            cv::Mat img(side, side * 4 / 3, CV_8UC3);
            cv::randu(img, 0, 255);
            const fs::path path = dir.filePath(QString("p%1.jpg").arg(i)).toStdString();
            cv::imwrite(path.string(), img,
                        {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, i < 3});
            files.push_back(path);
        }
        const CoveragePlan plan = planCoverage(describeImages(files));
        QVERIFY2(mentions(plan.lacks, "a progressive JPEG of at least"),
                 plan.lacks.empty() ? "nothing lacking" : plan.lacks.front().c_str());
        QVERIFY(std::any_of(plan.variants.begin(), plan.variants.end(), [&](const auto& v) {
            return v.source == files[3] && v.spec.kind == VariantKind::ProgressiveJpeg;
        }));
        // With the large one progressive too, nothing is asked.
        QTemporaryDir variants;
        const auto written = writeVariants(plan, variants.path().toStdString());
        std::vector<fs::path> all = files;
        for (const auto& w : written) all.push_back(w.path);
        QVERIFY(!mentions(planCoverage(describeImages(all)).lacks, "a progressive JPEG of"));
    }

    void aBaselineJpegSetLacksProgressiveAndPngAndItsVariantsCoverThem() {
        QTemporaryDir dir;
        const auto files = baselineJpegs(dir, 4);
        const CoveragePlan plan = planCoverage(describeImages(files));
        QVERIFY(mentions(plan.lacks, "progressive"));
        QVERIFY(mentions(plan.lacks, "PNG"));
        QVERIFY(mentions(plan.lacks, "WebP"));
        QVERIFY(mentions(plan.lacks, "few bits per pixel"));
        QVERIFY(mentions(plan.lacks, "alpha channel"));
        QVERIFY(mentions(plan.lacks, "interlaced PNGs"));
        QVERIFY(!plan.variants.empty());

        QTemporaryDir variants;
        const auto written = writeVariants(plan, variants.path().toStdString());
        QCOMPARE(written.size(), plan.variants.size());
        std::vector<fs::path> all = files;
        for (const auto& w : written) all.push_back(w.path);
        const auto described = describeImages(all);
        QCOMPARE(described.size(), all.size());  // every variant is a valid image
        const CoveragePlan after = planCoverage(described);
        QVERIFY2(!mentions(after.lacks, "progressive") && !mentions(after.lacks, "PNG") &&
                     !mentions(after.lacks, "WebP") && !mentions(after.lacks, "few bits") &&
                     !mentions(after.lacks, "alpha") && !mentions(after.lacks, "interlaced"),
                 after.lacks.empty() ? "" : after.lacks.front().c_str());
        // Small pictures only (0.24 MP at most): the largest also comes upscaled, 4x a side at
        // most, as a progressive JPEG.
        QVERIFY(mentions(plan.lacks, "8 MP or more"));
        QVERIFY(std::any_of(described.begin(), described.end(), [](const CoverageImage& i) {
            return i.info.megapixels() > 3.5 && i.info.progressive;
        }));
        // Twice: at q92 and at q100, so that progressive costs per byte and per pixel can be
        // told apart (the q100 one has far more bytes per pixel).
        std::vector<double> bitsPerPixel;
        for (const auto& i : described)
            if (i.info.megapixels() > 3.5 && i.info.progressive)
                bitsPerPixel.push_back(double(i.info.bytes) * 8 / (i.info.megapixels() * 1e6));
        QCOMPARE(bitsPerPixel.size(), std::size_t(2));
        QVERIFY(std::max(bitsPerPixel[0], bitsPerPixel[1]) >
                1.5 * std::min(bitsPerPixel[0], bitsPerPixel[1]));
        // The progressive variants really are progressive (libjpeg's own encoding).
        QVERIFY(std::any_of(described.begin(), described.end(), [](const CoverageImage& i) {
            return i.info.format == ImageFormat::Jpeg && i.info.progressive;
        }));
        // The alpha variants are PNGs with four channels, opaque in the middle and not in
        // the corners.
        std::size_t withAlpha = 0;
        for (const auto& w : written) {
            const cv::Mat m = cv::imread(w.path.string(), cv::IMREAD_UNCHANGED);
            if (m.channels() != 4) continue;
            ++withAlpha;
            QCOMPARE(m.at<cv::Vec4b>(m.rows / 2, m.cols / 2)[3], uchar(255));
            QCOMPARE(m.at<cv::Vec4b>(0, 0)[3], uchar(0));
        }
        QVERIFY(withAlpha >= 2);
        QCOMPARE(
            std::size_t(std::count_if(described.begin(), described.end(),
                                      [](const CoverageImage& i) { return i.info.hasAlpha(); })),
            withAlpha);
        // The interlaced variants are Adam7 PNGs (the header says so), upscaled from these small
        // pictures to a long side of 1280 px: a rate per pixel fitted on tiny ones was not.
        std::size_t interlaced = 0;
        for (const auto& w : written) {
            std::ifstream in(w.path, std::ios::binary);
            const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
            const auto info = probeImage(bytes.data(), bytes.size());
            QVERIFY(info.ok());
            if (info->format != ImageFormat::Png || !info->progressive) continue;
            ++interlaced;
            QCOMPARE(bytes[28], uint8_t(1));  // IHDR's interlace method
            QCOMPARE(std::max(info->width, info->height), 1280);
            const cv::Mat m = cv::imread(w.path.string(), cv::IMREAD_COLOR);
            QVERIFY(!m.empty() && m.total() == std::size_t(info->width) * info->height);
        }
        QVERIFY(interlaced >= 2);
        const std::string report = coverageReport(plan, written);
        QVERIFY(report.find("added progressive") != std::string::npos);
        QVERIFY(report.find("lacks:") != std::string::npos);
    }

    void theCoverageFolderKeepsTheOriginalsNamesAndAddsTheVariants() {
        QTemporaryDir dir;
        auto files = baselineJpegs(dir, 3);
        fs::path root = dir.path().toStdString();
        const std::size_t before = files.size();
        fs::path made;
        {
            CoverageFolder coverage;
            QVERIFY(coverage.cover(root, files, {}).ok());
            made = root;
            QVERIFY(root != fs::path(dir.path().toStdString()));
            QCOMPARE(files.size(), before + coverage.added());
            QVERIFY(coverage.added() > 0);
            QVERIFY(fs::exists(root / "photo0.jpg"));
            QVERIFY(coverage.report().find("added") != std::string::npos);
            // Each variant names the original it was made from; an original names itself.
            QCOMPARE(coverage.sourceOf("photo0.jpg"), std::string("photo0.jpg"));
            std::size_t variants = 0;
            for (const auto& f : files) {
                const std::string name = displayName(f, root);
                if (name.rfind("variants/", 0) != 0) continue;
                ++variants;
                const std::string source = coverage.sourceOf(name);
                QVERIFY2(source != name && fs::exists(fs::path(dir.path().toStdString()) / source),
                         (name + " -> " + source).c_str());
            }
            QCOMPARE(variants, coverage.added());
        }
        QVERIFY(!fs::exists(made));  // removed with the object
    }

    void aComponentThatCannotBeFittedFallsBackToAModelThatFollowsTheImage() {
        // Every candidate regresses on a column that no sample has: collinear with the
        // intercept, so none can be fitted.
        std::vector<ComponentSample> samples;
        for (int i = 1; i <= 8; ++i) samples.push_back(sample(0.1 * i, 0.05 * i, 12.0 * i));
        const std::vector<Candidate> unfittable = {{Regressor::ProgressiveMb}};
        auto fit = fitComponentOrFallback(samples, unfittable,
                                          {Regressor::DecodedMegapixels, Regressor::FileMb});
        QVERIFY2(fit.ok(), fit.ok() ? "" : fit.error().c_str());
        QVERIFY(!fit->fallback.empty());
        QCOMPARE(fit->best.regressors.size(), std::size_t(1));
        QCOMPARE(fit->best.regressors.front(), Regressor::DecodedMegapixels);
        const double small = fit->best.predict(sample(0.2, 0.1, 0).x);
        const double large = fit->best.predict(sample(2.0, 1.0, 0).x);
        QVERIFY2(large > 5 * small, qPrintable(QString("%1 vs %2").arg(large).arg(small)));
        QVERIFY(std::fabs(small - 24.0) < 1.0);  // 120 ms per decoded MP, through the origin
    }

    void aBestModelWorseThanTheMeanIsReplacedByTheFallback() {
        // y does not follow file size at all: the line through it explains nothing.
        std::vector<ComponentSample> samples;
        for (int i = 0; i < 12; ++i)
            samples.push_back(sample(0.5 + 0.1 * i, 0.3 * ((i * 7) % 12), 40.0 + 2.0 * i));
        const std::vector<Candidate> onlyMean = {{}};
        auto fit = fitComponentOrFallback(samples, onlyMean, {Regressor::DecodedMegapixels});
        QVERIFY(fit.ok());
        QVERIFY(fit->fallback.find("constant") != std::string::npos);
        QVERIFY(!fit->best.regressors.empty());
        QVERIFY(fit->best.predict(sample(2, 0, 0).x) > fit->best.predict(sample(1, 0, 0).x));
    }

    void aProfileWithoutTheProbesRegressorsStillLoadsAndOneWithThemRoundTrips() {
        // A profile saved before issue 10: s' on the header's regressors only.
        const char* old = R"({"format": "pieslicer-cost-profile", "version": 1,
            "device_prep_ms": {"regressors": ["file_mb"], "slopes": [100], "intercept": 30},
            "transfer_ms": {"regressors": ["file_mb"], "slopes": [1000], "intercept": 40},
            "cloud_prep_ms": {"regressors": ["file_mb"], "slopes": [20], "intercept": 5},
            "sent_bytes": {"331/90": {"regressors": ["log_bits_per_pixel", "log_quant_step"],
                "slopes": [0.2, 0.03], "intercept": 10.1, "response": "log"}}})";
        auto loaded = profileFromJson(nlohmann::json::parse(old));
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        QVERIFY(loaded->sentBytesModel() != nullptr);
        ImageFeatures img;
        img.bytes = 200e3;
        img.width = 800;
        img.height = 600;
        img.quantStep = 5;
        QVERIFY(loaded->sentBytesModel()->predict(regressorValues(img, 331)) > 1000);

        CostProfile p = loaded.value();
        p.sentBytes["331/90"] = lineModel(Regressor::DetailKbAtTarget, 996.5, 3457);
        auto again = profileFromJson(profileToJson(p));
        QVERIFY2(again.ok(), again.ok() ? "" : again.error().c_str());
        QCOMPARE(again->sentBytesModel()->regressors.front(), Regressor::DetailKbAtTarget);
    }
};

QTEST_MAIN(TestCalibrationCoverage)
#include "test_calibration_coverage.moc"
