// Both preprocessing paths: output sizes, DCT-domain downscaling, orientation and the
// awkward inputs (gray, alpha, 16-bit, CMYK, corrupt) as values, never crashes.
#include <QFile>
#include <QProcess>
#include <QTest>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image/preprocess.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

std::vector<uint8_t> encode(const cv::Mat& m, const std::string& ext,
                            std::vector<int> params = {}) {
    std::vector<uchar> out;
    cv::imencode(ext, m, out, params);
    return {out.begin(), out.end()};
}

// Structured content so JPEG sizes behave like photographs.
cv::Mat gradient(int w, int h, int type) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 255 / w), uchar(y * 255 / h), 128);
    cv::Mat out;
    if (type == CV_8UC1)
        cv::cvtColor(m, out, cv::COLOR_BGR2GRAY);
    else if (type == CV_8UC4)
        cv::cvtColor(m, out, cv::COLOR_BGR2BGRA);
    else if (type == CV_16UC3)
        m.convertTo(out, CV_16UC3, 257);
    else
        out = m;
    return out;
}

}  // namespace

class PreprocessTest : public QObject {
    Q_OBJECT
  private slots:
    void onDeviceProducesTargetSizedJpeg_data() {
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("quality");
        QTest::newRow("224 q90") << 224 << 90;
        QTest::newRow("299 q75") << 299 << 75;
        QTest::newRow("331 q90") << 331 << 90;
    }
    void onDeviceProducesTargetSizedJpeg() {
        QFETCH(int, target);
        QFETCH(int, quality);
        const auto bytes = test::readSample("mosaic_3000x2000_q97.jpg");
        PreprocessOptions opt;
        opt.target = target;
        opt.jpegQuality = quality;
        const auto r = preprocessOnDevice(bytes.data(), bytes.size(), opt);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        const auto out = probeImage(r->jpeg.data(), r->jpeg.size());
        QVERIFY(out.ok());
        QCOMPARE(out->format, ImageFormat::Jpeg);
        QCOMPARE(out->width, target);
        QCOMPARE(out->height, target);
        QVERIFY(r->jpeg.size() < bytes.size() / 10);  // the point of preprocessing on the device
        QCOMPARE(r->timings.scale, downscaleFactor(3000, 2000, target));
        QVERIFY(r->timings.decodedWidth < 3000);  // decoded in the DCT domain, not in full
        QVERIFY(r->totalMs >= r->timings.decodeMs + r->timings.resizeMs + r->encodeMs);
    }

    void qualityChangesOutputSize() {
        const auto bytes = test::readSample("mosaic_2592x1944_q95.jpg");
        PreprocessOptions lo, hi;
        lo.jpegQuality = 50;
        hi.jpegQuality = 95;
        const auto a = preprocessOnDevice(bytes.data(), bytes.size(), lo);
        const auto b = preprocessOnDevice(bytes.data(), bytes.size(), hi);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->jpeg.size() * 2 < b->jpeg.size());
    }

    void inCloudProducesNormalisedNchwTensor() {
        const auto bytes = test::readSample("chelsea.png");
        PreprocessOptions opt;
        opt.target = 224;
        const auto r = preprocessInCloud(bytes.data(), bytes.size(), opt);
        QVERIFY(r.ok());
        const cv::Mat& t = r->tensor;
        QCOMPARE(t.dims, 4);
        QCOMPARE(t.size[0], 1);
        QCOMPARE(t.size[1], 3);
        QCOMPARE(t.size[2], 224);
        QCOMPARE(t.size[3], 224);
        QCOMPARE(t.type(), CV_32F);
        double lo = 0, hi = 0;
        cv::minMaxIdx(t, &lo, &hi);
        // ImageNet normalisation maps [0,1] into about [-2.12, 2.64].
        QVERIFY(lo >= -2.2 && hi <= 2.7);
        QVERIFY(lo < 0 && hi > 0);
    }

    void tensorMatchesTheReferenceChain() {
        // The one-pass conversion must equal OpenCV's cvtColor/convertTo/normalise/blob chain.
        cv::Mat bgr(57, 43, CV_8UC3);
        cv::randu(bgr, 0, 256);
        cv::Mat rgb, f;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
        cv::subtract(f, cv::Scalar(0.485, 0.456, 0.406), f);
        cv::divide(f, cv::Scalar(0.229, 0.224, 0.225), f);
        const cv::Mat reference = cv::dnn::blobFromImage(f);
        const cv::Mat ours = toTensor(bgr);
        QCOMPARE(ours.dims, 4);
        QCOMPARE(ours.total(), reference.total());
        QVERIFY(cv::norm(ours.reshape(1, 1), reference.reshape(1, 1), cv::NORM_INF) < 1e-5);
    }

    void honoursExifOrientation() {
        // The file stores 400x600 pixels with orientation 6: upright it is 600 wide.
        const auto bytes = test::readSample("coffee_exif_orient6.jpg");
        PreprocessOptions opt;
        opt.target = 224;
        ImageInfo info;
        DecodeTimings t;
        const auto m = decodeAndResize(bytes.data(), bytes.size(), opt, info, t);
        QVERIFY(m.ok());
        QCOMPARE(t.decodedWidth, 600);
        QCOMPARE(t.decodedHeight, 400);
    }

    void awkwardInputsBecomeBgr_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("ext");
        QTest::newRow("gray jpeg") << int(CV_8UC1) << ".jpg";
        QTest::newRow("gray png") << int(CV_8UC1) << ".png";
        QTest::newRow("alpha png") << int(CV_8UC4) << ".png";
        QTest::newRow("16-bit png") << int(CV_16UC3) << ".png";
        QTest::newRow("webp") << int(CV_8UC3) << ".webp";
    }
    void awkwardInputsBecomeBgr() {
        QFETCH(int, type);
        QFETCH(QString, ext);
        const auto bytes = encode(gradient(800, 600, type), ext.toStdString());
        QVERIFY(!bytes.empty());
        const auto r = preprocessOnDevice(bytes.data(), bytes.size(), PreprocessOptions{});
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        const auto out = probeImage(r->jpeg.data(), r->jpeg.size());
        QCOMPARE(out->width, 331);
        QCOMPARE(out->channels, 3);
    }

    void cmykJpegIsDecoded() {
        // A 4-component (Adobe CMYK) JPEG as made by print workflows.
        const QString path = test::outputDir() + "/cmyk.jpg";
        const QString src = QString::fromStdString(test::sampleImage("rocket_640x427_q85.jpg"));
        if (QProcess::execute("convert", {src, "-colorspace", "CMYK", path}) != 0)
            QSKIP("ImageMagick convert not available to make a CMYK JPEG");
        auto bytes = readBytes(path);
        const auto info = probeImage(bytes.data(), bytes.size());
        QVERIFY(info.ok());
        QCOMPARE(info->channels, 4);
        const auto r = preprocessOnDevice(bytes.data(), bytes.size(), PreprocessOptions{});
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    }

    void corruptInputIsAnErrorNotACrash_data() {
        QTest::addColumn<int>("keep");
        QTest::newRow("header only") << 600;
        QTest::newRow("half") << -2;
    }
    void corruptInputIsAnErrorNotACrash() {
        QFETCH(int, keep);
        auto bytes = test::readSample("rocket_640x427_q85.jpg");
        bytes.resize(keep > 0 ? std::size_t(keep) : bytes.size() / 2);
        const auto r = preprocessOnDevice(bytes.data(), bytes.size(), PreprocessOptions{});
        // libjpeg fills a truncated tail with gray; either a value or an error, never a crash.
        if (!r.ok())
            QVERIFY(!r.error().empty());
        else
            QCOMPARE(probeImage(r->jpeg.data(), r->jpeg.size())->width, 331);
    }

    void bombIsRefusedBeforeDecoding() {
        QByteArray png(
            "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x75\x30\x00\x00\x75\x30\x08\x02\x00\x00"
            "\x00",
            29);
        png.append(QByteArray(16, '\0'));
        const auto r = preprocessInCloud(reinterpret_cast<const uint8_t*>(png.constData()),
                                         std::size_t(png.size()), PreprocessOptions{});
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error()).contains("too large"));
    }

  private:
    static std::vector<uint8_t> readBytes(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        const QByteArray a = f.readAll();
        return {a.begin(), a.end()};
    }
};

QTEST_GUILESS_MAIN(PreprocessTest)
#include "test_preprocess.moc"
