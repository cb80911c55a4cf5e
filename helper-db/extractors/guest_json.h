// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * guest_json.h: how the guest programs of the probes (probe.c, avail.c)
 * write a JSON string to stdout, the serial port their runner reads.
 */
#ifndef HG_GUEST_JSON_H
#define HG_GUEST_JSON_H

#include <stdio.h>

/* s as a JSON string: quotes, backslashes and control bytes escaped, bytes
 * outside printable ASCII as \u00XX. */
static inline void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

#endif
