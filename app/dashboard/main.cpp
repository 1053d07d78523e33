// pieslicer-dashboard: the Qt dashboard. Without arguments it opens on sample_images/
// with an embedded endpoint; see --help for the unattended mode.
#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>
#include <cstdio>
#include <optional>

#include "dashboard_options.h"
#include "image/preprocess.h"
#include "main_window.h"
#include "util/heap_tuning.h"

namespace {

void nameTheApplication() {
    QCoreApplication::setOrganizationName("PieSlicer");
    QCoreApplication::setApplicationName("PieSlicer Dashboard");
    QCoreApplication::setApplicationVersion(PIESLICER_VERSION);
}

// The command line, read under a QCoreApplication (no display needed): --help, --version
// and usage errors print and end here, like any command-line tool's, even over ssh or in
// CI. Returns the exit code when the program must end.
std::optional<int> readCommandLine(int argc, char** argv,
                                   std::optional<pieslicer::ui::DashboardOptions>& options) {
    QCoreApplication app(argc, argv);
    nameTheApplication();
    QCommandLineParser parser;
    QString error;
    options = pieslicer::ui::parseDashboardOptions(QCoreApplication::arguments(), &error, &parser);
    if (!options) {
        std::fprintf(stderr, "pieslicer-dashboard: %s\n\n%s", qPrintable(error),
                     qPrintable(parser.helpText()));
        return 64;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet("version")) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<pieslicer::ui::DashboardOptions> options;
    if (auto exitCode = readCommandLine(argc, argv, options)) return *exitCode;

    QApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    pieslicer::returnLargeBuffersToTheSystem();
    pieslicer::runOpenCvOnOneThread();
    Q_INIT_RESOURCE(dashboard);
    nameTheApplication();
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setWindowIcon(QIcon(":/pieslicer/icons/app.svg"));

    pieslicer::ui::MainWindow window(*options);
    window.show();
    return app.exec();
}
