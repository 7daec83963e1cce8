//! The global allocator (mimalloc), and the two options that make `zhili serve` give memory back.
//!
//! By default mimalloc commits its arenas eagerly and purges freed memory only after a delay of
//! 1 s, and then only when a thread comes back to allocate: a service that goes quiet after a burst
//! of batches keeps what the burst took (two concurrent 8 MiB batches left `zhili serve` at
//! ~107-154 MiB instead of ~20). For `zhili serve` the defaults are therefore
//! `arena_eager_commit = 0` (commit memory as it is used) and `purge_delay = 0` (give freed memory
//! back to the system at once), the effect of `MIMALLOC_ARENA_EAGER_COMMIT=0
//! MIMALLOC_PURGE_DELAY=0`. They are only defaults: a `MIMALLOC_*` variable in the environment
//! still decides (docs/guide-http.md, Limits).
//!
//! The first arena is reserved by the first allocation, before `main`, and its commit mode cannot
//! change afterwards; so on Linux with glibc the options are set by a constructor that runs before
//! any Rust code allocates, when the first argument is `serve` (glibc hands the constructors of
//! `.init_array` the program's arguments). Elsewhere [`for_service`] sets what can still be set
//! once `zhili serve` runs: the purge delay.

use std::ffi::{c_int, c_long};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's option numbers (`mi_option_t`, include/mimalloc.h of the mimalloc v3 that
// libmimalloc-sys 0.1.49 builds; the crate does not export these two: see the test below).
const ARENA_EAGER_COMMIT: c_int = 4;
const PURGE_DELAY: c_int = 15;

extern "C" {
    // Sets an option's value unless the environment (`MIMALLOC_<NAME>`) set it.
    fn mi_option_set_default(option: c_int, value: c_long);
}

/// The service's defaults: memory committed as it is used and freed memory given back at once.
fn set_service_defaults() {
    // SAFETY: setting an option is a store into mimalloc's option table, valid at any time, also
    // before mimalloc has initialised itself.
    unsafe {
        mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        mi_option_set_default(PURGE_DELAY, 0);
    }
}

/// Called by `zhili serve` once it runs: where the constructor below does not exist, the purge
/// delay still takes effect from here (the arenas reserved so far stay committed eagerly).
pub fn for_service() {
    set_service_defaults();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod before_main {
    use std::ffi::{c_char, c_int, CStr};

    /// Runs before `main` and before the first allocation; glibc passes `argc`, `argv`, `envp`.
    extern "C" fn init(argc: c_int, argv: *const *const c_char, _envp: *const *const c_char) {
        if argc < 2 || argv.is_null() {
            return;
        }
        // SAFETY: glibc passes the program's `argv`: `argc` valid pointers to C strings.
        let first = unsafe { *argv.add(1) };
        if !first.is_null() && unsafe { CStr::from_ptr(first) }.to_bytes() == b"serve" {
            super::set_service_defaults();
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static INIT: extern "C" fn(c_int, *const *const c_char, *const *const c_char) = init;
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// The option numbers still name the options they are meant to: in this test process (whose
    /// first argument is not `serve`) they hold mimalloc's documented defaults, 1000 ms for the
    /// purge delay and 2 (eager on an overcommitting OS) for the arena commit, unless the
    /// environment sets them.
    #[test]
    fn the_option_numbers_are_mimallocs() {
        if std::env::args().nth(1).as_deref() == Some("serve") {
            return; // `cargo test serve`: the constructor set the service's values
        }
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
        }
        if std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_none() {
            assert_eq!(unsafe { mi_option_get(ARENA_EAGER_COMMIT) }, 2);
        }
    }
}
