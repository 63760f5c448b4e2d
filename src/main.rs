//! The `stage-scorer` command: serves the gRPC API (the default), or runs
//! the offline tools (`classify`, `pyramid`, `generate`, `check-config`).

use std::process::ExitCode;

use clap::Parser;
use stage_scorer::{
    cli::{self, Cli, Command},
    config::{self, Sources},
    startup::{Application, shutdown_signal},
    telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let configuration = match config::load(&Sources::from_process(cli.config.as_deref())) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("stage-scorer: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Classify(args) => cli::classify::run(&args, &configuration.model),
        Command::Pyramid(args) => cli::pyramid::run(&args, &configuration.model),
        Command::Generate(args) => cli::generate::run(&args),
        Command::CheckConfig => {
            println!(
                "configuration is valid; model version {}",
                configuration.model.version
            );
            ExitCode::SUCCESS
        }
        Command::Serve => {
            let telemetry = match telemetry::init(&configuration.settings) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("stage-scorer: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let result = match Application::build(configuration).await {
                Ok(app) => app.run_until(shutdown_signal()).await,
                Err(e) => Err(e),
            };
            telemetry.shutdown().await;
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!(error = %e, "stage-scorer failed");
                    eprintln!("stage-scorer: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
