#include "window/about_dialog.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace pieslicer::ui {

void showAboutDialog(QWidget* parent) {
    QMessageBox::about(
        parent, QObject::tr("About PieSlicer Dashboard"),
        QObject::tr(
            "<h3>PieSlicer Dashboard %1</h3>"
            "<p>Measures where to preprocess an image before cloud CNN inference: on the device "
            "(then upload a small JPEG) or in the cloud (upload the original), and how well a cost "
            "model chooses between them.</p>"
            "<p>Based on: Samuel S. Ogden, Xiangnan Kong, Tian Guo. <i>PieSlicer: Dynamically "
            "Improving "
            "Response Time for Cloud-based CNN Inference.</i> ICPE '21, ACM. "
            "doi:10.1145/3427921.3450256</p>"
            "<p><b>Inference uses random weights.</b> The endpoint's models (MobileNetV2, "
            "NASNet-Mobile, ResNet-50, NASNet-Large) are the real architectures, written at build "
            "time by scripts/make_models.py with <i>seeded random weights</i>: no package ships "
            "pretrained ImageNet weights usable offline. Their inference times are real; their "
            "labels are not. The accuracies shown are the published ImageNet top-1 of the "
            "trained models; every record says so in its model_weights column.</p><p>Qt %2</p>")
            .arg(QCoreApplication::applicationVersion(), qVersion()));
}

}  // namespace pieslicer::ui
