// What the header says of a picture's detail before the content probe: fitted per family,
// with the spread of what it misses, saved with the profile.
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "model/cost_profile.h"
#include "model/detail_prior.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// JPEGs whose detail follows their bits per pixel (0.6 x bpp^0.8) times a log-normal miss of
// sd `miss`; PNGs whose detail is unrelated to the header.
std::vector<ImageFeatures> pictures(double miss, int n) {
    std::mt19937 rng(7);
    std::normal_distribution<double> z(0, 1);
    std::uniform_real_distribution<double> bpp(0.3, 6.0), side(300, 3000);
    std::vector<ImageFeatures> out;
    for (int i = 0; i < n; ++i) {
        const int w = int(side(rng)), h = int(side(rng) * 0.75);
        const double b = bpp(rng);
        ImageFeatures jpeg = test::imageFeatures(b * w * h / 8, w, h);
        jpeg.quantStep = 4;
        jpeg.detail = 0.6 * std::pow(b, 0.8) * std::exp(miss * z(rng));
        out.push_back(jpeg);
        ImageFeatures png = test::imageFeatures(bpp(rng) * w * h / 8, w, h);
        png.format = ImageFormat::Png;
        png.detail = std::exp(z(rng));
        out.push_back(png);
    }
    return out;
}

}  // namespace

class TestDetailPrior : public QObject {
    Q_OBJECT

  private slots:
    void unfittedBeliefSpansEveryPicture() {
        const DetailBelief b = DetailPrior{}.belief(test::imageFeatures(1e5, 640, 480));
        // The plainest and the busiest pictures are two spreads from the middle.
        QVERIFY(std::fabs(std::log(b.median) - 2 * b.spread - std::log(kPlainestDetail)) < 1e-9);
        QVERIFY(std::fabs(std::log(b.median) + 2 * b.spread - std::log(kBusiestDetail)) < 1e-9);
    }

    void fitFollowsTheHeaderAndKeepsWhatItMisses() {
        const DetailPrior prior = fitDetailPrior(pictures(0.2, 40));
        QVERIFY(prior.jpeg.fitted());
        QVERIFY(prior.lossless.fitted());
        // A held-out JPEG of 2 bits per pixel: 0.6 x 2^0.8 = 1.045.
        ImageFeatures probe = test::imageFeatures(2.0 * 1200 * 900 / 8, 1200, 900);
        probe.quantStep = 4;
        const DetailBelief b = prior.belief(probe);
        QVERIFY2(std::fabs(b.median / 1.045 - 1) < 0.15, std::to_string(b.median).c_str());
        QVERIFY2(b.spread > 0.15 && b.spread < 0.3, std::to_string(b.spread).c_str());
        // The PNGs' header says nothing: their spread is about their own (sd 1).
        ImageFeatures png = probe;
        png.format = ImageFormat::Png;
        const DetailBelief p = prior.belief(png);
        QVERIFY2(p.spread > 0.7 && p.spread < 1.4, std::to_string(p.spread).c_str());
    }

    void variantsOfOneSourceDoNotVouchForEachOther() {
        // 5 sources of their own size and content (a log miss of sd 0.7), each re-encoded at
        // 3 qualities (the miss shared): in sample, the megapixels of so few sources soak up
        // much of their misses; predicted without their source, the pictures show them.
        std::mt19937 rng(3);
        std::normal_distribution<double> z(0, 1);
        std::vector<ProbedPicture> pictures;
        const int sides[] = {400, 900, 1600, 2500, 3600};
        for (int source = 0; source < 5; ++source) {
            const double miss = 0.7 * z(rng);
            for (double step : {2.0, 6.0, 18.0}) {
                const int w = sides[source], h = w * 3 / 4;
                const double b = 4.0 / std::sqrt(step) * std::exp(0.3 * z(rng));
                ImageFeatures jpeg = test::imageFeatures(b * w * h / 8, w, h);
                jpeg.quantStep = step;
                jpeg.detail = 0.6 * std::pow(b, 0.8) * std::exp(miss + 0.05 * z(rng));
                pictures.push_back({jpeg, "source" + std::to_string(source)});
            }
        }
        std::vector<ImageFeatures> alone;
        for (const auto& p : pictures) alone.push_back(p.image);
        const DetailPrior grouped = fitDetailPrior(pictures), each = fitDetailPrior(alone);
        QVERIFY(grouped.jpeg.fitted() && each.jpeg.fitted());
        QVERIFY2(grouped.jpeg.spread > 1.1 * each.jpeg.spread,
                 qPrintable(QString("%1 vs %2").arg(grouped.jpeg.spread).arg(each.jpeg.spread)));
    }

    void tooFewPicturesLeaveTheFamilyUnfitted() {
        const DetailPrior prior = fitDetailPrior(pictures(0.2, int(kMinDetailSamples) - 1));
        QVERIFY(!prior.jpeg.fitted());
        QVERIFY(!prior.lossless.fitted());
        // Unprobed pictures (detail 0) are not samples.
        std::vector<ImageFeatures> unprobed = pictures(0.2, 20);
        for (auto& i : unprobed) i.detail = 0;
        QVERIFY(!fitDetailPrior(unprobed).jpeg.fitted());
    }

    void travelsWithTheProfile() {
        CostProfile profile;
        profile.devicePrep = lineModel(Regressor::FileMb, 10, 5);
        profile.transfer = lineModel(Regressor::FileMb, 1000, 40);
        profile.cloudPrep = lineModel(Regressor::FileMb, 8, 3);
        profile.detailPrior = fitDetailPrior(pictures(0.2, 40));
        auto back = profileFromJson(profileToJson(profile));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        ImageFeatures probe = test::imageFeatures(3e5, 1000, 800);
        QCOMPARE(back->detailPrior.belief(probe).median, profile.detailPrior.belief(probe).median);
        QCOMPARE(back->detailPrior.jpeg.spread, profile.detailPrior.jpeg.spread);
        // Profiles written before the prior existed load with none; a broken one is refused.
        nlohmann::json old = profileToJson(profile);
        old.erase("detail_prior");
        auto older = profileFromJson(old);
        QVERIFY(older.ok());
        QVERIFY(!older->detailPrior.jpeg.fitted());
        nlohmann::json broken = profileToJson(profile);
        broken["detail_prior"]["jpeg"]["spread"] = -1;
        auto refused = profileFromJson(broken);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().find("spread") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDetailPrior)
#include "test_detail_prior.moc"
