//! The `jixiao` command: parse arguments, run, exit with the command's code.

fn main() -> std::process::ExitCode {
    jixiao::cli::main()
}
