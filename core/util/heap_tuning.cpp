#include "util/heap_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pieslicer {

void returnLargeBuffersToTheSystem() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);  // a fixed threshold: glibc no longer raises it
#endif
}

}  // namespace pieslicer
