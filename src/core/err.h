/* err: the project's single error enum and the error context (hc_err).
 * Owns: error codes, their HTTP status mapping, the user message (Vietnamese)
 * and the log detail (English). Must not: allocate, log, or exit.
 * Every fallible function returns int (HC_OK = 0) and fills an hc_err the
 * caller passes (may be NULL when the caller does not want the message). */
#ifndef HC_ERR_H
#define HC_ERR_H

#include <stddef.h>

enum hc_code {
	HC_OK = 0,
	HC_EINVAL,     /* malformed or invalid input (400) */
	HC_EUNAUTH,    /* not authenticated (401) */
	HC_EFORBIDDEN, /* role or tenant refuses (403) */
	HC_ENOTFOUND,  /* no such object (404) */
	HC_ECONFLICT,  /* illegal transition, duplicate (409) */
	HC_ETOOBIG,    /* over a hard limit (413) */
	HC_EUNAVAIL,   /* storage busy or unreachable; retry (503) */
	HC_EDB,        /* storage fault (500) */
	HC_ENOMEM,     /* allocation failed (500) */
	HC_EIO,        /* file or OS fault (500) */
	HC_EINTERNAL,  /* broken invariant (500) */
	HC_CODE_COUNT
};

#define HC_ERR_FIELD_MAX 64
#define HC_ERR_MSG_MAX 256

typedef struct hc_err {
	int code;                     /* enum hc_code */
	char field[HC_ERR_FIELD_MAX]; /* offending input field, "" if none */
	char message[HC_ERR_MSG_MAX]; /* Vietnamese, shown to users */
	char detail[HC_ERR_MSG_MAX];  /* English, for logs */
} hc_err;

/* Sets err (if not NULL) and returns code. message is Vietnamese; detail_fmt
 * is a printf format in English for the log (may be NULL: message reused). */
int hc_err_set(hc_err *err, int code, const char *field, const char *message,
               const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Resets err to HC_OK with empty strings. */
void hc_err_clear(hc_err *err);

/* Machine-readable name ("invalid", "not_found", ...) for API replies. */
const char *hc_err_name(int code);

/* HTTP status for a code (400, 401, 403, 404, 409, 413, 503 or 500). */
int hc_err_http_status(int code);

#endif
