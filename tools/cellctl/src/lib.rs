// SPDX-License-Identifier: GPL-2.0
//! cellctl: the command-line tool of the cellrouter project (the binary is
//! main.rs; everything is here, so that the core is a library the
//! generated code and the modules use).
//!
//! `cellctl [--json] MODULE VERB [ARGS...]` talks to one kernel module over
//! generic netlink. A generic core (nl, attr, genl: the socket and codec;
//! schema, args, ops, json, text: requests, replies and printers of any
//! family) drives the code generated from each family's YNL spec (gen/);
//! each module's file only maps its verbs and positional arguments to the
//! family's operations, and is listed once in [`MODULES`]. A module that
//! needs more than its family (`map` puts addresses and routes in place,
//! `6bed4` routes) speaks rtnetlink through rtnl.rs.
//!
//! Invoked as `mipdiag` (argv[0], e.g. a symlink), cellctl is MIPL's
//! diagnostics tool instead: see [`mip6::mipdiag`].

// Only the libc socket calls in nl.rs need unsafe.
#![deny(unsafe_code)]

pub mod args;
pub mod attr;
pub mod error;
pub mod gen;
pub mod genl;
pub mod json;
pub mod map;
pub mod mip6;
pub mod netpair;
pub mod nl;
pub mod ops;
pub mod qmap;
pub mod rtnl;
pub mod schema;
pub mod sixbed4;
pub mod text;

use std::io::{self, Write};
use std::process::ExitCode;

use error::Error;

/// Options that apply to every module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ctx {
    /// Print JSON instead of text.
    pub json: bool,
}

/// A kernel module that cellctl drives.
pub struct Module {
    /// The name on the command line, e.g. "netpair".
    pub name: &'static str,
    /// One line for the top-level help.
    pub summary: &'static str,
    /// The module's synopsis, shown after a usage error and at the top of
    /// its help.
    pub usage: &'static str,
    /// The rest of the module's help (`cellctl MODULE --help`).
    pub help: &'static str,
    /// Runs a verb; `args` are the words after the module name, without
    /// the global options.
    pub run: fn(&Ctx, &[String]) -> Result<(), Error>,
}

/// Every module cellctl knows. Adding a module: one file, one line here.
pub const MODULES: &[&Module] = &[
    &sixbed4::MODULE,
    &map::MODULE,
    &mip6::MODULE,
    &netpair::MODULE,
    &qmap::MODULE,
];

const USAGE: &str = "\
Usage: cellctl [--json] MODULE VERB [ARGS...]
       cellctl MODULE --help
       cellctl --help | --version";

fn help_text() -> String {
    let mut text = format!(
        "{USAGE}\n\n\
         Control the cellrouter kernel modules over generic netlink.\n\n\
         Options:\n  \
         -j, --json     print JSON instead of text (before or after MODULE)\n  \
         -h, --help     show this help; after MODULE, that module's help\n  \
         -V, --version  show the version\n\n\
         Modules:\n"
    );
    for m in MODULES {
        text.push_str(&format!("  {:<10} {}\n", m.name, m.summary));
    }
    text.push_str(
        "\nRun 'cellctl MODULE --help' for a module's verbs. Invoked as mipdiag\n\
         (a symlink), cellctl prints MIPL's mipdiag reports (mipdiag -h).",
    );
    text
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    Help,
    Version,
    Run {
        ctx: Ctx,
        module: &'static Module,
        args: Vec<String>,
    },
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Module({})", self.name)
    }
}

fn is_json_flag(arg: &str) -> bool {
    arg == "--json" || arg == "-j"
}

/// Parses the global part of the command line (without argv[0]).
pub fn parse_global(args: &[String]) -> Result<Invocation, Error> {
    let ctx = Ctx {
        json: args.iter().any(|a| is_json_flag(a)),
    };
    let mut rest = args.iter().filter(|a| !is_json_flag(a));
    let name = match rest.next().map(String::as_str) {
        None => return Err(Error::usage("missing module")),
        Some("-h" | "--help") => return Ok(Invocation::Help),
        Some("-V" | "--version") => return Ok(Invocation::Version),
        Some("help") => {
            // `cellctl help [MODULE]`
            return match rest.next() {
                None => Ok(Invocation::Help),
                Some(name) => Ok(Invocation::Run {
                    ctx,
                    module: find_module(name)?,
                    args: vec!["--help".to_string()],
                }),
            };
        }
        Some(opt) if opt.starts_with('-') => {
            return Err(Error::usage(format!("unknown option '{opt}'")))
        }
        Some(name) => name,
    };
    Ok(Invocation::Run {
        ctx,
        module: find_module(name)?,
        args: rest.cloned().collect(),
    })
}

/// `cellctl MODULE help`, or --help anywhere after the module name.
fn wants_help(module_args: &[String]) -> bool {
    module_args.first().is_some_and(|a| a == "help")
        || module_args.iter().any(|a| a == "-h" || a == "--help")
}

fn find_module(name: &str) -> Result<&'static Module, Error> {
    MODULES
        .iter()
        .copied()
        .find(|m| m.name == name)
        .ok_or_else(|| Error::usage(format!("unknown module '{name}'")))
}

/// Writes one line to standard output and flushes it, so that a reader at
/// the other end of a pipe sees each line (event) at once.
pub fn emit(line: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

fn report(err: &Error, module: Option<&Module>) -> ExitCode {
    let usage = module.map_or(USAGE, |m| m.usage);
    let hint = module.map(|m| format!("Run 'cellctl {} --help' for details.", m.name));
    report_as("cellctl", err, usage, hint.as_deref())
}

/// Prints `err` as program `prog`; after a usage error, `usage` and `hint`.
fn report_as(prog: &str, err: &Error, usage: &str, hint: Option<&str>) -> ExitCode {
    if let Error::Output(e) = err {
        if e.kind() == io::ErrorKind::BrokenPipe {
            // The reader went away (e.g. `| head -1`): nothing to report.
            return ExitCode::SUCCESS;
        }
    }
    eprintln!("{prog}: {err}");
    if let Error::Usage(_) = err {
        eprintln!("{usage}");
        if let Some(hint) = hint {
            eprintln!("{hint}");
        }
    }
    ExitCode::from(err.exit_code() as u8)
}

/// The name the program was invoked as: the last component of argv[0].
fn invoked_as(argv0: &str) -> &str {
    argv0.rsplit('/').next().unwrap_or(argv0)
}

/// Runs the command line of the process.
pub fn main() -> ExitCode {
    let mut argv = std::env::args();
    let argv0 = argv.next().unwrap_or_default();
    let args: Vec<String> = argv.collect();
    if invoked_as(&argv0) == mip6::MIPDIAG {
        return match mip6::mipdiag(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report_as(mip6::MIPDIAG, &e, mip6::MIPDIAG_USAGE, None),
        };
    }
    let result = match parse_global(&args) {
        Ok(Invocation::Help) => emit(&help_text()),
        Ok(Invocation::Version) => emit(&format!("cellctl {}", env!("CARGO_PKG_VERSION"))),
        Ok(Invocation::Run { module, args, .. }) if wants_help(&args) => {
            emit(&format!("{}\n\n{}", module.usage, module.help))
        }
        Ok(Invocation::Run { ctx, module, args }) => {
            return match (module.run)(&ctx, &args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => report(&e, Some(module)),
            };
        }
        Err(e) => return report(&e, None),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use error::EXIT_USAGE;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn run_args(s: &str) -> (Ctx, &'static str, Vec<String>) {
        match parse_global(&argv(s)).unwrap() {
            Invocation::Run { ctx, module, args } => (ctx, module.name, args),
            other => panic!("{s}: unexpected {other:?}"),
        }
    }

    #[test]
    fn json_before_module() {
        let (ctx, m, args) = run_args("--json netpair show");
        assert!(ctx.json);
        assert_eq!(m, "netpair");
        assert_eq!(args, argv("show"));
    }

    #[test]
    fn json_after_module_and_verb() {
        for line in [
            "netpair --json show np0",
            "netpair show np0 --json",
            "-j netpair show np0",
        ] {
            let (ctx, m, args) = run_args(line);
            assert!(ctx.json, "{line}");
            assert_eq!(m, "netpair");
            assert_eq!(args, argv("show np0"), "{line}");
        }
    }

    #[test]
    fn no_json() {
        let (ctx, _, args) = run_args("netpair show");
        assert!(!ctx.json);
        assert_eq!(args, argv("show"));
    }

    #[test]
    fn help_and_version() {
        assert!(matches!(
            parse_global(&argv("--help")),
            Ok(Invocation::Help)
        ));
        assert!(matches!(parse_global(&argv("-h")), Ok(Invocation::Help)));
        assert!(matches!(parse_global(&argv("help")), Ok(Invocation::Help)));
        assert!(matches!(
            parse_global(&argv("--version")),
            Ok(Invocation::Version)
        ));
        assert!(matches!(
            parse_global(&argv("--json --version")),
            Ok(Invocation::Version)
        ));
        // After the module name, --help belongs to the module.
        let (_, m, args) = run_args("netpair --help");
        assert_eq!((m, args), ("netpair", argv("--help")));
        let (_, m, args) = run_args("help netpair");
        assert_eq!((m, args), ("netpair", argv("--help")));
        assert!(wants_help(&argv("--help")));
        assert!(wants_help(&argv("show --help")));
        assert!(wants_help(&argv("help")));
        assert!(!wants_help(&argv("show help")));
    }

    #[test]
    fn usage_errors() {
        for line in ["", "--json", "nosuchmodule show", "--bogus netpair show"] {
            match parse_global(&argv(line)) {
                Err(e @ Error::Usage(_)) => assert_eq!(e.exit_code(), EXIT_USAGE),
                other => panic!("{line:?}: unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn personality_from_argv0() {
        assert_eq!(invoked_as("mipdiag"), "mipdiag");
        assert_eq!(invoked_as("/usr/local/sbin/mipdiag"), "mipdiag");
        assert_eq!(invoked_as("./cellctl"), "cellctl");
        assert_eq!(invoked_as(""), "");
    }

    #[test]
    fn help_lists_modules() {
        let text = help_text();
        for m in MODULES {
            assert!(text.contains(m.name));
        }
    }
}
