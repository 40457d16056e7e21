/* multipart: multipart/form-data bodies (RFC 7578) of the web forms that
 * upload files (the citizens' online submission, web_online.c).
 * Owns: the boundary from the Content-Type header, splitting a body that
 * the server has buffered (with its own size limit) into parts, each part's
 * Content-Disposition name and filename and its Content-Type, with hard
 * limits on parts, header bytes and names.
 * Must not: judge the content of a part (file types and sizes are rules of
 * upload.h) or copy part data (parts point into the body).
 * Written by hand: libmicrohttpd's MHD_create_post_processor needs the
 * connection and streams while the body arrives, but haicap routes on a
 * complete, size-limited body, the same for every route; splitting a
 * buffered body is a short loop with limits a test can reach. */
#ifndef HC_MULTIPART_H
#define HC_MULTIPART_H

#include <stddef.h>

#include "core/err.h"

#define HC_MP_TYPE "multipart/form-data"
#define HC_MP_MAX_PARTS 32
#define HC_MP_BOUNDARY_MAX 70  /* RFC 2046 */
#define HC_MP_HEADERS_MAX 1024 /* a part's header block */
#define HC_MP_NAME_MAX 64
#define HC_MP_FILENAME_MAX 255

typedef struct hc_mp_part {
	char name[HC_MP_NAME_MAX + 1];
	char filename[HC_MP_FILENAME_MAX + 1]; /* "" for a plain field */
	char content_type[128];                /* as sent, "" when absent */
	int is_file;                           /* filename parameter present */
	const char *data;                      /* into the body; not NUL-terminated */
	size_t len;
} hc_mp_part;

typedef struct hc_multipart {
	hc_mp_part parts[HC_MP_MAX_PARTS];
	size_t n;
} hc_multipart;

/* The boundary of a "multipart/form-data; boundary=..." Content-Type
 * (quoted or not) into out. HC_EINVAL when the type is another or the
 * boundary is missing, empty, too long or holds characters RFC 2046 does
 * not allow. */
int hc_multipart_boundary(const char *content_type, char out[HC_MP_BOUNDARY_MAX + 1], hc_err *err);

/* Splits body[0..len) into out->parts. HC_EINVAL for a malformed body
 * (no closing delimiter, a part without a form-data name, headers without
 * their blank line); HC_ETOOBIG past HC_MP_MAX_PARTS parts or
 * HC_MP_HEADERS_MAX header bytes, or a name or filename past its maximum. */
int hc_multipart_parse(const char *body, size_t len, const char *boundary, hc_multipart *out,
                       hc_err *err);

/* The first part called name, NULL when none. */
const hc_mp_part *hc_multipart_get(const hc_multipart *m, const char *name);

#endif
