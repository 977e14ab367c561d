// SPDX-License-Identifier: GPL-2.0

//! GRO cells: per-CPU NAPI contexts that give GRO to devices without a NAPI
//! of their own (tunnels, rmnet), fed from any receive context.
//!
//! C header: [`include/net/gro_cells.h`](srctree/include/net/gro_cells.h).

use super::bindings;
use super::netdev::NetDevice;
use super::skb::SkBuff;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::error::Result;
use kernel::types::Opaque;

/// The GRO cells of one device.
///
/// # Invariants
///
/// `cells` is initialised for a device while `ready` is true.
pub struct GroCells {
    cells: Opaque<bindings::gro_cells>,
    ready: AtomicBool,
}

// SAFETY: `gro_cells_receive` may run on any CPU; init and destroy are
// serialised by the device's registration (`ndo_init`/`ndo_uninit`).
unsafe impl Send for GroCells {}
// SAFETY: as above.
unsafe impl Sync for GroCells {}

impl GroCells {
    /// Cells not yet initialised.
    pub const fn new() -> Self {
        GroCells {
            cells: Opaque::uninit(),
            ready: AtomicBool::new(false),
        }
    }

    /// Sets the cells up for `dev` (from its `ndo_init`).
    pub fn init(&self, dev: &NetDevice) -> Result {
        // SAFETY: not initialised yet (callers init once, from ndo_init); the
        // device is live.
        kernel::error::to_result(unsafe {
            bindings::gro_cells_init(self.cells.get(), dev.as_ptr())
        })?;
        self.ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Hands `skb` to GRO on the current CPU's cell; without cells (not
    /// initialised), drops it.
    pub fn receive(&self, skb: SkBuff) {
        if !self.ready.load(Ordering::Acquire) {
            return;
        }
        // SAFETY: initialised (checked); `gro_cells_receive` consumes the buffer.
        unsafe { bindings::gro_cells_receive(self.cells.get(), skb.into_raw()) };
    }

    /// Tears the cells down (from `ndo_uninit`).
    pub fn destroy(&self) {
        if self.ready.swap(false, Ordering::AcqRel) {
            // SAFETY: initialised; no receive runs after the device's
            // unregistration, which calls `ndo_uninit`.
            unsafe { bindings::gro_cells_destroy(self.cells.get()) };
        }
    }
}

impl Drop for GroCells {
    fn drop(&mut self) {
        self.destroy();
    }
}
