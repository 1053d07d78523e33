#pragma once
// Helpers shared by tests: sample image paths, an embedded endpoint on an ephemeral
// loopback port that is always stopped, scratch folders.
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <string>
#include <vector>

#include "domain/image_features.h"
#include "server/endpoint_server.h"

namespace pieslicer::test {

std::string sampleImagesDir();
std::string sampleImage(const std::string& name);
std::vector<uint8_t> readSample(const std::string& name);

// A started endpoint on 127.0.0.1:<ephemeral>; stopped and joined on destruction.
std::unique_ptr<EndpointServer> startEndpoint(EndpointConfig config = {});

// A TCP connection to 127.0.0.1:port, or -1: for clients no library would be.
int connectLoopback(int port);

// Sends raw bytes to 127.0.0.1:port and returns what comes back until the peer closes or
// `timeoutMs` passes: for requests no well-behaved client would send.
std::string rawExchange(int port, const std::string& request, int timeoutMs = 3000);

// The built pieslicer-cli, for tests that run it as a user would.
QString cliPath();
// <tmp>/images holding copies of the named sample images: a small folder for a run.
std::string copySamples(const QTemporaryDir& tmp, const std::vector<std::string>& names);

// A header's facts of an image that was never read: its size and dimensions (a JPEG).
ImageFeatures imageFeatures(double bytes, int width, int height);

// Where tests may leave artefacts for people to look at (screenshots, CSV).
QString outputDir();

}  // namespace pieslicer::test
