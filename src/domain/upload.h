/* upload: the files citizens attach to a dossier submitted online.
 * Owns: the limits (size of a file, their number and total, at least one
 * file a submission), the accepted types recognised by their first bytes
 * (PDF, JPEG, PNG; the name and the browser's Content-Type are not
 * trusted), the stored encoding (base64, also used by draft.h for a
 * draft's files), storing the files of a dossier in the caller's
 * transaction (table dossier_files, so a file is durable exactly when its
 * dossier is), and reading them back for staff who may read the dossier
 * (the check is dossier.h's hc_dossier_locate, the one of hc_dossier_get).
 * Must not: parse HTTP (multipart.h does), receive the dossier (dossier.h
 * does), keep drafts (draft.h does), open transactions. */
#ifndef HC_UPLOAD_H
#define HC_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"

#define HC_UPLOAD_FILE_MAX (5u << 20)   /* 5 MiB a file */
#define HC_UPLOAD_TOTAL_MAX (20u << 20) /* 20 MiB a dossier */
#define HC_UPLOAD_COUNT_MAX 10          /* files a dossier */

typedef struct hc_upload_file {
	int component;              /* index in the procedure's components */
	const char *component_name; /* the component's name */
	const char *filename;       /* as sent (kept for staff, never used as a path;
	                             * stored with bytes that are not UTF-8 as '_') */
	const char *data;           /* caller's */
	size_t len;
} hc_upload_file;

/* "application/pdf", "image/jpeg" or "image/png" from the first bytes;
 * NULL for anything else. */
const char *hc_upload_sniff(const char *data, size_t len);

/* Checks the files against the limits and types. Errors (field names the
 * file's component: "tepN"): HC_EINVAL for an empty file or a type that
 * is not accepted; HC_ETOOBIG for a file past HC_UPLOAD_FILE_MAX, more
 * than HC_UPLOAD_COUNT_MAX files, or more than HC_UPLOAD_TOTAL_MAX in all. */
int hc_upload_check(const hc_upload_file *f, size_t n, hc_err *err);

/* The files of a submission: at least one (HC_EINVAL, field "tep0" when the
 * procedure has components, ncomponents > 0), then hc_upload_check. */
/* Copies a filename (any bytes a browser sent) into dst[cap] as valid
 * UTF-8, the only text PostgreSQL stores: a control byte or a byte that
 * does not start a complete sequence becomes '_'; a long name is cut at a
 * character. Used for every stored filename (dossiers and drafts). */
void hc_upload_safe_name(char *dst, size_t cap, const char *src);
int hc_upload_check_submission(const hc_upload_file *f, size_t n, size_t ncomponents, hc_err *err);

/* A file's content as stored (base64, the original alphabet) and back.
 * *out is a heap string (encode) or buffer of *len bytes (decode) the
 * caller frees; HC_EINTERNAL when stored content does not decode. */
int hc_upload_encode(const char *data, size_t len, char **out, hc_err *err);
int hc_upload_decode(const char *b64, char **out, size_t *len, hc_err *err);

/* Stores the files of dossier_id (unit_id) at now; checks them first. */
int hc_upload_store(hc_tx *tx, int64_t unit_id, int64_t dossier_id, const hc_upload_file *f,
                    size_t n, int64_t now, hc_err *err);

/* Number of files stored for a dossier and their total decoded size. */
int hc_upload_count(hc_tx *tx, int64_t dossier_id, int64_t *count, int64_t *bytes, hc_err *err);

/* A stored file as staff see it. */
#define HC_UPLOAD_NAME_MAX 1024 /* bytes kept of a component's name or a filename */
typedef struct hc_upload_info {
	int64_t id;
	int component;
	char component_name[HC_UPLOAD_NAME_MAX];
	/* as sent, with any byte that is not valid UTF-8 replaced by '_';
	 * never a path */
	char filename[HC_UPLOAD_NAME_MAX];
	const char *content_type; /* static: one of the accepted types */
	int64_t size;             /* bytes */
	int64_t created_at;
} hc_upload_info;

/* The files of the dossier with this code, in the order of its components,
 * once the actor may read the dossier (refusals as hc_dossier_get:
 * HC_ENOTFOUND for an unknown code, HC_EFORBIDDEN for another unit's).
 * *out is a heap array of *n entries, NULL when none (caller frees). */
int hc_upload_list(hc_tx *tx, const hc_actor *a, const char *code, hc_upload_info **out, size_t *n,
                   hc_err *err);
/* One file of that dossier with its decoded bytes: *data is a heap buffer
 * of info->size bytes (caller frees). The same refusals, and HC_ENOTFOUND
 * for a file id the dossier does not hold. */
int hc_upload_read(hc_tx *tx, const hc_actor *a, const char *code, int64_t file_id,
                   hc_upload_info *info, char **data, hc_err *err);

#endif
