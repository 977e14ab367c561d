// SPDX-License-Identifier: GPL-2.0

//! The module declaration, one form for every kernel the project builds on.
//!
//! The `kernel` crate's `module!` takes one `author` string on 6.12 and an
//! `authors` list on 7.x, and knows only one of the two keys on each. Modules
//! declare themselves with [`module!`](crate::support::module) in 7.x's form;
//! on 6.12 the first author becomes `author`:
//!
//! ```ignore
//! support::module! {
//!     type: MyModule,
//!     name: "my_module",
//!     authors: ["cellrouter developers"],
//!     description: "What it does",
//!     license: "GPL",
//!     alias: ["rtnl-link-mine"],
//! }
//! ```

/// Declares the kernel module: the `kernel` crate's `module!` with the keys
/// of the kernel it is built against. See the [module](self) documentation.
///
/// The values are taken as plain tokens (`ident`, `tt`): 6.12's parser
/// does not accept `literal` or `ty` fragments, which reach it wrapped.
#[macro_export]
macro_rules! __support_module {
    (
        type: $type:ident,
        name: $name:tt,
        authors: [$author:tt $(, $more:tt)* $(,)?],
        description: $description:tt,
        license: $license:tt
        $(, alias: [$($alias:tt),* $(,)?])?
        $(,)?
    ) => {
        #[cfg(not(kernel_7))]
        ::kernel::prelude::module! {
            type: $type,
            name: $name,
            author: $author,
            description: $description,
            license: $license,
            $(alias: [$($alias),*],)?
        }
        #[cfg(kernel_7)]
        ::kernel::prelude::module! {
            type: $type,
            name: $name,
            authors: [$author $(, $more)*],
            description: $description,
            license: $license,
            $(alias: [$($alias),*],)?
        }
    };
}

pub(crate) use __support_module as module;
