//! The `tandem` application: the command-line interface over [`tandem_engine`].
//!
//! Only this crate knows about terminals (tables, progress bars, exit codes); every decision
//! about profiles and rankings is the engine's.

mod access_cmd;
mod chart;
pub mod cli;
mod demo;
mod digest_cmd;
mod digest_file;
mod evaluate;
mod event_cmd;
mod feedback_cmd;
mod feedback_lift;
pub mod http;
mod progress;
pub mod ranking;
mod render;
mod report;
mod schedule_cmd;
mod signals;
mod spelling;
mod views;
mod web;

use std::process::ExitCode;

use clap::Parser;

/// Parses the command line, runs the command, prints any error and returns the exit code.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TANDEM_LOG")
                // One line per answered HTTP request; otherwise only warnings.
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
