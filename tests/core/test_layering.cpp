// The floors of core (issue #12): a folder includes only folders below it, in the order
// domain, util -> image, net -> server -> model -> strategy -> run, and core includes no
// Qt. Fails naming the file, the line and the rule, so a wrong include is caught here and
// not by a reader months later.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The floor of each folder of core; folders on one floor do not include each other.
const std::map<std::string, int>& floors() {
    static const std::map<std::string, int> f = {
        {"domain", 0}, {"util", 0},  {"image", 1},    {"net", 1},
        {"server", 2}, {"model", 3}, {"strategy", 4}, {"run", 5},
    };
    return f;
}

// Every broken rule under `core`, one line each: "<file>:<line>: <what>".
std::vector<std::string> layeringViolations(const fs::path& core) {
    // Plain string literals: moc cannot read raw ones with quotes in them.
    static const std::regex local("^\\s*#\\s*include\\s*\"([A-Za-z0-9_]+)/[^\"]*\"");
    static const std::regex qt("^\\s*#\\s*include\\s*<(Q[A-Za-z]*|qt[A-Za-z]*/)[^>]*>");
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(core)) {
        const fs::path& path = entry.path();
        if (!entry.is_regular_file() || (path.extension() != ".h" && path.extension() != ".cpp"))
            continue;
        const fs::path rel = fs::relative(path, core);
        const std::string folder = rel.begin()->string();
        if (std::next(rel.begin()) == rel.end()) continue;  // files at core's root
        const auto own = floors().find(folder);
        if (own == floors().end()) {
            out.push_back(rel.string() + ": folder '" + folder + "' has no floor in this test");
            continue;
        }
        std::ifstream in(path);
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            const std::string where = rel.string() + ":" + std::to_string(n) + ": ";
            std::smatch m;
            if (std::regex_search(line, m, qt)) out.push_back(where + "core includes Qt: " + line);
            if (!std::regex_search(line, m, local)) continue;
            const std::string target = m[1];
            if (target == folder) continue;
            const auto other = floors().find(target);
            if (other == floors().end()) continue;  // not a folder of core
            if (other->second >= own->second)
                out.push_back(where + folder + "/ (floor " + std::to_string(own->second) +
                              ") includes " + target + "/ (floor " + std::to_string(other->second) +
                              ")");
        }
    }
    return out;
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

}  // namespace

class LayeringTest : public QObject {
    Q_OBJECT

  private slots:
    void coreIncludesOnlyFloorsBelowAndNoQt_issue12() {
        const auto violations = layeringViolations(fs::path(PIESLICER_SOURCE_DIR) / "core");
        std::string all;
        for (const auto& v : violations) all += "\n  " + v;
        QVERIFY2(violations.empty(), all.c_str());
    }

    // The check itself: a tree with one of each mistake is caught, a good one is not.
    void theCheckCatchesEachKindOfMistake_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("bad");
        QTest::newRow("up a floor") << "model/a.h"
                                    << "#include \"run/experiment.h\"" << true;
        QTest::newRow("same floor") << "net/a.cpp"
                                    << "#include \"image/preprocess.h\"" << true;
        QTest::newRow("domain up") << "domain/a.h"
                                   << "#include \"util/units.h\"" << true;
        QTest::newRow("qt widget") << "run/a.cpp"
                                   << "#include <QWidget>" << true;
        QTest::newRow("qt module") << "util/a.h"
                                   << "#include <QtCore/QString>" << true;
        QTest::newRow("new folder") << "gadgets/a.h"
                                    << "" << true;
        QTest::newRow("down") << "run/a.cpp"
                              << "#include \"domain/placement.h\"" << false;
        QTest::newRow("own") << "model/a.cpp"
                             << "#include \"model/a.h\"" << false;
        QTest::newRow("system") << "net/a.h"
                                << "#include <queue>" << false;
    }

    void theCheckCatchesEachKindOfMistake() {
        QFETCH(QString, file);
        QFETCH(QString, text);
        QFETCH(bool, bad);
        QTemporaryDir dir;
        const fs::path core = dir.path().toStdString();
        write(core / file.toStdString(), text.toStdString() + "\n");
        QCOMPARE(!layeringViolations(core).empty(), bad);
    }
};

QTEST_GUILESS_MAIN(LayeringTest)
#include "test_layering.moc"
