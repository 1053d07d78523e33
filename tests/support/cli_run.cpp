#include "support/cli_run.h"

#include <QProcess>
#include <fstream>

#include "support/support.h"

namespace pieslicer::test {

bool runCli(const QStringList& args, QString* err) {
    QProcess p;
    p.start(cliPath(), args);
    if (!p.waitForFinished(120000)) return false;
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

nlohmann::json readJsonFile(const QString& path) {
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in, nullptr, false);
}

}  // namespace pieslicer::test
