// The content probe (issue 10, item 2): how busy a picture is, measured cheaply, must follow
// the size of the JPEG the device sends (s'), and a model fitted on it must carry to a
// picture it never saw. Its time is counted in the header probe's (time_local_preprocess_check).
#include <QtTest>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "image/content_probe.h"
#include "image/preprocess.h"
#include "model/component_fitting.h"
#include "model/profile_fitting.h"
#include "run/measurement.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// A picture of `width` x `height`: a gradient under noise of amplitude `noise`, blurred over
// `blur` pixels (0: none). More noise, less blur: more detail at every scale.
std::vector<uint8_t> picture(int width, int height, double noise, int blur, unsigned seed,
                             const char* ext = ".jpg", int quality = 90) {
    cv::Mat img(height, width, CV_8UC3);
    std::mt19937 rng(seed);
    std::normal_distribution<double> n(0, noise);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                img.at<cv::Vec3b>(y, x)[c] =
                    cv::saturate_cast<uchar>(60 + 120.0 * x / width + 40 * c + n(rng));
    if (blur > 0) cv::GaussianBlur(img, img, cv::Size(0, 0), blur);
    std::vector<uchar> out;
    cv::imencode(ext, img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return {out.begin(), out.end()};
}

struct Measured {
    ImageFeatures features;
    double sent = 0;
};

Measured measure(const std::vector<uint8_t>& bytes) {
    Measured m;
    auto info = probeImage(bytes.data(), bytes.size());
    auto probe = probeContent(bytes.data(), bytes.size(), info.value());
    auto prep = preprocessOnDevice(bytes.data(), bytes.size(), PreprocessOptions{});
    m.features.bytes = double(bytes.size());
    m.features.width = info->width;
    m.features.height = info->height;
    m.features.format = info->format;
    m.features.quantStep = info->jpegQuantStep;
    m.features.detail = probe->bitsPerPixel;
    m.features.detailGrowth = probe->growth;
    m.sent = double(prep->jpeg.size());
    return m;
}

}  // namespace

class TestContentProbe : public QObject {
    Q_OBJECT
  private slots:
    void aNoisyPictureHasMoreDetailAndABiggerSentJpegThanAFlatOne() {
        const Measured flat = measure(picture(640, 480, 0, 0, 1));
        const Measured noisy = measure(picture(640, 480, 40, 0, 1));
        QVERIFY2(
            noisy.features.detail > 4 * flat.features.detail,
            qPrintable(QString("%1 vs %2").arg(noisy.features.detail).arg(flat.features.detail)));
        QVERIFY(noisy.sent > 2 * flat.sent);
        // The regressor the s' model uses grows with them.
        QVERIFY(regressorValues(noisy.features, 331)[Regressor::DetailKbAtTarget] >
                regressorValues(flat.features, 331)[Regressor::DetailKbAtTarget]);
    }

    void aModelFittedOnTheProbePredictsAPictureItNeverSaw() {
        // Calibration-like pictures: JPEG and PNG, sizes 240-900 px, from flat to noisy.
        std::vector<ComponentSample> samples;
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> noise(0, 50);
        std::uniform_int_distribution<int> side(240, 900), blur(0, 3);
        for (int i = 0; i < 24; ++i) {
            const Measured m = measure(picture(side(rng), side(rng), noise(rng), blur(rng), i,
                                               i % 3 == 0 ? ".png" : ".jpg", 75 + i % 4 * 7));
            samples.push_back({regressorValues(m.features, 331), m.sent});
        }
        auto fit = fitComponent(samples, sentCandidates());
        QVERIFY2(fit.ok(), fit.ok() ? "" : fit.error().c_str());
        // The chosen model uses the probe, not the header alone (which knows nothing of PNG).
        const auto& r = fit->best.regressors;
        QVERIFY(std::find(r.begin(), r.end(), Regressor::DetailKbAtTarget) != r.end() ||
                std::find(r.begin(), r.end(), Regressor::LogDetail) != r.end());
        for (auto [w, h, n, b, ext] :
             {std::tuple{900, 700, 25.0, 1, ".jpg"}, std::tuple{400, 250, 35.0, 0, ".png"}}) {
            const Measured unseen = measure(picture(w, h, n, b, 99, ext));
            const double predicted = fit->best.predict(regressorValues(unseen.features, 331));
            QVERIFY2(std::fabs(predicted - unseen.sent) / unseen.sent < 0.25,
                     qPrintable(QString("%1x%2: predicted %3 B, sent %4 B")
                                    .arg(w)
                                    .arg(h)
                                    .arg(predicted)
                                    .arg(unseen.sent)));
        }
    }

    void aLargeProgressiveJpegIsProbedFromItsFirstScanAsItsBaselineTwin() {
        // 1600 px: decoded at 1/8, where only DC coefficients count, so the probe decodes only
        // the first (DC) scan of the progressive file. It must see the same picture.
        cv::Mat img(1600, 1700, CV_8UC3);
        cv::randu(img, 0, 255);
        cv::GaussianBlur(img, img, cv::Size(0, 0), 6);
        std::vector<uchar> base, prog;
        cv::imencode(".jpg", img, base, {cv::IMWRITE_JPEG_QUALITY, 90});
        cv::imencode(".jpg", img, prog,
                     {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, 1});
        auto baseInfo = probeImage(base.data(), base.size());
        auto progInfo = probeImage(prog.data(), prog.size());
        QVERIFY(progInfo.ok() && progInfo->progressive && !baseInfo->progressive);
        auto a = probeContent(base.data(), base.size(), baseInfo.value());
        auto b = probeContent(prog.data(), prog.size(), progInfo.value());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(b->scale, 8);
        QVERIFY2(std::fabs(b->bitsPerPixel / a->bitsPerPixel - 1) < 0.05,
                 qPrintable(QString("%1 vs %2").arg(b->bitsPerPixel).arg(a->bitsPerPixel)));
    }

    void refusesWithoutThrowingWhatItMustNotDecode() {
        // A header that declares 30000x30000: over the limits, never handed to a decoder.
        auto bomb = picture(64, 64, 0, 0, 1);
        auto info = probeImage(bomb.data(), bomb.size());
        ImageInfo huge = info.value();
        huge.width = huge.height = 30000;
        QVERIFY(!probeContent(bomb.data(), bomb.size(), huge).ok());
        // Bytes that are no image at all.
        std::vector<uint8_t> junk(4096, 0x5A);
        junk[0] = 0xFF, junk[1] = 0xD8, junk[2] = 0xFF;
        QVERIFY(!probeContent(junk.data(), junk.size(), info.value()).ok());
    }

    void loadingAnImageRunsTheProbeAndCountsItsTime() {
        auto loaded = loadImage(test::sampleImage("chelsea_451x300_q75.jpg"));
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        QVERIFY(loaded->detail > 0);
        QCOMPARE(loaded->features().detail, loaded->detail);
        // The same answer as the probe alone, and its time is in probeMs: decoding and
        // encoding take a few hundred microseconds at least, a header parse a few.
        auto header = probeImage(loaded->bytes.data(), loaded->bytes.size());
        QVERIFY(header.ok());
        const auto alone = probeContent(loaded->bytes.data(), loaded->bytes.size(), header.value());
        QVERIFY(alone.ok());
        QCOMPARE(loaded->detail, alone->bitsPerPixel);
        QVERIFY2(loaded->probeMs > 0.1, qPrintable(QString::number(loaded->probeMs)));
    }
};

QTEST_MAIN(TestContentProbe)
#include "test_content_probe.moc"
