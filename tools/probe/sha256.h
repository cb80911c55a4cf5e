/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * sha256.h: SHA-256 (FIPS 180-4) of a file, for the digest of the running
 * kernel's BTF that names the kernel build in the probe's JSON.
 */
#ifndef HG_PROBE_SHA256_H
#define HG_PROBE_SHA256_H

/* Writes 64 lower-case hex digits and a NUL into HEX; 0, or -1 with errno. */
int hg_sha256_file(const char *path, char hex[65]);
/* The same for a buffer (used by the known-answer check). */
void hg_sha256_buf(const void *data, unsigned long len, char hex[65]);

#endif
