//! `maximizer`: the one binary of Loyalty Maximizer. `serve` runs the engine with its
//! workers; the other commands start, inspect and steer runs in the same store.

mod api;
mod cli;
mod commands;
mod config;
mod eval;
mod intake;
mod logging;
mod product;

use clap::{CommandFactory, FromArgMatches};

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = cli::Cli::command();
    let file = match config::load_file(&args, &command) {
        Ok(file) => file,
        Err(message) => {
            eprintln!("error: {message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let matches = command.clone().get_matches_from(&args);
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if matches!(cli.command, cli::Command::Config) {
        let effective = config::effective(&command, &matches, &file);
        println!(
            "{}",
            serde_json::to_string_pretty(&effective).unwrap_or_default()
        );
        return std::process::ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
