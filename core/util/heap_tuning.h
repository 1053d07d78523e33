#pragma once
// How the process's heap gives memory back (issue #15: bytes per record at a million).
namespace pieslicer {

// Buffers of 256 KB and more (a pass's sorted runs, a chunk's copy) are mapped on their own
// and returned to the system when freed. glibc otherwise raises its mapping threshold to the
// largest buffer freed so far (up to 32 MB), after which such buffers come from per-thread
// heaps that keep the memory: a Compare pass's transient vectors on a worker then stayed in
// the process. No effect off glibc.
void returnLargeBuffersToTheSystem();

}  // namespace pieslicer
