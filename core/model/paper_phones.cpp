#include "model/paper_phones.h"

namespace pieslicer {

const std::vector<PaperPhone>& paperPhones() {
    static const std::vector<PaperPhone> phones = {
        {"Nexus 5", "nexus5", 103.982, 36.018, 8.7},
        {"Moto X", "motox", 68.355, 73.460, 7.5},
        {"Pixel 2", "pixel2", 39.143, 63.091, 5.1},
    };
    return phones;
}

const PaperPhone* findPaperPhone(const std::string& nameOrId) {
    for (const auto& p : paperPhones())
        if (p.name == nameOrId || p.id == nameOrId) return &p;
    return nullptr;
}

std::string paperPhoneNames() {
    std::string out;
    for (const auto& p : paperPhones()) out += (out.empty() ? "" : ", ") + p.name;
    return out;
}

ComponentModel paperDevicePrep(const PaperPhone& phone) {
    return lineModel(Regressor::FileMb, phone.fSlopeMsPerMb, phone.fInterceptMs);
}

}  // namespace pieslicer
