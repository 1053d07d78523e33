// pieslicer-dashboard: the Qt dashboard. Without arguments it opens on sample_images/
// with an embedded endpoint; see --help for the unattended mode.
#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>
#include <cstdio>

#include "dashboard_options.h"
#include "main_window.h"

int main(int argc, char** argv) {
    QApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(dashboard);
    QApplication::setOrganizationName("PieSlicer");
    QApplication::setApplicationName("PieSlicer Dashboard");
    QApplication::setApplicationVersion(PIESLICER_VERSION);
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setWindowIcon(QIcon(":/pieslicer/icons/app.svg"));

    QCommandLineParser parser;
    QString error;
    auto options = pieslicer::ui::parseDashboardOptions(QApplication::arguments(), &error, &parser);
    if (!options) {
        std::fprintf(stderr, "pieslicer-dashboard: %s\n\n%s", qPrintable(error),
                     qPrintable(parser.helpText()));
        return 64;
    }
    if (parser.isSet("help")) parser.showHelp(0);
    if (parser.isSet("version")) parser.showVersion();

    pieslicer::ui::MainWindow window(*options);
    window.show();
    return app.exec();
}
