//! The folio binary: parse the command line and hand over to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = folio::cli::Cli::parse();
    match folio::cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(u8::MAX)),
        Err(error) => {
            let message = folio::store::sanitize::sanitize_line(&error.to_string());
            eprintln!("folio: {message}");
            ExitCode::from(folio::cli::EXIT_ERROR as u8)
        }
    }
}
