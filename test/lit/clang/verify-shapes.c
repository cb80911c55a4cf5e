// Clang's own diagnostics format, checked with -verify: the warning at the
// helper call names the helper, the buffer, the program type and the
// kernels; notes say what the pass did, where the buffer was declared and
// initialised, and which reads the verifier may fold.
//
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.14-6.18 -Xclang -verify=expected,guard -c -o %t.o %s
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.14-6.18 -fplugin-arg-helperguard-mode=warn \
// RUN:   -Xclang -verify=expected,warn -c -o %t.o %s

#include "hg.h"

static __noinline int check(char *p) { return p[0] == 'x'; }

SEC("lsm.s/bprm_check_security") int zero_init(__u64 *ctx)
{
	char path[64] = {}; // expected-note {{'path' is declared and initialised here}}
	// expected-warning-re@+3 {{bpf_d_path writes 'path', but on kernels 6.14-{{[0-9.]+}} (lsm) the verifier keeps believing the old contents}}
	// guard-note@+2 {{the helperguard pass plugin guards this call in this build (init-ptrdiff}}
	// warn-note@+1 {{nothing was changed (-fplugin-arg-helperguard-mode=warn)}}
	bpf_d_path((struct path *)ctx[0], path, sizeof(path));
	if (path[0] == '/') // expected-note {{the verifier may fold this read of 'path' to the contents it knew before the call}}
		return 1;
	return 0;
}

SEC("xdp") int stores(struct xdp_md *ctx)
{
	char out[16]; // expected-note {{'out' is declared here}}
	out[0] = 'q'; // expected-note {{'out' gets contents the verifier knows here; it still believes them after the call}}
	// expected-warning-re@+3 {{bpf_snprintf writes 'out', but on kernels 6.14-{{[0-9.]+}} (xdp) the verifier keeps believing the old contents}}
	// guard-note@+2 {{guards this call in this build (init-global}}
	// warn-note@+1 {{nothing was changed}}
	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	// The read the verifier may fold is in the subprogram.
	return check(out); // expected-note@12 {{the verifier may fold this read of 'out'}}
}

// Negatives: not initialised; initialised but never read after the call;
// a helper declared with MEM_WRITE.
SEC("xdp") int negatives(struct xdp_md *ctx)
{
	char a[16], b[16] = {}, c[16] = {};

	bpf_snprintf(a, sizeof(a), "ab", 0, 0);
	bpf_snprintf(b, sizeof(b), "ab", 0, 0);
	bpf_probe_read_kernel(c, sizeof(c), ctx);
	return a[0] + c[0];
}
