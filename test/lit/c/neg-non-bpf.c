// Negative: a module for another target. The same source as brace-init.c,
// compiled for x86-64 (where "(void *) 165" is just a bad function pointer):
// the pass must do nothing at all, not even emit remarks. Byte-identical.
//
// RUN: %clang -target x86_64-linux-gnu -O2 -g -I %inputs -DPAIR_SNPRINTF_XDP -c -o %t.plain.o %s
// RUN: %clang -target x86_64-linux-gnu -O2 -g -I %inputs -DPAIR_SNPRINTF_XDP -c -o %t.o %s \
// RUN:   -fpass-plugin=%plugin -Rpass=helperguard -Rpass-analysis=helperguard 2>&1 \
// RUN:   | count 0
// RUN: %cmp-code %t.plain.o %t.o
// RUN: %clang -target x86_64-linux-gnu -O0 -I %inputs -DPAIR_D_PATH_LSM -c -o %t.O0.plain.o %s
// RUN: %clang -target x86_64-linux-gnu -O0 -I %inputs -DPAIR_D_PATH_LSM -c -o %t.O0.o %s \
// RUN:   -fpass-plugin=%plugin -Rpass=helperguard -Rpass-analysis=helperguard 2>&1 \
// RUN:   | count 0
// RUN: %cmp-code %t.O0.plain.o %t.O0.o

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a')
		return 1;
	return 2;
}
