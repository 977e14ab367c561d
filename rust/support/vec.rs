// SPDX-License-Identifier: GPL-2.0

//! What the `kernel` crate's `Vec` of 6.12 lacks (`pop`, `swap_remove`,
//! `clear`; 7.x has them), as an extension trait with distinct names so
//! that modules read the same on both.

use kernel::alloc::{Allocator, Vec};

/// Removal methods for `KVec`/`VVec`.
pub trait VecExt<T> {
    /// Removes and returns the last element.
    fn pop_last(&mut self) -> Option<T>;
    /// Removes and returns element `i`, moving the last one into its place;
    /// `None` if `i` is out of bounds.
    fn swap_take(&mut self, i: usize) -> Option<T>;
    /// Removes every element.
    fn clear_all(&mut self);
}

impl<T, A: Allocator> VecExt<T> for Vec<T, A> {
    fn pop_last(&mut self) -> Option<T> {
        pop(self)
    }

    fn swap_take(&mut self, i: usize) -> Option<T> {
        let len = self.len();
        if i >= len {
            return None;
        }
        self.as_mut_slice().swap(i, len - 1);
        pop(self)
    }

    fn clear_all(&mut self) {
        while pop(self).is_some() {}
    }
}

/// Removes and returns the last element: 7.x's `Vec` has `pop`.
#[cfg(kernel_7)]
fn pop<T, A: Allocator>(v: &mut Vec<T, A>) -> Option<T> {
    v.pop()
}

/// Removes and returns the last element (6.12's `Vec` has no `pop`).
#[cfg(not(kernel_7))]
fn pop<T, A: Allocator>(v: &mut Vec<T, A>) -> Option<T> {
    let len = v.len();
    if len == 0 {
        return None;
    }
    // SAFETY: element `len - 1` is initialised; shrinking the length first
    // hands its ownership to the read, so it is dropped once.
    unsafe {
        v.set_len(len - 1);
        Some(v.as_ptr().add(len - 1).read())
    }
}
