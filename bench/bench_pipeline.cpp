// Pipeline benchmarks (issue 2), not tests:
//  - on-device preprocessing of the sample photos of 4 MP and more, with DCT-domain
//    downscaling vs full decoding (compare the two totals: the ratio is the figure);
//  - the endpoint's in-cloud preprocessing throughput (requests/s) with 1 and 2 threads;
//  - the tensor conversion alone (convert_time) of one 331x331 image (issue 13: < 0.5 ms).
// Run: build/bench/bench_pipeline --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>

#include "image/image_files.h"
#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "server/endpoint_server.h"

using namespace pieslicer;

namespace {

// Every sample photo of at least 4 MP, in memory.
const std::vector<std::vector<uint8_t>>& largePhotos() {
    static const auto photos = [] {
        std::vector<std::vector<uint8_t>> out;
        auto files = listImages(PIESLICER_SAMPLE_IMAGES);
        if (!files) return out;
        for (const auto& f : files.value()) {
            auto bytes = readFileBytes(f);
            if (!bytes) continue;
            auto info = probeImage(bytes->data(), bytes->size());
            if (info && info->format == ImageFormat::Jpeg && info->megapixels() >= 4.0)
                out.push_back(bytes.value());
        }
        return out;
    }();
    return photos;
}

void onDevicePreprocessing(benchmark::State& state, bool dct) {
    PreprocessOptions opt;
    opt.dctDownscale = dct;
    const auto& photos = largePhotos();
    if (photos.empty()) {
        state.SkipWithError("no sample photo of 4 MP or more");
        return;
    }
    for (auto _ : state) {
        for (const auto& p : photos) {  // one iteration = the whole set: ratio of totals
            auto r = preprocessOnDevice(p.data(), p.size(), opt);
            benchmark::DoNotOptimize(r);
        }
    }
    state.counters["photos"] = double(photos.size());
}
BENCHMARK_CAPTURE(onDevicePreprocessing, dct_downscale, true)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3);
BENCHMARK_CAPTURE(onDevicePreprocessing, full_decode, false)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3);

// convert_time: one 331x331 BGR image (what decoding and resizing give) to the NCHW tensor,
// on a photo's pixels so the work is the endpoint's.
void tensorConversion(benchmark::State& state) {
    const auto& photos = largePhotos();
    if (photos.empty()) {
        state.SkipWithError("no sample photo of 4 MP or more");
        return;
    }
    ImageInfo info;
    DecodeTimings timings;
    auto bgr = decodeAndResize(photos.front().data(), photos.front().size(), PreprocessOptions{},
                               info, timings);
    if (!bgr) {
        state.SkipWithError(bgr.error().c_str());
        return;
    }
    for (auto _ : state) {
        cv::Mat tensor = toTensor(bgr.value());
        benchmark::DoNotOptimize(tensor.data);
    }
}
BENCHMARK(tensorConversion)->Unit(benchmark::kMicrosecond)->MinTime(1);

// In-cloud preprocessing on the endpoint: as many clients as server threads, each
// uploading a 5 MP photo in a loop over loopback (no link emulation).
void endpointThroughput(benchmark::State& state) {
    const int threads = int(state.range(0));
    EndpointConfig config;
    config.threads = threads;
    EndpointServer server(config);
    if (!server.start()) {
        state.SkipWithError("cannot start endpoint");
        return;
    }
    const auto& photos = largePhotos();
    const std::vector<uint8_t>& photo = photos.front();
    std::size_t total = 0;
    for (auto _ : state) {
        std::atomic<std::size_t> done{0};
        std::vector<std::thread> clients;
        for (int c = 0; c < threads; ++c)
            clients.emplace_back([&] {
                ClientConfig cc;
                cc.endpointUrl = server.url();
                cc.emulateLink = false;
                auto client = EndpointClient::create(cc);
                UploadForm form;
                form.bytes = &photo;
                for (int i = 0; i < 20; ++i)
                    if (auto r = client.value()->upload(form); r && r->httpStatus == 200) ++done;
            });
        for (auto& t : clients) t.join();
        total += done;
    }
    state.counters["requests_per_s"] =
        benchmark::Counter(double(total), benchmark::Counter::kIsRate);
    server.stop();
}
BENCHMARK(endpointThroughput)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
