// SPDX-License-Identifier: GPL-2.0
/* The support layer's C helpers, built into this module: the common ones and
 * the USB ones (URBs, cdc-wdm). */
#include "../../../../rust/helpers/helpers.c"
#include "../../../../rust/helpers/usb.c"
