#pragma once
// Command-line flags of pieslicer-cli: "--name value" pairs and bare "--flag"s.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pieslicer::cli {

class Options {
  public:
    // Parses argv after the command word; `flags` are the names that take no value.
    static std::optional<Options> parse(const std::vector<std::string>& args,
                                        const std::set<std::string>& flags, std::string& error);

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    const std::map<std::string, std::string>& all() const { return values_; }
    // Every value of an option given more than once, in order (get() has the last).
    std::vector<std::string> getAll(const std::string& name) const;
    // The same options without `names`: for a shared parser that must not see them.
    Options without(const std::set<std::string>& names) const;

  private:
    std::map<std::string, std::string> values_;
    std::map<std::string, std::vector<std::string>> repeated_;
};

std::vector<std::string> splitList(const std::string& text);

}  // namespace pieslicer::cli
