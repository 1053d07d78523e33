// A folder of the files researchers really meet: each problem file becomes an error record
// with a clear reason, the run goes on, nothing crashes, and the decoder never sees a
// format outside the allowlist or an image over the pixel limit.
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/imgcodecs.hpp>

#include "image/image_files.h"
#include "run/experiment.h"
#include "support/support.h"

using namespace pieslicer;
namespace fs = std::filesystem;

namespace {

void writeBytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string encoded(const cv::Mat& m, const std::string& ext, std::vector<int> params = {}) {
    std::vector<uchar> out;
    cv::imencode(ext, m, out, params);
    return std::string(out.begin(), out.end());
}

std::string fileText(const std::string& name) {
    const auto b = test::readSample(name);
    return std::string(b.begin(), b.end());
}

// name -> expected error substring ("" = must succeed on both placements' device side).
std::map<std::string, std::string> makeNastyFolder(const fs::path& dir) {
    fs::create_directories(dir / "deeper");
    std::map<std::string, std::string> expect;
    const std::string jpeg = fileText("rocket_640x427_q85.jpg");
    writeBytes(dir / "truncated.jpg", jpeg.substr(0, jpeg.size() / 2));
    expect["truncated.jpg"] = "truncated JPEG";
    writeBytes(dir / "zero.jpg", "");
    expect["zero.jpg"] = "empty file";
    writeBytes(dir / "text.jpg", "this is not a photo\n");
    expect["text.jpg"] = "not an image";
    writeBytes(dir / "ppm.jpg", "P6\n2 2\n255\n" + std::string(12, '\x7f'));
    expect["ppm.jpg"] = "not an image";
    writeBytes(dir / "exr.jpg",
               std::string("\x76\x2f\x31\x01\x02\x00\x00\x00", 8) + std::string(64, '\0'));
    expect["exr.jpg"] = "not an image";
    cv::Mat color(600, 800, CV_8UC3, cv::Scalar(20, 120, 220));
    writeBytes(dir / "alpha.png",
               encoded(cv::Mat(600, 800, CV_8UC4, cv::Scalar(1, 2, 3, 128)), ".png"));
    expect["alpha.png"] = "";
    writeBytes(dir / "sixteen.png",
               encoded(cv::Mat(600, 800, CV_16UC3, cv::Scalar(1000, 20000, 60000)), ".png"));
    expect["sixteen.png"] = "";
    writeBytes(dir / "gray.jpg", encoded(cv::Mat(600, 800, CV_8UC1, cv::Scalar(90)), ".jpg"));
    expect["gray.jpg"] = "";
    writeBytes(
        dir / "progressive many scans.jpg",
        encoded(color, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 95}));
    expect["progressive many scans.jpg"] = "";
    writeBytes(dir / "exif rotated.jpg", fileText("coffee_exif_orient6.jpg"));
    expect["exif rotated.jpg"] = "";
    writeBytes(dir / "one.png", encoded(cv::Mat(1, 1, CV_8UC3, cv::Scalar(9, 9, 9)), ".png"));
    expect["one.png"] = "";
    writeBytes(dir / "wide.png", encoded(cv::Mat(10, 20000, CV_8UC3, cv::Scalar(5, 5, 5)), ".png"));
    expect["wide.png"] = "longest-side limit";
    std::string bomb(
        "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x75\x30\x00\x00\x75\x30\x08\x02\x00\x00\x00",
        29);
    writeBytes(dir / "bomb.png", bomb + std::string(4000, '\0'));
    expect["bomb.png"] = "too large";
    writeBytes(dir / "deeper" / "ünïcödé 写真.jpg", jpeg);
    expect["deeper/ünïcödé 写真.jpg"] = "";
    writeBytes(dir / std::string("bad\xff\xfe name.jpg"), jpeg);
    expect["bad?? name.jpg"] = "";
    writeBytes(dir / "locked.jpg", jpeg);
    fs::permissions(dir / "locked.jpg", fs::perms::none);
    if (::geteuid() != 0)
        expect["locked.jpg"] = "Permission denied";  // root reads anyway
    else
        expect["locked.jpg"] = "";
    fs::create_symlink("loop_b.jpg", dir / "loop_a.jpg");
    fs::create_symlink("loop_a.jpg", dir / "loop_b.jpg");
    expect["loop_a.jpg"] = "symbolic links";
    expect["loop_b.jpg"] = "symbolic links";
    fs::create_directory_symlink(".", dir / "deeper" / "folder loop");  // never followed
    writeBytes(dir / "vanishes.jpg", jpeg);
    expect["vanishes.jpg"] = "No such file";
    return expect;
}

}  // namespace

class BadFilesTest : public QObject {
    Q_OBJECT
  private slots:
    void everyProblemFileGetsAReasonAndTheRunGoesOn() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.filePath("nasty").toStdString();
        auto expect = makeNastyFolder(dir);

        ExperimentConfig config;
        config.images = dir;
        config.link = LinkShape{100e6, 0, 1};
        std::vector<std::unique_ptr<Strategy>> strategies;
        strategies.push_back(std::make_unique<StaticStrategy>(Placement::Device));
        strategies.push_back(std::make_unique<StaticStrategy>(Placement::Cloud));
        ExperimentRunner runner(config, std::move(strategies));
        RunControl control;
        bool deleted = false;
        runner.onRecord([&](const RequestRecord&, const RunProgress&) {
            if (!deleted) fs::remove(dir / "vanishes.jpg");  // deleted during the run
            deleted = true;
        });
        const auto result = runner.run(control);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().c_str());

        std::map<std::string, int> seen;
        for (const auto& r : result->records) {
            ++seen[r.image_name_orig];
            const auto it = expect.find(r.image_name_orig);
            QVERIFY2(it != expect.end(), ("unexpected record for " + r.image_name_orig).c_str());
            const QString context =
                QString::fromStdString(r.image_name_orig + " / " + r.strategy + ": " + r.error);
            if (it->second.empty()) {
                // Good images must work on the device; in the cloud PNG/JPEG work too.
                QVERIFY2(r.ok(), qPrintable(context));
            } else {
                QVERIFY2(!r.ok(), qPrintable(context));
                QVERIFY2(
                    QString::fromStdString(r.error).contains(QString::fromStdString(it->second)),
                    qPrintable(context));
            }
        }
        for (const auto& [name, reason] : expect)
            QVERIFY2(seen[name] == 2, ("no records for " + name).c_str());
        fs::permissions(dir / "locked.jpg", fs::perms::owner_all);  // so the folder can be removed
    }

    void listingSurvivesManyFiles() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        for (int i = 0; i < 20000; ++i) std::ofstream(dir / ("f" + std::to_string(i) + ".jpg"));
        const auto files = listImages(dir);
        QVERIFY(files.ok());
        QCOMPARE(files->size(), std::size_t(20000));
        QVERIFY(std::is_sorted(files->begin(), files->end()));
    }
};

QTEST_GUILESS_MAIN(BadFilesTest)
#include "test_bad_files.moc"
