//! `cargo xtask`: sdlab's automation (setup, serve, dist, test, ci, bench), in Rust rather than shell.

mod bench;
mod ci;
mod dist;
mod setup;
mod util;

use std::process::ExitCode;

use util::{Res, cmd, heading, run};

const USAGE: &str = "\
usage: cargo xtask <command>

  setup           install what is missing: wasm32 target, trunk, wasm-bindgen-cli,
                  npm packages (binaryen's wasm-opt, playwright-core, axe-core),
                  chromium + chromedriver; then cargo fetch
  serve [--port N]  setup, then trunk serve on http://127.0.0.1:8080/ (or port N)
  dist            setup, then the release site in dist/, dist/sdlab-offline.html
                  (one file that works from file://) and target/sdlab-site.zip
  test            setup, then ci (the README's test command; .ci/run calls it)
  ci              fmt, clippy (host and wasm32), native tests, browser tests,
                  dist, end-to-end tests; stops at the first failure
  e2e             only the end-to-end suite, against the dist/ already built
  bench           model benchmarks natively and as wasm, app size, first render
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => no_more(&args).and_then(|()| setup::setup()),
        Some("serve") => serve(&args[1..]),
        Some("dist") => no_more(&args).and_then(|()| dist::dist()),
        Some("test") => no_more(&args).and_then(|()| setup::setup().and_then(|()| ci::ci())),
        Some("ci") => no_more(&args).and_then(|()| ci::ci()),
        Some("e2e") => no_more(&args).and_then(|()| ci::e2e_only()),
        Some("bench") => no_more(&args).and_then(|()| bench::bench()),
        Some("bench-native") => bench::bench_native(),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

fn no_more(args: &[String]) -> Res {
    match args.get(1) {
        Some(extra) => Err(format!("`{}` takes no argument {extra:?}", args[0])),
        None => Ok(()),
    }
}

fn serve(args: &[String]) -> Res {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port
            .parse::<u16>()
            .map_err(|_| format!("--port needs a port number, not {port:?}"))?,
        _ => return Err(format!("serve takes only --port N\n\n{USAGE}")),
    };
    setup::setup()?;
    heading(&format!("serve: http://127.0.0.1:{port}/"));
    println!("open http://127.0.0.1:{port}/ (Ctrl-C stops)");
    // A dist folder of its own: the debug build must not replace the release site in dist/.
    let dist = util::root().join("target").join("serve-dist");
    run(cmd("trunk")
        .args([
            "serve",
            "--address",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .args(["--offline", "--dist"])
        .arg(&dist))
}
