// SPDX-License-Identifier: GPL-2.0
/*
 * What user space reads of other processes (proc.c): the parent pid in
 * /proc/PID/stat, COMMAND found in PATH, COMMAND started on a signal.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "proc.h"

static void stat_lines(void)
{
	CHECK("stat/normal", stat_ppid("1234 (bash) S 99 1234 1234 34816 1234 4194560 "
				       "1166 0 0 0 1 0 0 0 20 0 1 0") == 99);
	/* comm is the program's to choose: ") " and spaces in it */
	CHECK("stat/comm-paren-space", stat_ppid("123 (a) b) S 45 123 123 0 -1") == 45);
	CHECK("stat/comm-spaces", stat_ppid("123 (my prog (x)) R 7 1 1") == 7);
	CHECK("stat/comm-only-paren", stat_ppid("5 ()) S 6 5 5") == 6);
	CHECK("stat/ppid-zero", stat_ppid("1 (systemd) S 0 1 1 0 -1") == 0);
	CHECK("stat/ppid-max", stat_ppid("9 (x) S 2147483647 9") == 2147483647);
	CHECK("stat/ppid-too-big", stat_ppid("9 (x) S 2147483648 9") == -1);
	CHECK("stat/ppid-negative", stat_ppid("9 (x) S -3 9") == -1);
	CHECK("stat/garbage", stat_ppid("garbage") == -1);
	CHECK("stat/empty", stat_ppid("") == -1);
	CHECK("stat/no-ppid", stat_ppid("1 (x) S") == -1);
	CHECK("stat/ppid-not-number", stat_ppid("1 (x) S abc 1") == -1);
	CHECK("stat/cut-after-paren", stat_ppid("1 (x)") == -1);
	/* this process, read from /proc */
	CHECK("stat/read-self", read_ppid(getpid()) == getppid());
	CHECK("stat/read-none", read_ppid(-5) == -1);
}

static char tmpdir[64];

/* Creates tmpdir/dir/name with this mode: a directory, or a small script. */
static void make(const char *dir, const char *name, mode_t mode, bool is_dir)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s%s%s", tmpdir, dir, *dir ? "/" : "", name);
	if (is_dir) {
		if (mkdir(path, mode))
			abort();
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0 || write(fd, "#!/bin/sh\n", 10) != 10 || close(fd) || chmod(path, mode))
		abort();
}

static void remove_tree(void)
{
	static const char *const paths[] = { "b/tool", "c/tool", "d/tool", "a", "b", "c", "d" };
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, paths[i]);
		if (unlink(path) && rmdir(path))
			perror(path);
	}
	if (rmdir(tmpdir))
		perror(tmpdir);
}

/* A PATH of the temp dirs: each letter is a dir, ':' stays: ":a" -> ":/tmp/x/a" */
static void path_of(char *out, size_t len, const char *spec)
{
	size_t n = 0;

	out[0] = '\0';
	for (; *spec; spec++) {
		if (*spec == ':')
			n += (size_t)snprintf(out + n, len - n, ":");
		else
			n += (size_t)snprintf(out + n, len - n, "%s/%c", tmpdir, *spec);
		if (n >= len)
			abort();
	}
}

/* "tool" in the PATH of spec: at want ("" for a relative "tool"), or NULL. */
static bool found_at(const char *spec, const char *want_dir)
{
	char path[512], buf[512], want[256];
	const char *r;

	path_of(path, sizeof(path), spec);
	r = find_command("tool", path, buf, sizeof(buf));
	if (!want_dir)
		return r == NULL;
	if (*want_dir)
		snprintf(want, sizeof(want), "%s/%s/tool", tmpdir, want_dir);
	else
		snprintf(want, sizeof(want), "tool");
	return r == buf && !strcmp(r, want);
}

static void in_dir(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, dir);
	if (chdir(path))
		abort();
}

static void find_commands(void)
{
	char buf[512], path[512], cwd[512];
	const char *name = "./tool", *r;

	/* a '/' in the name: a path, no search, returned as is */
	r = find_command(name, "/nonexistent", buf, sizeof(buf));
	CHECK("find/slash-as-is", r == name);
	r = find_command("/no/such/prog", NULL, buf, sizeof(buf));
	CHECK("find/absolute-as-is", r && !strcmp(r, "/no/such/prog"));

	CHECK("find/in-path", found_at("b", "b"));
	CHECK("find/first-dir-without", found_at("a:b", "b"));
	CHECK("find/not-executable-skipped", found_at("a:c:b", "b"));
	CHECK("find/first-found-wins", found_at("b:c:b", "b"));
	CHECK("find/not-found", found_at("a:c", NULL));
	/* a directory is searchable (X_OK) but no command: a shell skips it */
	CHECK("find/directory-skipped", found_at("d:b", "b"));
	CHECK("find/directory-only", found_at("d", NULL));
	r = find_command("", "/bin", buf, sizeof(buf));
	CHECK("find/empty-name", r == NULL);
	CHECK("find/not-executable-only", found_at("c", NULL));

	/* an empty element is the current directory, wherever it is */
	if (!getcwd(cwd, sizeof(cwd)))
		abort();
	in_dir("b");
	CHECK("find/empty-leading", found_at(":a", ""));
	CHECK("find/empty-trailing", found_at("a:", ""));
	CHECK("find/empty-middle", found_at("a::d", ""));
	CHECK("find/empty-whole", found_at("", ""));
	CHECK("find/empty-after-found", found_at("b:", "b"));
	in_dir("c");
	CHECK("find/empty-not-executable", found_at(":b", "b"));
	in_dir("a");
	CHECK("find/empty-not-there", found_at("c:", NULL));
	if (chdir(cwd))
		abort();

	/* a path that does not fit the buffer is not tried cut short */
	path_of(path, sizeof(path), "b");
	r = find_command("tool", path, buf, strlen(tmpdir) + 7);
	CHECK("find/too-long-skipped", r == NULL);
	r = find_command("tool", path, buf, strlen(tmpdir) + 8);
	CHECK("find/just-fits", r == buf && strlen(r) == strlen(tmpdir) + 7);
	/* no PATH: the default one */
	r = find_command("sh", NULL, buf, sizeof(buf));
	CHECK("find/default-path", r == buf && strlen(r) > 3 && !strcmp(r + strlen(r) - 3, "/sh"));
}

/* Runs argv as COMMAND; go: start it, or let it exit. Its wait(2) status. */
static int spawn(char **argv, bool go)
{
	int go_fd = -1, status = -1, saved = dup(2), null = open("/dev/null", O_WRONLY);
	pid_t pid;

	/* its complaints go nowhere */
	if (saved < 0 || null < 0 || dup2(null, 2) < 0)
		abort();
	pid = spawn_command(argv, &go_fd);
	if (dup2(saved, 2) < 0)
		abort();
	close(saved);
	close(null);
	if (pid < 0)
		return -1;
	if (go && write(go_fd, "x", 1) != 1)
		abort();
	close(go_fd);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void spawns(void)
{
	char path[256];
	char *cmd[] = { "sh", "-c", "exit 7", NULL };
	char *missing[] = { "execsnoop-unit-no-such-command", NULL };
	char *noexec[] = { path, NULL };
	int st;

	st = spawn(cmd, true);
	CHECK("spawn/runs", WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = spawn(cmd, false);
	CHECK("spawn/no-go-runs-nothing", WIFEXITED(st) && WEXITSTATUS(st) == 127);
	st = spawn(missing, true);
	CHECK("spawn/not-found", WIFEXITED(st) && WEXITSTATUS(st) == 127);
	snprintf(path, sizeof(path), "%s/c/tool", tmpdir);
	st = spawn(noexec, true);
	CHECK("spawn/not-executable", WIFEXITED(st) && WEXITSTATUS(st) == 126);
}

void test_proc(void)
{
	stat_lines();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/execsnoop-unit.XXXXXX");
	if (!mkdtemp(tmpdir))
		abort();
	/* a: nothing; b: tool, executable; c: tool, not executable; d: empty */
	make("", "a", 0755, true);
	make("", "b", 0755, true);
	make("", "c", 0755, true);
	make("", "d", 0755, true);
	make("b", "tool", 0755, false);
	make("c", "tool", 0644, false);
	make("d", "tool", 0755, true);
	find_commands();
	spawns();
	remove_tree();
}
