//! The `isms` binary: everything lives in the library; see `cli`.

/// mimalloc rather than the system allocator: the Rego interpreter
/// allocates and frees a value per step, and on a 10,000-risk check the
/// system allocator's malloc and free were a fifth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    isms::cli::main()
}
