// SPDX-License-Identifier: MIT
#pragma once

namespace optconf {

/// For a process that loads, evaluates, writes and exits (optconf-cli, optconf-bench): memory
/// freed mid-run is kept and reused instead of handed back to the system and faulted in again.
/// A fresh page must be faulted in and zeroed, and a run frees and reallocates tens of MB between
/// stages (the ground truth's text, the matcher's records, the
/// sweep's copies): with glibc's defaults every large block is a new mapping. One arena, so that
/// what a worker thread frees is there for the next stage's threads. Call it first in main(); a
/// long-lived process (the GUI) keeps the default, which returns memory after a run. No effect
/// on C libraries other than glibc.
void keepFreedMemoryForReuse();

} // namespace optconf
