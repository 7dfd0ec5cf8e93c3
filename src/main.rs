//! The `jixiao` command: parse arguments, run, exit with the command's code.

/// A batch allocates and frees many small strings per table row; mimalloc serves them from
/// per-thread pages, where the system allocator spent a fifth of the scoring time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jixiao::cli::main()
}
