// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto API helpers of the support layer (rust/support/crypto.rs): keyed
 * hashes (HMAC) through the synchronous hash interface. Included by the
 * helpers.c of the modules that use them.
 */

#include <crypto/hash.h>

struct crypto_shash *rsh_shash_new(const char *alg, const u8 *key,
				   unsigned int keylen, int *err)
{
	struct crypto_shash *tfm = crypto_alloc_shash(alg, 0, 0);

	if (IS_ERR(tfm)) {
		*err = PTR_ERR(tfm);
		return NULL;
	}
	*err = crypto_shash_setkey(tfm, key, keylen);
	if (*err) {
		crypto_free_shash(tfm);
		return NULL;
	}
	return tfm;
}

unsigned int rsh_shash_digestsize(struct crypto_shash *tfm)
{
	return crypto_shash_digestsize(tfm);
}

int rsh_shash_digest(struct crypto_shash *tfm, const u8 *data,
		     unsigned int len, u8 *out)
{
	return crypto_shash_tfm_digest(tfm, data, len, out);
}

void rsh_shash_free(struct crypto_shash *tfm)
{
	crypto_free_shash(tfm);
}
