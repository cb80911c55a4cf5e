/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bpf_ids.h: the ids of every BPF program and map the kernel holds
 * (BPF_PROG_GET_NEXT_ID, BPF_MAP_GET_NEXT_ID), to show that a run left
 * nothing behind (--self-check, --list-ids).
 */
#ifndef HG_PROBE_BPF_IDS_H
#define HG_PROBE_BPF_IDS_H

#define HG_MAX_IDS 4096

struct hg_bpf_ids {
	unsigned int prog[HG_MAX_IDS], map[HG_MAX_IDS];
	int nprog, nmap;
	int err; /* errno of the first failing call (EPERM without CAP_SYS_ADMIN), or 0 */
};

void hg_bpf_ids_read(struct hg_bpf_ids *ids);
/* 1 when both lists are equal. */
int hg_bpf_ids_equal(const struct hg_bpf_ids *a, const struct hg_bpf_ids *b);

#endif
