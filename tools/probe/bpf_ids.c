// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_ids.c: lists the kernel's BPF program and map ids (bpf_ids.h). The
 * walk stops at ENOENT (no further id); any other error is recorded.
 */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>

#include "bpf_ids.h"

static int walk(int (*next)(__u32, __u32 *), unsigned int *out, int *n)
{
	__u32 id = 0;

	*n = 0;
	while (!next(id, &id)) {
		if (*n < HG_MAX_IDS)
			out[*n] = id;
		(*n)++;
	}
	return errno == ENOENT ? 0 : errno;
}

void hg_bpf_ids_read(struct hg_bpf_ids *ids)
{
	int err;

	memset(ids, 0, sizeof(*ids));
	err = walk(bpf_prog_get_next_id, ids->prog, &ids->nprog);
	ids->err = err ? err : walk(bpf_map_get_next_id, ids->map, &ids->nmap);
}

int hg_bpf_ids_equal(const struct hg_bpf_ids *a, const struct hg_bpf_ids *b)
{
	int np = a->nprog < HG_MAX_IDS ? a->nprog : HG_MAX_IDS;
	int nm = a->nmap < HG_MAX_IDS ? a->nmap : HG_MAX_IDS;

	return a->nprog == b->nprog && a->nmap == b->nmap &&
	       !memcmp(a->prog, b->prog, np * sizeof(a->prog[0])) &&
	       !memcmp(a->map, b->map, nm * sizeof(a->map[0]));
}
