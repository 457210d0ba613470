//! The C allocator's settings for a long-running hub, set once at start-up.
//!
//! Why: with glibc's defaults a serving hub held far more memory than it used (a hub of a
//! million mentions with the accurate tier: 316 MiB resident, of which the encoder's weights
//! were 91 MB and its live data much less). Two defaults do it:
//!
//! - **One arena per thread that ever allocated** (up to eight per core): tokio's workers,
//!   SQLite's threads and the encoder's pool each keep their own free memory, which no other
//!   thread reuses. One arena per core (at least two) is enough for threads that run at
//!   once to rarely wait for each other's.
//! - **A threshold for mapping blocks that rises** each time a mapped block is freed, up to
//!   32 MiB. Loading the encoder frees hundreds of megabytes in blocks of a few, and from then
//!   on every buffer below that size (inference's activations, an ingest batch, a page) is
//!   carved from the heap, which gives memory back to the system only from its top. A fixed
//!   threshold of 128 KiB (glibc's starting value) keeps large buffers mapped, so freeing one
//!   returns it at once.
//!
//! Why here: setting them takes `mallopt`, a C call, and this crate holds Chorus's unsafe
//! code. It must run before any thread starts (arenas are created by the first allocations
//! of each thread). An operator's own `MALLOC_*` or `GLIBC_TUNABLES` settings win.

/// Arenas of the C allocator in a hub: one per core the process may use, at least two.
pub fn arenas() -> i32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    i32::try_from(cores.clamp(2, 256)).unwrap_or(2)
}

/// Blocks of at least this many bytes are mapped on their own and returned when freed.
pub const MMAP_THRESHOLD: i32 = 128 * 1024;

/// What [`settle`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// [`arenas`] and [`MMAP_THRESHOLD`] are in force.
    Applied,
    /// The environment sets the allocator; it was left alone.
    LeftToEnvironment,
    /// Not glibc's allocator (another C library or platform), or it refused the settings.
    NotApplicable,
}

/// Sets the C allocator for a long-running process (see the module's documentation). Call it
/// first thing in `main`, before any thread is started.
pub fn settle() -> Settled {
    let names = std::env::vars_os().map(|(name, _)| name.to_string_lossy().into_owned());
    if set_by_environment(names) {
        return Settled::LeftToEnvironment;
    }
    apply()
}

/// Whether any of these environment variables sets glibc's allocator.
fn set_by_environment(mut names: impl Iterator<Item = String>) -> bool {
    names.any(|name| name.starts_with("MALLOC_") || name == "GLIBC_TUNABLES")
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn apply() -> Settled {
    let arenas = arenas();
    #[allow(unsafe_code)]
    // SAFETY: `mallopt` only changes the allocator's parameters, takes plain integers and is
    // documented as callable at any time; both parameters are valid for glibc.
    let ok = unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas) == 1
            && libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    };
    if ok {
        Settled::Applied
    } else {
        Settled::NotApplicable
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn apply() -> Settled {
    Settled::NotApplicable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operators_allocator_settings_win() {
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        for set in [
            &["PATH", "MALLOC_ARENA_MAX"][..],
            &["MALLOC_MMAP_THRESHOLD_"],
            &["HOME", "GLIBC_TUNABLES"],
        ] {
            assert!(set_by_environment(names(set).into_iter()), "{set:?}");
        }
        for unset in [&[][..], &["PATH", "HOME", "CHORUS_MALLOC", "GLIBC"]] {
            assert!(!set_by_environment(names(unset).into_iter()), "{unset:?}");
        }
    }

    #[test]
    fn glibc_takes_the_settings() {
        // This test process may run under an operator's MALLOC_* variables; then nothing is
        // set, and saying so is the right answer.
        let names = std::env::vars_os().map(|(n, _)| n.to_string_lossy().into_owned());
        let expected = if set_by_environment(names) {
            Settled::LeftToEnvironment
        } else if cfg!(all(target_os = "linux", target_env = "gnu")) {
            Settled::Applied
        } else {
            Settled::NotApplicable
        };
        assert_eq!(settle(), expected);
    }
}
