#include "cli/cli_options.h"

#include <sstream>

namespace pieslicer::cli {

std::optional<Options> Options::parse(const std::vector<std::string>& args,
                                      const std::set<std::string>& flags, std::string& error) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            error = "unexpected argument '" + a + "'";
            return std::nullopt;
        }
        std::string name = a.substr(2), value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (flags.count(name)) {
            value = "1";
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            error = "option --" + name + " needs a value";
            return std::nullopt;
        }
        o.values_[name] = value;
        o.repeated_[name].push_back(value);
    }
    return o;
}

std::string Options::get(const std::string& name, const std::string& fallback) const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::vector<std::string> Options::getAll(const std::string& name) const {
    const auto it = repeated_.find(name);
    return it == repeated_.end() ? std::vector<std::string>{} : it->second;
}

Options Options::without(const std::set<std::string>& names) const {
    Options o = *this;
    for (const auto& n : names) {
        o.values_.erase(n);
        o.repeated_.erase(n);
    }
    return o;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

}  // namespace pieslicer::cli
