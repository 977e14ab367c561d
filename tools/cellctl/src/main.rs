// SPDX-License-Identifier: GPL-2.0
//! cellctl: see lib.rs.

fn main() -> std::process::ExitCode {
    cellctl::main()
}
