/* backup: the backend-independent half of hc_db_backup / hc_db_restore
 * (db.h): the file handling around the backends' own dump and load, and
 * running the PostgreSQL client tools. A backup is written beside its
 * destination as DEST.partial, flushed to disk, then renamed over nothing
 * (an existing file is never replaced) and the directory flushed, so a
 * crash leaves either no backup or a whole one. The dump itself is the
 * backend's: SQLite's online backup API, PostgreSQL's pg_dump (custom
 * format) of an exported snapshot; neither is written by hand. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "db/db_int.h"

extern char **environ;

#define TOOL_OUTPUT_MAX 4096

static const char MSG_IO[] = "Không ghi được tệp sao lưu";

static int fsync_path(const char *path, int dir, hc_err *err)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return hc_err_set(err, HC_EIO, "out", MSG_IO, "fsync %s: %s", path, strerror(e));
	}
	close(fd);
	return HC_OK;
}

int hc_db_file_publish(const char *partial, const char *path, hc_err *err)
{
	int rc = fsync_path(partial, 0, err);
	if (rc)
		return rc;
	/* link + unlink: fails (EEXIST) rather than replace a file that appeared
	 * meanwhile, unlike rename */
	if (link(partial, path) != 0) {
		int e = errno;
		unlink(partial);
		if (e == EEXIST)
			return hc_err_set(err, HC_ECONFLICT, "out", "Tệp đích đã tồn tại",
			                  "%s exists", path);
		return hc_err_set(err, HC_EIO, "out", MSG_IO, "link %s: %s", path, strerror(e));
	}
	unlink(partial);
	char *copy = strdup(path);
	if (!copy)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "publish");
	rc = fsync_path(dirname(copy), 1, err);
	free(copy);
	return rc;
}

int hc_db_file_partial(const char *path, char *out, size_t cap, hc_err *err)
{
	if (!path || !*path)
		return hc_err_set(err, HC_EINVAL, "out", "Chưa chỉ định tệp", "no file given");
	if (access(path, F_OK) == 0)
		return hc_err_set(err, HC_ECONFLICT, "out",
		                  "Tệp đích đã tồn tại; hãy chọn tên khác",
		                  "%s exists: refusing to overwrite", path);
	int n = snprintf(out, cap, "%s.partial", path);
	if (n < 0 || (size_t)n >= cap)
		return hc_err_set(err, HC_EINVAL, "out", "Đường dẫn tệp quá dài", "path too long");
	unlink(out); /* a leftover of an interrupted run */
	return HC_OK;
}

int hc_db_run_tool(const char *const argv[], hc_err *err)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return hc_err_set(err, HC_EIO, NULL, MSG_IO, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	pid_t pid;
	int e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		return hc_err_set(err, HC_EIO, NULL, "Không chạy được công cụ của PostgreSQL",
		                  "%s: %s (apt-get install postgresql-client)", argv[0],
		                  strerror(e));
	}
	/* keep the tool's output (its error message) while waiting for it */
	char out[TOOL_OUTPUT_MAX];
	size_t len = 0;
	for (;;) {
		char chunk[512];
		ssize_t n = read(fds[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (len == sizeof out - 1) { /* keep the tail */
				memmove(out, out + sizeof out / 2, len - sizeof out / 2);
				len -= sizeof out / 2;
			}
			out[len++] = chunk[i];
		}
	}
	close(fds[0]);
	out[len] = '\0';
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return hc_err_set(err, HC_EIO, NULL, MSG_IO, "waitpid: %s",
			                  strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return HC_OK;
	/* the last non-empty line says why */
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	char *last = strrchr(out, '\n');
	return hc_err_set(err, HC_EIO, NULL, "Công cụ của PostgreSQL báo lỗi",
	                  "%s failed (%s %d): %s", argv[0], WIFEXITED(status) ? "exit" : "signal",
	                  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
	                  last ? last + 1 : out);
}

int hc_db_backup(hc_db *db, const char *path, int (*in_snapshot)(hc_tx *tx, void *ctx, hc_err *err),
                 void *ctx, hc_err *err)
{
	char partial[4096];
	int rc = hc_db_file_partial(path, partial, sizeof partial, err);
	if (rc)
		return rc;
	hc_tx *tx;
	if ((rc = hc_tx_begin(db, HC_TX_READ, &tx, err)))
		return rc;
	if (in_snapshot)
		rc = in_snapshot(tx, ctx, err);
	if (!rc)
		rc = db->ops->backup(tx, partial, err);
	hc_tx_rollback(tx); /* a read: nothing to commit */
	if (!rc)
		rc = hc_db_file_publish(partial, path, err);
	else
		unlink(partial);
	return rc;
}

int hc_db_restore(const char *url, const char *path, hc_err *err)
{
	const struct hc_db_ops *ops = hc_db_pick_backend(url);
	if (!ops)
		return hc_err_set(err, HC_EINVAL, "db", "Bản dựng này không hỗ trợ PostgreSQL",
		                  "this build has no PostgreSQL backend");
	FILE *f = fopen(path, "rb");
	if (!f)
		return hc_err_set(err, HC_EINVAL, "in", "Không mở được tệp sao lưu", "%s: %s", path,
		                  strerror(errno));
	char magic[16] = {0};
	size_t n = fread(magic, 1, sizeof magic, f);
	fclose(f);
	/* SQLite's file header; pg_dump's custom format */
	int is_sqlite = n == 16 && memcmp(magic, "SQLite format 3", 16) == 0;
	int is_pg = n >= 5 && memcmp(magic, "PGDMP", 5) == 0;
	if (!is_sqlite && !is_pg)
		return hc_err_set(err, HC_EINVAL, "in", "Tệp không phải bản sao lưu của haicap",
		                  "%s is neither a SQLite database nor a pg_dump archive", path);
	if (is_sqlite != (strcmp(ops->name, "sqlite") == 0))
		return hc_err_set(err, HC_EINVAL, "in",
		                  "Bản sao lưu thuộc loại cơ sở dữ liệu khác với nơi phục hồi",
		                  "%s is a %s backup: restore it into a %s database", path,
		                  is_sqlite ? "SQLite" : "PostgreSQL",
		                  is_sqlite ? "SQLite" : "PostgreSQL");
	return ops->restore(url, path, err);
}
