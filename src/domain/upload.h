/* upload: the files citizens attach to a dossier submitted online.
 * Owns: the limits (size of a file, their number and total, at least one
 * file a submission), the accepted types recognised by their first bytes
 * (PDF, JPEG, PNG; the name and the browser's Content-Type are not
 * trusted), the stored encoding (base64, also used by draft.h for a
 * draft's files), and storing the files of a dossier in the caller's
 * transaction (table dossier_files, so a file is durable exactly when its
 * dossier is).
 * Must not: parse HTTP (multipart.h does), receive the dossier (dossier.h
 * does), keep drafts (draft.h does), open transactions. */
#ifndef HC_UPLOAD_H
#define HC_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

#define HC_UPLOAD_FILE_MAX (5u << 20)   /* 5 MiB a file */
#define HC_UPLOAD_TOTAL_MAX (20u << 20) /* 20 MiB a dossier */
#define HC_UPLOAD_COUNT_MAX 10          /* files a dossier */

typedef struct hc_upload_file {
	int component;              /* index in the procedure's components */
	const char *component_name; /* the component's name */
	const char *filename;       /* as sent (kept for staff, never used as a path) */
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

#endif
