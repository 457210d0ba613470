//! The C allocator's threshold for mapping large blocks, fixed once at start-up.
//!
//! Why: glibc's malloc maps each block of at least 128 KiB on its own and returns it to the
//! system when it is freed, but every time such a block is freed it raises that threshold to
//! the block's size (up to 32 MiB). Loading the encoder frees hundreds of megabytes in blocks
//! of a few, so from then on every buffer below that size (inference's activations, an ingest
//! batch, a rendered page) was carved from the heap, which gives memory back to the system
//! only from its top: a hub holding a million mentions kept about 90 MiB more than it used.
//! Fixing the threshold at glibc's own starting value stops it rising. Its cost on `chorus
//! bench ingest` was within the machine's run-to-run noise when it was measured (2026-12-07).
//!
//! Why here: setting it takes `mallopt`, a C call, and this crate holds Chorus's unsafe code.
//! An operator's own `MALLOC_MMAP_THRESHOLD_` or `GLIBC_TUNABLES` wins. The number of arenas
//! is left to glibc and the operator (`MALLOC_ARENA_MAX`, which the README recommends).

/// Blocks of at least this many bytes are mapped on their own and returned when freed.
pub const MMAP_THRESHOLD: i32 = 128 * 1024;

/// What [`settle`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// [`MMAP_THRESHOLD`] is in force.
    Applied,
    /// The environment sets the threshold; it was left alone.
    LeftToEnvironment,
    /// Not glibc's allocator (another C library or platform), or it refused the setting.
    NotApplicable,
}

/// Fixes the C allocator's mapping threshold for a long-running process (see the module's
/// documentation). Call it first thing in `main`.
pub fn settle() -> Settled {
    let names = std::env::vars_os().map(|(name, _)| name.to_string_lossy().into_owned());
    if set_by_environment(names) {
        return Settled::LeftToEnvironment;
    }
    apply()
}

/// Whether any of these environment variables sets glibc's mapping threshold.
fn set_by_environment(mut names: impl Iterator<Item = String>) -> bool {
    names.any(|name| name == "MALLOC_MMAP_THRESHOLD_" || name == "GLIBC_TUNABLES")
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn apply() -> Settled {
    #[allow(unsafe_code)]
    // SAFETY: `mallopt` only changes the allocator's parameters, takes plain integers and may
    // be called at any time; `M_MMAP_THRESHOLD` with a value below glibc's maximum is valid.
    let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 };
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
            &["PATH", "MALLOC_MMAP_THRESHOLD_"][..],
            &["HOME", "GLIBC_TUNABLES"],
        ] {
            assert!(set_by_environment(names(set).into_iter()), "{set:?}");
        }
        // Other allocator settings (arenas) do not stop the threshold being fixed.
        for unset in [
            &[][..],
            &["PATH", "MALLOC_ARENA_MAX", "CHORUS_MALLOC", "GLIBC"],
        ] {
            assert!(!set_by_environment(names(unset).into_iter()), "{unset:?}");
        }
    }

    #[test]
    fn glibc_takes_the_setting() {
        // This test process may run under an operator's variables; then nothing is set, and
        // saying so is the right answer.
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
