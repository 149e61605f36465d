//! The `isms` binary: everything lives in the library; see `cli`.

fn main() -> std::process::ExitCode {
    isms::cli::main()
}
