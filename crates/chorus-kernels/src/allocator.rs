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
//! An operator's own `MALLOC_MMAP_THRESHOLD_` (or `glibc.malloc.mmap_threshold` in
//! `GLIBC_TUNABLES`) wins. The number of arenas
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
    if set_by_environment(environment()) {
        return Settled::LeftToEnvironment;
    }
    apply()
}

/// Whether any of these environment variables (name and value) sets glibc's mapping
/// threshold. `GLIBC_TUNABLES` counts only when it names the threshold: containers set it
/// for other reasons.
fn set_by_environment(mut vars: impl Iterator<Item = (String, String)>) -> bool {
    vars.any(|(name, value)| {
        name == "MALLOC_MMAP_THRESHOLD_"
            || (name == "GLIBC_TUNABLES" && value.contains("glibc.malloc.mmap_threshold"))
    })
}

/// The process's environment, lossily decoded.
fn environment() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os().map(|(n, v)| {
        (
            n.to_string_lossy().into_owned(),
            v.to_string_lossy().into_owned(),
        )
    })
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
        let vars = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        for set in [
            &[("PATH", "/bin"), ("MALLOC_MMAP_THRESHOLD_", "65536")][..],
            &[("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")],
            &[(
                "GLIBC_TUNABLES",
                "glibc.rtld.nns=2:glibc.malloc.mmap_threshold=1048576",
            )],
        ] {
            assert!(set_by_environment(vars(set).into_iter()), "{set:?}");
        }
        // Other allocator settings (arenas) and other tunables leave the threshold to us.
        for unset in [
            &[][..],
            &[("PATH", "/bin"), ("MALLOC_ARENA_MAX", "2"), ("GLIBC", "x")],
            &[("GLIBC_TUNABLES", "glibc.pthread.rseq=0")],
        ] {
            assert!(!set_by_environment(vars(unset).into_iter()), "{unset:?}");
        }
    }

    #[test]
    fn glibc_takes_the_setting() {
        // This test process may run under an operator's variables; then nothing is set, and
        // saying so is the right answer.
        let expected = if set_by_environment(environment()) {
            Settled::LeftToEnvironment
        } else if cfg!(all(target_os = "linux", target_env = "gnu")) {
            Settled::Applied
        } else {
            Settled::NotApplicable
        };
        assert_eq!(settle(), expected);
    }
}
