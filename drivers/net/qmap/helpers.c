// SPDX-License-Identifier: GPL-2.0
/* The support layer's C helpers, built into this module. */
#include "../../../rust/helpers/helpers.c"
