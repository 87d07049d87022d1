//! The `agora` command-line binary.

use clap::Parser;

fn main() {
    let cli = agora::cli::Cli::parse();
    let code = agora::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::exit(code);
}
