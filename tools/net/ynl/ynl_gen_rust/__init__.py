# SPDX-License-Identifier: GPL-2.0
"""Rust generators over YNL specs: kernel tables (kernel.py), cellctl (cli.py)."""
