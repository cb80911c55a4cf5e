// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_json.c: writes a run as a helperguard-db/1 file with one `releases`
 * entry (helper-db/FORMAT.md, "Release"): the kernel named by uname -r, -v,
 * -m and its BTF's SHA-256, and every plan entry's result in plan order, one
 * result a line. Apart from `date` the output depends only on the kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

static void str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void result(FILE *f, const struct hg_outcome *o)
{
	const struct hg_plan_entry *p = o->plan;

	fprintf(f, "    {\"kind\": \"%s\", ", p->kfunc ? "kfunc" : "helper");
	if (!p->kfunc)
		fprintf(f, "\"id\": %d, ", p->id);
	fputs("\"name\": ", f);
	str(f, p->name);
	fputs(", \"prog_type\": ", f);
	str(f, p->prog_type);
	fputs(", \"expected_attach_type\": ", f);
	str(f, p->eat);
	fputs(", \"attach_to\": ", f);
	str(f, p->attach);
	fprintf(f, ", \"sleepable\": %s, \"arg\": %d, \"size\": ", p->sleepable ? "true" : "false",
		p->arg);
	if (p->size)
		fprintf(f, "%d", p->size);
	else
		fputs("null", f);
	fprintf(f, ", \"writes\": %s, \"outcome\": \"%s\", \"detail\": ",
		p->writes ? "true" : "false", o->outcome);
	str(f, o->detail);
	fputc('}', f);
}

int hg_report_json(const struct hg_run *r, const char *source, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int i, err;

	if (!f)
		return -1;
	fputs("{\n  \"format\": \"helperguard-db/1\",\n  \"comment\": ", f);
	{
		char c[160];

		snprintf(c, sizeof(c), "helperguard-probe on this kernel; plan from %s",
			 hg_plan_source);
		str(f, c);
	}
	fputs(",\n  \"releases\": [{\n   \"release\": ", f);
	str(f, r->release);
	fputs(",\n   \"uname_v\": ", f);
	str(f, r->version);
	fputs(",\n   \"machine\": ", f);
	str(f, r->machine);
	if (r->btf_sha256[0])
		fprintf(f, ",\n   \"btf_sha256\": \"%s\"", r->btf_sha256);
	fputs(",\n   \"source\": ", f);
	str(f, source);
	fprintf(f, ",\n   \"date\": \"%s\",\n   \"results\": [\n", r->date);
	for (i = 0; i < r->n; i++) {
		result(f, &r->out[i]);
		fputs(i + 1 < r->n ? ",\n" : "\n", f);
	}
	fputs("   ]\n  }]\n}\n", f);
	if (f == stdout)
		return fflush(f) ? -1 : 0;
	err = ferror(f);
	if (fclose(f) || err) {
		errno = errno ? errno : EIO;
		return -1;
	}
	return 0;
}
