//! `ezmdm-emulator`: run the EzMDM API emulator (and optionally the built portal).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use ezmdm_emulator::api::key;
use ezmdm_emulator::db::{self, queries};
use ezmdm_emulator::seed::{self, Preset};
use ezmdm_emulator::{serve, shutdown_signal, AppState, Portal};

/// A local stand-in for the EzMDM REST API, with seeded demo data, that can also serve the
/// built portal. API: http://ADDR/api/v1/{key}/{item}[/{id}].
#[derive(Debug, Parser)]
#[command(name = "ezmdm-emulator", version)]
struct Cli {
    /// Address to listen on (port 0 picks a free port; the banner shows the real one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,

    /// SQLite database file, or `:memory:`. An existing file with data is used as it is.
    #[arg(long, default_value = "ezmdm-demo.db")]
    db: String,

    /// Empty the database and seed it again.
    #[arg(long)]
    reset: bool,

    /// The API key clients must send (default: a random 32-character key, printed).
    #[arg(long, value_name = "KEY")]
    api_key: Option<String>,

    /// Which data to load into an empty database.
    #[arg(long, value_enum, default_value_t = Preset::Demo)]
    seed: Preset,

    /// Serve the built portal from this directory (e.g. `dist`).
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,

    /// URL path to serve the portal under (e.g. `/mdm/`); the API stays at /api/v1.
    #[arg(long, value_name = "PATH", default_value = "/")]
    mount: String,

    /// Wait this many milliseconds before answering each API request.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,

    /// Who may embed the portal in a frame: the CSP `frame-ancestors` sources, e.g.
    /// "'self' https://intranet.example.com" (or "'none'").
    #[arg(
        long,
        value_name = "SOURCES",
        default_value = "'self'",
        allow_hyphen_values = true
    )]
    frame_ancestors: String,

    /// Print the portal's Content-Security-Policy for `--static DIR` (with its
    /// `config.json` and `--frame-ancestors`) and exit, e.g. to paste into nginx.
    #[arg(long, requires = "static_dir")]
    print_csp: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ezmdm-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let api_key = match cli.api_key {
        Some(k) if k.is_empty() || k.chars().any(|c| c.is_control() || c.is_whitespace()) => {
            return Err("--api-key must be non-empty, without spaces or control characters".into());
        }
        Some(k) => k,
        None => key::generate(),
    };
    let frame_ancestors = ezmdm_emulator::portal::csp::parse_frame_ancestors(&cli.frame_ancestors)?;
    let portal = match &cli.static_dir {
        Some(dir) => Some(Portal::new(dir, &cli.mount)?.with_frame_ancestors(&frame_ancestors)?),
        None => None,
    };
    if cli.print_csp {
        if let Some(portal) = &portal {
            println!("{}", portal.policy().as_str());
        }
        return Ok(());
    }

    let conn = db::open(&cli.db).map_err(|e| format!("cannot open database {}: {e}", cli.db))?;
    if cli.reset {
        db::reset(&conn).map_err(|e| format!("cannot reset database: {e}"))?;
    }
    let existing = queries::counts(&conn).map_err(|e| e.to_string())?;
    let data_note = if existing.is_empty() {
        let started = Instant::now();
        seed::run(&conn, cli.seed, ezmdm_emulator::time::now_unix())
            .map_err(|e| format!("seeding failed: {e}"))?;
        format!(
            "seeded '{}' in {} ms",
            cli.seed.name(),
            started.elapsed().as_millis()
        )
    } else {
        format!("existing data in {}; --reset seeds again", cli.db)
    };
    let counts = queries::counts(&conn).map_err(|e| e.to_string())?;

    let mut state =
        AppState::new(conn, api_key.clone()).with_latency(Duration::from_millis(cli.latency_ms));
    let mount = portal.as_ref().map(|p| p.mount().to_owned());
    if let Some(portal) = portal {
        state = state.with_portal(portal);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&cli.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", cli.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // Install the signal handlers before announcing ourselves.
        let shutdown = shutdown_signal();

        // The first lines are a fixed format that scripts parse; keep them stable.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "EzMDM emulator listening on http://{addr}/");
        if let Some(mount) = &mount {
            let _ = writeln!(out, "Portal:   http://{addr}{mount}");
        }
        let _ = writeln!(out, "API base: http://{addr}/api/v1");
        let _ = writeln!(out, "API key:  {api_key}");
        let _ = writeln!(
            out,
            "Data:     {} groups, {} users, {} devices, {} locations ({data_note})",
            counts.groups, counts.users, counts.devices, counts.locations
        );
        if cli.latency_ms > 0 {
            let _ = writeln!(out, "Latency:  {} ms per API request", cli.latency_ms);
        }
        let _ = writeln!(out, "Press Ctrl-C to stop.");
        let _ = out.flush();
        drop(out);

        serve(listener, state, shutdown)
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}
