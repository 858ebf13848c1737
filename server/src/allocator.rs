//! Which of jemalloc's arenas the threads the program starts allocate from.

/// Makes the calling thread allocate from jemalloc's first arena, the main thread's, instead of
/// one of the four per core jemalloc would spread threads over. The server analyses on
/// short-lived blocking threads and `check` on rayon's, and what one thread frees, the next
/// analysis (on another) can then reuse: with an arena each, every arena kept its own freed and
/// half-used pages, and a keystroke's analysis faulted in fresh ones. Called when such a thread
/// starts; where jemalloc is linked but not the allocator (tests), it picks an unused arena.
pub fn share_main_arena() {
    #[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        use tikv_jemalloc_ctl::{Access, AsName};
        // Fails only if jemalloc lacks the control, and then the thread keeps an arena of its own.
        let _: tikv_jemalloc_ctl::Result<()> = b"thread.arena\0".name().write(0u32);
    }
}

/// Gives the pages freed memory holds back to the system now rather than over the next ten
/// seconds (jemalloc's decay time): for the end of a burst of work, when nothing is about to reuse
/// them. Setting an arena's decay time starts its decay again, and a time of zero purges at once.
pub fn return_freed() {
    #[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        use tikv_jemalloc_ctl::{Access, AsName};
        let decay = b"arena.0.dirty_decay_ms\0".name();
        if let Ok(ms) = Access::<isize>::read(decay) {
            let _: tikv_jemalloc_ctl::Result<()> = decay.write(0isize).and_then(|()| decay.write(ms));
        }
    }
}
