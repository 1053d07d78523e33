// pieslicer-cli: unattended, reproducible PieSlicer experiments from the terminal.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "image/preprocess.h"

namespace {

const char* kUsage =
    "usage: pieslicer-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  run        measure pre-execution orders over a folder of images\n"
    "  calibrate  measure this machine, the endpoint and the link; fit a cost profile\n"
    "  estimators compare bandwidth estimators for pieslicer-corrected over a trace\n"
    "  replay     re-time and re-decide recorded measurements under another link,\n"
    "             device or strategy, without measuring again\n"
    "  sweep      one experiment over a grid of uplinks x RTTs x devices x TCP models\n"
    "\n"
    "run options:\n"
    "  --images DIR          folder (read recursively) or one image file      [required]\n"
    "  --endpoint URL        endpoint to use; default: start one in-process on 127.0.0.1\n"
    "  --strategies LIST     comma-separated: pieslicer, pieslicer-shortcircuit,\n"
    "                        pieslicer-corrected, pieslicer-corrected-prototype,\n"
    "                        pieslicer-online, static-device, static-cloud, oracle,\n"
    "                        inverse, pieslicer-corrected:EST for a bandwidth estimator\n"
    "                        EST, pieslicer-online:LAMBDA for a forgetting factor\n"
    "  --estimator EST       pieslicer-corrected predicts g from EST's estimate of the\n"
    "                        uplink: prototype, ewma, ewma=ALPHA, harmonic, dual-ewma\n"
    "  --forgetting LAMBDA   pieslicer-online's RLS forgetting factor, (0, 1] [0.8]\n"
    "  --placement P         shorthand for the statics: device | cloud | both [both]\n"
    "  --profile FILE        cost profile (from calibrate or resources/profiles/); without\n"
    "                        it, model-based strategies calibrate on the images first\n"
    "  --uplink RATE         emulated uplink, e.g. 8mbit, 500kbit             [8mbit]\n"
    "  --rtt TIME            emulated round-trip time, e.g. 40ms              [40ms]\n"
    "  --tcp MODEL           ideal (a full pipe) or linux (handshake, IW 10, slow start,\n"
    "                        restart after idle; see README)                  [ideal]\n"
    "  --warm-connection     with --tcp linux: keep the window across uploads; by default\n"
    "                        each photo's upload starts from the initial window\n"
    "  --queue SIZE          bottleneck queue: 0 (unlimited), 100pkt, 64KB, 1MB [0]\n"
    "  --uplink-trace FILE   Mahimahi delivery trace for the uplink (replaces --uplink)\n"
    "  --downlink-trace FILE Mahimahi delivery trace for the downlink\n"
    "  --target N            model input side: 224, 299 or 331                [331]\n"
    "  --quality Q           JPEG quality of on-device output                 [90]\n"
    "  --repeat N            repetitions per image                            [1]\n"
    "  --independent         a request per strategy; by default strategies that choose\n"
    "                        the same order for an image share one measurement of it\n"
    "  --sla MS              t_sla sent to the endpoint                       [1000]\n"
    "  --route R             pieslicer: the endpoint's fixed model; modipick: the most\n"
    "                        accurate model that fits what is left of --sla  [pieslicer]\n"
    "  --models LIST         the in-process endpoint's zoo: all, none, or names of\n"
    "                        mobilenet_v2,nasnet_mobile,resnet50,nasnet_large (real\n"
    "                        architectures, seeded random weights)            [all]\n"
    "  --emulate PHONE       emulate a paper phone: Nexus 5, Moto X, Pixel 2 (or nexus5,\n"
    "                        motox, pixel2); without it, this machine (or the profile's)\n"
    "  --emulation MODE      scaled: on-device work runs here, stretched k times;\n"
    "                        paper-model: runs here, charged the paper's f of the phone\n"
    "                        for the image plus a log-normal residual         [scaled]\n"
    "  --device-slowdown K   k of a scaled device (default: the phone's; alone: an\n"
    "                        unnamed device K times slower than this one)     [1]\n"
    "  --residual-spread S   paper-model: sd of the log residual (the paper gives none;\n"
    "                        an assumption, about this machine's own f error)  [0.1]\n"
    "  --device-seed N       paper-model: seed of the residuals               [1]\n"
    "  --profile-cache DIR   without --profile: use DIR/<device>-<target>-q<quality>.json\n"
    "                        when it exists, else calibrate the device and save it there\n"
    "  --out FILE            CSV of records, appended as measured\n"
    "  --sqlite FILE         also append them to FILE in the prototype's SQLite schema\n"
    "                        (its inference_results table, WAL mode)\n"
    "  --summary-json FILE   write the scores (with their intervals) and the run's\n"
    "                        configuration as JSON\n"
    "  --decisive-margin PCT images whose two orders differ by more than PCT% of the\n"
    "                        faster are decisive (decisive F1); the rest near-ties [10%]\n"
    "  --bootstrap N         resamples of the images for 95% intervals, 0: none [1000]\n"
    "  --bootstrap-seed S    seed of the resampling                           [1]\n"
    "  --resume              skip items already in --out\n"
    "  --run-tag TAG         label stored in every record\n"
    "  --token TOKEN         bearer token for the endpoint\n"
    "\n"
    "calibrate options: --images, --endpoint, --uplink, --rtt, --tcp, --warm-connection,\n"
    "  --queue, --uplink-trace, --downlink-trace, --target, --quality,\n"
    "  --emulate, --emulation, --device-slowdown, --residual-spread, --device-seed,\n"
    "  --token as for run, and\n"
    "  --out FILE            where to save the profile (JSON)                  [required]\n"
    "  --repeat N            measurements of each order per image             [1]\n"
    "  --max-images N        use N images spread over the file sizes          [all]\n"
    "  --csv FILE            keep the raw calibration measurements\n"
    "\n"
    "estimators options: --images, --endpoint, --rtt, --tcp, --warm-connection, --queue,\n"
    "  --downlink-trace, --target, --quality, --device-slowdown, --profile, --repeat,\n"
    "  --out, --run-tag, --token as for run, and\n"
    "  --trace FILE          Mahimahi uplink trace (e.g. a 10x step)           [required]\n"
    "  --estimators LIST     estimators to compare             [all four above]\n"
    "  One paired run of oracle, the statics, pieslicer, pieslicer-corrected and\n"
    "  pieslicer-corrected:EST per estimator; prints |estimate - true rate| p50/p90,\n"
    "  regret against the oracle, and per 5x+ step in the true rate the requests until\n"
    "  decisions agree with the oracle's again.\n"
    "\n"
    "replay options:\n"
    "  --records FILE        measured records: CSV, SQLite or a saved experiment [required]\n"
    "  --uplink, --rtt, --tcp, --queue, --uplink-trace  the link to replay on; each one\n"
    "                        not given stays as the records were measured\n"
    "  --device-slowdown K   a scaled device K times slower than this machine: the\n"
    "                        on-device stages scale by K over the recorded k\n"
    "  --profile [DEVICE=]FILE  what model-based strategies predict with; repeat it with\n"
    "                        DEVICE= (\"Pixel 2=p2.json\") or profiles that describe\n"
    "                        their devices: each device's records predict with its own\n"
    "  --profile-cache DIR   a sweep's per-device calibrations [<records>.profiles]\n"
    "                        (a device with no profile is an error naming it)\n"
    "  --strategies LIST     strategies to replay            [those of the records]\n"
    "  --out FILE            CSV of the replayed records (each says it was replayed)\n"
    "  --sqlite FILE         append them to FILE in the prototype's SQLite schema\n"
    "  --summary-json FILE, --decisive-margin, --bootstrap, --bootstrap-seed as for run\n"
    "  Uploads are recomputed from the bytes with the link model; the device's and the\n"
    "  endpoint's stages are reused as measured (see README, \"What-if replay\"). A\n"
    "  sweep's records are replayed cell by cell (device x link), each cell reported.\n"
    "\n"
    "sweep options: --images, --endpoint, --strategies, --target, --quality, --sla,\n"
    "  --queue, --warm-connection, --downlink-trace, --residual-spread, --device-seed,\n"
    "  --repeat, --run-tag, --token, --out, --sqlite, --resume, --summary-json,\n"
    "  --decisive-margin,\n"
    "  --bootstrap, --bootstrap-seed as for run (--strategies defaults to pieslicer,\n"
    "  static-device,static-cloud,oracle), and the grid, each a comma-separated list:\n"
    "  --uplinks LIST        rates (2mbit), named networks (campus-wifi, slow-3g, ...)\n"
    "                        or Mahimahi trace files                          [required]\n"
    "  --rtts LIST           durations, or auto: a named network's own RTT, else 40 ms [auto]\n"
    "  --devices LIST        this machine, a paper phone scaled by its k (Pixel 2), by a\n"
    "                        given k (Pixel 2:k6) or by the paper's model (Pixel 2:paper),\n"
    "                        an unnamed device k times slower (k3)           [this machine]\n"
    "  --tcp LIST            ideal, linux                                     [ideal]\n"
    "  --profile-cache DIR   one profile per device, cached here        [<out>.profiles]\n"
    "  Records carry sweep_cell and uplink_name; --resume skips what each cell has.\n"
    "  Progress and ETA on stderr are over the whole grid.\n"
    "\n"
    "Ctrl-C or SIGTERM abandons the request in flight (--resume measures it again) and exits\n"
    "with every finished record written.\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool help = std::any_of(args.begin(), args.end(), [](const std::string& a) {
        return a == "--help" || a == "-h" || a == "help";
    });
    if (args.empty() || help) {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    pieslicer::runOpenCvOnOneThread();
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "run") return pieslicer::cli::runCommand(args);
    if (command == "calibrate") return pieslicer::cli::calibrateCommand(args);
    if (command == "estimators") return pieslicer::cli::estimatorsCommand(args);
    if (command == "replay") return pieslicer::cli::replayCommand(args);
    if (command == "sweep") return pieslicer::cli::sweepCommand(args);
    std::fprintf(stderr, "pieslicer-cli: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
}
