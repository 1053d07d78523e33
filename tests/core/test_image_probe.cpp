// Header probing and the downscale-factor rule: the guards that run before any decoder.
#include <QTest>
#include <opencv2/imgcodecs.hpp>

#include "image/image_probe.h"
#include "image/preprocess.h"
#include "support/support.h"

using namespace pieslicer;

class ImageProbeTest : public QObject {
    Q_OBJECT
  private slots:
    void probesSampleHeaders_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("progressive");
        QTest::newRow("baseline jpeg") << "rocket_640x427_q85.jpg"
                                       << "jpeg" << 640 << 427 << false;
        QTest::newRow("progressive jpeg") << "rocket_progressive.jpg"
                                          << "jpeg" << 640 << 427 << true;
        QTest::newRow("png") << "chelsea.png"
                             << "png" << 451 << 300 << false;
        QTest::newRow("13.6 MP jpeg") << "mosaic_4240x3200_q97.jpg"
                                      << "jpeg" << 4240 << 3200 << false;
    }
    void probesSampleHeaders() {
        QFETCH(QString, file);
        const auto bytes = test::readSample(file.toStdString());
        const auto info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().c_str());
        QFETCH(QString, format);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, progressive);
        QCOMPARE(QString::fromStdString(formatName(info->format)), format);
        QCOMPARE(info->width, width);
        QCOMPARE(info->height, height);
        QCOMPARE(info->progressive, progressive);
        QCOMPARE(info->bytes, bytes.size());
    }

    void probeAgreesWithDecoder() {
        // The probe must give the decoder's own dimensions, without decoding.
        for (const char* name :
             {"rocket_progressive.jpg", "chelsea.png", "retina_1411x1411_q85.jpg"}) {
            const auto bytes = test::readSample(name);
            const auto info = probeImage(bytes.data(), bytes.size());
            QVERIFY(info.ok());
            const cv::Mat full =
                cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, (void*)bytes.data()),
                             cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
            QCOMPARE(info->width, full.cols);
            QCOMPARE(info->height, full.rows);
        }
    }

    void readsExifOrientation() {
        const auto bytes = test::readSample("coffee_exif_orient6.jpg");
        const auto info = probeImage(bytes.data(), bytes.size());
        QVERIFY(info.ok());
        QCOMPARE(info->exifOrientation, 6);
        const auto plain = test::readSample("coffee_600x400_q75.jpg");
        QCOMPARE(probeImage(plain.data(), plain.size())->exifOrientation, 1);
    }

    void readsTheLumaQuantisationStep() {
        // libjpeg scales its standard tables: quality 50 is the table itself (mean step
        // 57.625), quality 100 is all ones. Lossless formats have none.
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(40, 90, 160));
        for (int q : {50, 100}) {
            std::vector<uchar> jpeg;
            QVERIFY(cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, q}));
            const auto info = probeImage(jpeg.data(), jpeg.size());
            QVERIFY(info.ok());
            QCOMPARE(info->jpegQuantStep, q == 50 ? 57.625 : 1.0);
        }
        const auto png = test::readSample("chelsea.png");
        QCOMPARE(probeImage(png.data(), png.size())->jpegQuantStep, 0.0);
    }

    // Issue #11 item 4: the detail pane shows a JPEG's quality, estimated from its table.
    void estimatesTheJpegQualityFromItsTable() {
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(40, 90, 160));
        for (int q : {10, 35, 50, 75, 85, 90, 97}) {
            std::vector<uchar> jpeg;
            QVERIFY(cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, q}));
            const auto info = probeImage(jpeg.data(), jpeg.size());
            QCOMPARE(estimateJpegQuality(info->jpegQuantStep), q);
        }
        const auto sample = test::readSample("rocket_640x427_q85.jpg");
        QCOMPARE(estimateJpegQuality(probeImage(sample.data(), sample.size())->jpegQuantStep), 85);
        QCOMPARE(estimateJpegQuality(0), 0);  // not a JPEG
    }

    void rejectsWhatIsNotAnImage_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << "empty file";
        QTest::newRow("text") << QByteArray("hello, this is text named .jpg") << "not an image";
        QTest::newRow("jpeg soi only") << QByteArray("\xFF\xD8", 2) << "truncated JPEG";
        QTest::newRow("jpeg without frame")
            << QByteArray("\xFF\xD8\xFF\xE0\x00\x04\x00\x00", 8) << "truncated JPEG";
        QTest::newRow("short png")
            << QByteArray("\x89PNG\r\n\x1A\n\x00\x00", 10) << "truncated PNG";
        QTest::newRow("ppm") << QByteArray("P6\n4 4\n255\n") << "not an image";
    }
    void rejectsWhatIsNotAnImage() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const auto info = probeImage(reinterpret_cast<const uint8_t*>(bytes.constData()),
                                     std::size_t(bytes.size()));
        QVERIFY(!info.ok());
        QVERIFY2(QString::fromStdString(info.error()).contains(reason), info.error().c_str());
    }

    void decompressionBombIsOverTheLimit() {
        // A PNG header declaring 30000x30000 in a few bytes: probe reads it, limits refuse it.
        QByteArray png("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16);
        png.append("\x00\x00\x75\x30\x00\x00\x75\x30\x08\x02\x00\x00\x00\x00\x00\x00\x00", 17);
        const auto info =
            probeImage(reinterpret_cast<const uint8_t*>(png.constData()), std::size_t(png.size()));
        QVERIFY(info.ok());
        QCOMPARE(info->width, 30000);
        const auto limited = checkLimits(info.value(), ImageLimits{});
        QVERIFY(!limited.ok());
        QVERIFY(QString::fromStdString(limited.error()).contains("too large"));
    }

    void downscaleFactorKeepsBothSidesAtLeastTarget_data() {
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("factor");
        QTest::newRow("13MP to 331") << 4240 << 3200 << 331 << 8;
        QTest::newRow("exactly 8x") << 2648 << 2648 << 331 << 8;
        QTest::newRow("one px short of 8x") << 2647 << 4000 << 331 << 4;
        QTest::newRow("1411 to 331") << 1411 << 1411 << 331 << 4;
        QTest::newRow("1411 to 224") << 1411 << 1411 << 224 << 4;
        QTest::newRow("640x427 to 224") << 640 << 427 << 224 << 1;
        QTest::newRow("700x500 to 224 halves") << 700 << 500 << 224 << 2;
        QTest::newRow("smaller than target") << 200 << 100 << 331 << 1;
    }
    void downscaleFactorKeepsBothSidesAtLeastTarget() {
        QFETCH(int, w);
        QFETCH(int, h);
        QFETCH(int, target);
        QFETCH(int, factor);
        QCOMPARE(downscaleFactor(w, h, target), factor);
    }
};

QTEST_GUILESS_MAIN(ImageProbeTest)
#include "test_image_probe.moc"
