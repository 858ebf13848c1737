use std::process::ExitCode;

fn main() -> ExitCode {
    iam_lsp::cli::main()
}
