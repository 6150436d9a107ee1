// Every named fault point (common/fault.h), in the order of the steps they
// separate. STRATA_FAULT() refuses a name not listed here, `strata system
// faults` prints this list, and tests/system/test_faults.py runs each one: a
// point added here without a case there fails that test.
#pragma once
#include <string_view>

namespace strata::fault {

inline constexpr std::string_view kPoints[] = {
    // image import / load / commit (also every build step that makes a layer):
    // the layer extracted aside, renamed into place inside the open transaction, committed.
    "import.extracted", "import.renamed", "import.committed",
    "load.scanned", "load.renamed", "load.committed",
    "commit.prepared", "commit.renamed", "commit.committed",
    "build.step-committed",
    // container create: record inserted, rw layer made (transaction still open), committed.
    "create.recorded", "create.layer", "create.committed",
    // start: overlay mounted, monitor and `runc create` done, record says running.
    "start.mounted", "start.created", "start.recorded",
    // stop: signal sent; the exit being recorded (unmounted, record not yet updated).
    "stop.signalled", "exit.unmounted",
    // rm: record deleted, overlay unmounted, layer removed.
    "rm.recorded", "rm.unmounted", "rm.layer-removed",
    // volumes: record inserted, directory renamed into place (transaction open), committed;
    // rm/prune: record deleted, directory moved to the trash.
    "volume-create.recorded", "volume-create.renamed", "volume-create.committed",
    "volume-rm.committed", "volume-rm.moved",
    // image rm / prune: records deleted, the first layer directory removed.
    "rmi.committed", "rmi.layer-removed", "image-prune.committed",
};

}  // namespace strata::fault
