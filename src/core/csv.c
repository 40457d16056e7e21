#include "core/csv.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Room for one record of the maximum size plus its line ending, and a read
 * chunk so that refills are not byte by byte. */
#define FILE_BUF_CAP (HC_CSV_MAX_RECORD + 8192)

struct hc_csv {
	FILE *f;         /* NULL when reading memory */
	const char *buf; /* input window: the whole input, or own[] for a file */
	char *own;       /* file mode: heap buffer of FILE_BUF_CAP bytes */
	size_t len;      /* valid bytes in buf */
	size_t pos;      /* start of the unread input */
	bool eof;        /* nothing more will come after buf[len] */
	bool started;    /* BOM handled */
	bool fatal;
	int fatal_code;
	char sep;   /* field separator */
	long line;  /* physical line at pos */
	char *fbuf; /* unquoted fields of the current record */
	const char *fields[HC_CSV_MAX_FIELDS];
	int header_n;    /* 0 until the header is read */
	char *hdr_store; /* header names (copies) */
	const char *hdr[HC_CSV_MAX_FIELDS];
};

static int alloc_common(hc_csv *c, hc_err *err)
{
	c->fbuf = malloc(HC_CSV_MAX_RECORD + HC_CSV_MAX_FIELDS + 2);
	if (!c->fbuf)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "csv: out of memory");
	c->line = 1;
	c->sep = ',';
	return HC_OK;
}

int hc_csv_open_mem(const char *data, size_t len, hc_csv **out, hc_err *err)
{
	*out = NULL;
	hc_csv *c = calloc(1, sizeof *c);
	if (!c)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "csv: out of memory");
	c->buf = data ? data : "";
	c->len = data ? len : 0;
	c->eof = true;
	int rc = alloc_common(c, err);
	if (rc) {
		hc_csv_free(c);
		return rc;
	}
	*out = c;
	return HC_OK;
}

int hc_csv_open_file(FILE *f, hc_csv **out, hc_err *err)
{
	*out = NULL;
	hc_csv *c = calloc(1, sizeof *c);
	if (!c)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "csv: out of memory");
	c->f = f;
	c->own = malloc(FILE_BUF_CAP);
	int rc = c->own ? alloc_common(c, err)
	                : hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "csv: out of memory");
	if (rc) {
		hc_csv_free(c);
		return rc;
	}
	c->buf = c->own;
	*out = c;
	return HC_OK;
}

void hc_csv_free(hc_csv *c)
{
	if (!c)
		return;
	free(c->own);
	free(c->fbuf);
	free(c->hdr_store);
	free(c);
}

int hc_csv_set_separator(hc_csv *c, char sep, hc_err *err)
{
	if (c->started)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "csv: separator set after reading began");
	if (sep != ',' && sep != '\t' && sep != ';')
		return hc_err_set(err, HC_EINVAL, NULL, "Dấu phân cách cột không hợp lệ",
		                  "csv: unsupported separator 0x%02x", (unsigned char)sep);
	c->sep = sep;
	return HC_OK;
}

bool hc_csv_fatal(const hc_csv *c)
{
	return c->fatal;
}

/* Sets err for the record starting at `line`; col < 0 when no column. */
__attribute__((format(printf, 7, 8))) static int rec_err(const hc_csv *c, hc_err *err, long line,
                                                         int code, int col, const char *vi,
                                                         const char *fmt, ...)
{
	char detail[HC_ERR_MSG_MAX];
	char msg[HC_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "Dòng %ld: %s", line, vi);
	const char *field = (col >= 0 && col < c->header_n) ? c->hdr[col] : NULL;
	return hc_err_set(err, code, field, msg, "%s", detail);
}

static int set_fatal(hc_csv *c, int code)
{
	c->fatal = true;
	c->fatal_code = code;
	return code;
}

/* File mode: moves the unread bytes to the front and reads more. */
static int refill(hc_csv *c, hc_err *err)
{
	if (c->eof)
		return HC_OK;
	if (c->pos > 0) {
		memmove(c->own, c->own + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	if (c->len >= FILE_BUF_CAP)
		return HC_OK;
	size_t n = fread(c->own + c->len, 1, FILE_BUF_CAP - c->len, c->f);
	if (n == 0) {
		if (ferror(c->f))
			return set_fatal(c, hc_err_set(err, HC_EIO, NULL, "Không đọc được tệp",
			                               "csv: read error"));
		c->eof = true;
	}
	c->len += n;
	return HC_OK;
}

/* Finds the extent of the next record: raw bytes [*rs, *re) and the
 * position after its line ending (*next). Returns HC_OK with *rs == *next
 * at the end of input. Positions are offsets into c->buf, which may move on
 * refill, so they are computed relative to c->pos at the end. */
static int scan_record(hc_csv *c, size_t *rs, size_t *re, size_t *next, hc_err *err)
{
	/* RFC 4180 states: a quote opens a quoted section only at the start of
	 * a field; elsewhere it is left for split() to report. */
	enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st = FIELD_START;
	size_t off = 0; /* bytes of the record scanned so far, from c->pos */
	for (;;) {
		if (c->pos + off >= c->len) {
			if (!c->eof) {
				int rc = refill(c, err);
				if (rc)
					return rc;
				continue;
			}
			if (st == QUOTED)
				return set_fatal(c, rec_err(c, err, c->line, HC_EINVAL, -1,
				                            "dấu ngoặc kép mở mà không đóng",
				                            "unterminated quoted field"));
			size_t end = c->pos + off;
			*rs = c->pos;
			*next = end;
			if (end > c->pos && c->buf[end - 1] == '\r')
				end--;
			*re = end;
			return HC_OK;
		}
		char ch = c->buf[c->pos + off];
		if (st == QUOTED) {
			if (ch == '"')
				st = QUOTE_IN_QUOTED;
		} else if (ch == '"' && st == FIELD_START) {
			st = QUOTED;
		} else if (ch == '"' && st == QUOTE_IN_QUOTED) {
			st = QUOTED; /* "" escape */
		} else if (ch == c->sep) {
			st = FIELD_START;
		} else if (ch == '\n') {
			size_t end = c->pos + off;
			*rs = c->pos;
			*next = end + 1;
			if (end > c->pos && c->buf[end - 1] == '\r')
				end--;
			*re = end;
			if (*re - *rs > HC_CSV_MAX_RECORD)
				break;
			return HC_OK;
		} else {
			st = UNQUOTED;
		}
		off++;
		if (off > HC_CSV_MAX_RECORD + 1)
			break;
	}
	return set_fatal(c, rec_err(c, err, c->line, HC_ETOOBIG, -1,
	                            "dòng dài quá giới hạn 65536 byte",
	                            "record longer than %d bytes%s", HC_CSV_MAX_RECORD,
	                            st == QUOTED ? " (unterminated quote?)" : ""));
}

static int check_utf8(const hc_csv *c, hc_err *err, long line, int col, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || cp < 0)
			return rec_err(c, err, line, HC_EINVAL, col,
			               "văn bản không phải UTF-8 hợp lệ",
			               "invalid UTF-8 at byte %zu of field %d", i + 1, col + 1);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f)
			return rec_err(c, err, line, HC_EINVAL, col, "có ký tự điều khiển",
			               "control character U+%04X in field %d", (unsigned)cp,
			               col + 1);
		i += (size_t)k;
	}
	return HC_OK;
}

/* Splits buf[rs..re) into fields. */
static int split(hc_csv *c, size_t rs, size_t re, long line, int *nout, hc_err *err)
{
	const char *b = c->buf;
	size_t p = rs;
	char *o = c->fbuf;
	int nf = 0;
	for (;;) {
		if (nf == HC_CSV_MAX_FIELDS)
			return rec_err(c, err, line, HC_ETOOBIG, -1, "quá 64 cột",
			               "more than %d fields", HC_CSV_MAX_FIELDS);
		char *start = o;
		if (p < re && b[p] == '"') {
			p++;
			for (;;) {
				if (p >= re)
					return rec_err(c, err, line, HC_EINVAL, nf,
					               "dấu ngoặc kép mở mà không đóng",
					               "unterminated quoted field %d", nf + 1);
				if (b[p] == '"') {
					if (p + 1 < re && b[p + 1] == '"') {
						*o++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*o++ = b[p++];
			}
			if (p < re && b[p] != c->sep)
				return rec_err(
				    c, err, line, HC_EINVAL, nf,
				    "ký tự thừa sau dấu ngoặc kép đóng",
				    "unexpected character after the closing quote of field "
				    "%d",
				    nf + 1);
		} else {
			while (p < re && b[p] != c->sep) {
				if (b[p] == '"')
					return rec_err(c, err, line, HC_EINVAL, nf,
					               "dấu ngoặc kép trong trường không đặt trong "
					               "ngoặc kép",
					               "quote inside unquoted field %d", nf + 1);
				if (b[p] == '\r')
					return rec_err(c, err, line, HC_EINVAL, nf,
					               "ký tự CR lẻ trong trường",
					               "bare carriage return in field %d", nf + 1);
				*o++ = b[p++];
			}
		}
		if ((size_t)(o - start) > HC_CSV_MAX_FIELD)
			return rec_err(c, err, line, HC_ETOOBIG, nf,
			               "giá trị dài quá giới hạn 8192 byte",
			               "field %d longer than %d bytes", nf + 1, HC_CSV_MAX_FIELD);
		*o++ = '\0';
		c->fields[nf++] = start;
		if (p < re) { /* at the separator */
			p++;
			continue;
		}
		break;
	}
	*nout = nf;
	return HC_OK;
}

/* Reads one record (skipping empty lines). */
static int read_record(hc_csv *c, hc_csv_row *row, bool *done, hc_err *err)
{
	memset(row, 0, sizeof *row);
	*done = false;
	if (c->fatal)
		return hc_err_set(err, c->fatal_code, NULL, "Không đọc tiếp được tệp CSV",
		                  "csv: reader stopped after an earlier error");
	if (!c->started) {
		c->started = true;
		if (c->f && c->len < 3) {
			int rc = refill(c, err);
			if (rc)
				return rc;
		}
		if (c->len - c->pos >= 3 && memcmp(c->buf + c->pos, "\xEF\xBB\xBF", 3) == 0)
			c->pos += 3;
	}
	for (;;) {
		size_t rs = 0, re = 0, next = 0;
		int rc = scan_record(c, &rs, &re, &next, err);
		if (rc) {
			row->line = c->line;
			return rc;
		}
		if (rs == next) {
			*done = true;
			return HC_OK;
		}
		long line = c->line;
		for (size_t i = rs; i < next; i++)
			if (c->buf[i] == '\n')
				c->line++;
		c->pos = next;
		if (re == rs)
			continue; /* empty line */
		row->line = line;
		row->raw = c->buf + rs;
		row->raw_len = re - rs;
		int nf = 0;
		rc = split(c, rs, re, line, &nf, err);
		if (rc)
			return rc;
		if (c->header_n && nf != c->header_n) {
			char vi[128];
			snprintf(vi, sizeof vi, "có %d cột nhưng dòng tiêu đề có %d cột", nf,
			         c->header_n);
			return rec_err(c, err, line, HC_EINVAL, -1, vi,
			               "record has %d fields, the header has %d", nf, c->header_n);
		}
		for (int i = 0; i < nf; i++) {
			rc = check_utf8(c, err, line, i, c->fields[i]);
			if (rc)
				return rc;
		}
		row->n = nf;
		row->fields = c->fields;
		return HC_OK;
	}
}

int hc_csv_read_header(hc_csv *c, hc_csv_row *row, hc_err *err)
{
	bool done;
	if (c->header_n)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "csv: header already read");
	int rc = read_record(c, row, &done, err);
	if (rc)
		return set_fatal(c, rc);
	if (done)
		return set_fatal(c, hc_err_set(err, HC_EINVAL, NULL, "Tệp rỗng: thiếu dòng tiêu đề",
		                               "empty file: no header row"));
	size_t total = 0;
	for (int i = 0; i < row->n; i++)
		total += strlen(row->fields[i]) + 1;
	c->hdr_store = malloc(total);
	if (!c->hdr_store)
		return set_fatal(
		    c, hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "csv: out of memory"));
	char *o = c->hdr_store;
	for (int i = 0; i < row->n; i++) {
		size_t k = strlen(row->fields[i]) + 1;
		memcpy(o, row->fields[i], k);
		c->hdr[i] = o;
		o += k;
	}
	for (int i = 0; i < row->n; i++) {
		if (!c->hdr[i][0])
			return set_fatal(c, rec_err(c, err, row->line, HC_EINVAL, -1,
			                            "dòng tiêu đề có cột không tên",
			                            "header column %d is empty", i + 1));
		for (int j = 0; j < i; j++)
			if (strcmp(c->hdr[i], c->hdr[j]) == 0)
				return set_fatal(c, rec_err(c, err, row->line, HC_EINVAL, -1,
				                            "dòng tiêu đề có cột trùng tên",
				                            "header column '%s' appears twice",
				                            c->hdr[i]));
	}
	c->header_n = row->n;
	row->fields = c->hdr;
	return HC_OK;
}

int hc_csv_next(hc_csv *c, hc_csv_row *row, bool *done, hc_err *err)
{
	return read_record(c, row, done, err);
}
