// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tmp_guard: user-space loader of tmp_guard.bpf.c, through its libbpf skeleton.
 *
 *   tmp_guard                      attach, and refuse exec from /tmp/ until Ctrl-C
 *   tmp_guard [--] COMMAND [ARG..] attach, run COMMAND, report, detach
 *
 * With a COMMAND it prints one line, then exits with the command's status:
 *   EXEC path=<COMMAND> exit=<n>                         the exec was allowed
 *   EXEC path=<COMMAND> errno=1 (Operation not permitted) the guard refused it
 * (exit status 126 for a refused exec, like a shell).
 *
 * Needs root and a kernel booted with BPF LSM enabled (lsm=...,bpf).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include "tmp_guard.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Runs argv while the guard is attached; returns the exit status to use. */
static int run(char **argv)
{
	int fds[2], err = 0, status;
	pid_t pid;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC)) {
		perror("tmp_guard: pipe2");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("tmp_guard: fork");
		return 1;
	}
	if (pid == 0) {
		close(fds[0]);
		execvp(argv[0], argv);
		err = errno;
		if (write(fds[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	n = read(fds[0], &err, sizeof(err));	/* 0 bytes: exec succeeded (CLOEXEC) */
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0) {
		perror("tmp_guard: waitpid");
		return 1;
	}
	if (n == (ssize_t)sizeof(err)) {
		printf("EXEC path=%s errno=%d (%s)\n", argv[0], err, strerror(err));
		return err == EACCES || err == EPERM ? 126 : 127;
	}
	if (WIFSIGNALED(status)) {
		printf("EXEC path=%s signal=%d\n", argv[0], WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	printf("EXEC path=%s exit=%d\n", argv[0], WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	struct tmp_guard_bpf *skel;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fprintf(stderr, "usage: %s [[--] COMMAND [ARG...]]\n", argv[0]);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;

	libbpf_set_print(libbpf_print);
	skel = tmp_guard_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "tmp_guard: loading the BPF program failed: %s\n", strerror(errno));
		return 1;
	}
	if (tmp_guard_bpf__attach(skel)) {
		fprintf(stderr, "tmp_guard: attaching failed: %s (is BPF LSM enabled? lsm=...,bpf)\n",
			strerror(errno));
		tmp_guard_bpf__destroy(skel);
		return 1;
	}
	fflush(stdout);

	if (argc > 1) {
		rc = run(argv + 1);
	} else {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		printf("tmp_guard: refusing exec from /tmp/ until Ctrl-C\n");
		fflush(stdout);
		while (!stop)
			pause();
		rc = 0;
	}
	tmp_guard_bpf__destroy(skel);
	return rc;
}
