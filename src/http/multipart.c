#include "http/multipart.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static const char *find(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nn) == 0)
			return h + i;
	return NULL;
}

static bool bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

int hc_multipart_boundary(const char *ct, char out[HC_MP_BOUNDARY_MAX + 1], hc_err *err)
{
	size_t tl = strlen(HC_MP_TYPE);
	if (!ct || strncasecmp(ct, HC_MP_TYPE, tl) != 0 || (ct[tl] != ';' && ct[tl] != ' '))
		return hc_err_set(err, HC_EINVAL, NULL,
		                  "Biểu mẫu phải gửi dạng multipart/form-data",
		                  "content type is not multipart/form-data");
	const char *p = ct + tl;
	const char *b = NULL;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, "boundary=", 9) == 0) {
			b = p + 9;
			break;
		}
	}
	size_t n = 0;
	if (b && *b == '"') {
		b++;
		const char *q = strchr(b, '"');
		n = q ? (size_t)(q - b) : 0;
	} else if (b) {
		n = strcspn(b, "; ");
	}
	if (!b || n == 0 || n > HC_MP_BOUNDARY_MAX || b[n - 1] == ' ')
		return hc_err_set(err, HC_EINVAL, NULL, "Biểu mẫu không hợp lệ",
		                  "missing or bad multipart boundary");
	for (size_t i = 0; i < n; i++)
		if (!bchar(b[i]))
			return hc_err_set(err, HC_EINVAL, NULL, "Biểu mẫu không hợp lệ",
			                  "bad character in multipart boundary");
	memcpy(out, b, n);
	out[n] = '\0';
	return HC_OK;
}

/* The value of parameter key (name, filename) in a Content-Disposition
 * line [p, e) into out[cap]: quoted (with \" and \\ escapes) or a token.
 * 0 absent, 1 found, -1 too long, -2 an unterminated quote. */
static int param(const char *p, const char *e, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	for (const char *s = p; s + kl + 1 <= e; s++) {
		if (strncasecmp(s, key, kl) != 0 || s[kl] != '=' ||
		    (s > p && s[-1] != ' ' && s[-1] != ';'))
			continue;
		const char *v = s + kl + 1;
		size_t n = 0;
		if (v < e && *v == '"') {
			for (v++; v < e && *v != '"'; v++) {
				if (*v == '\\' && v + 1 < e)
					v++;
				if (n + 1 >= cap)
					return -1;
				out[n++] = *v;
			}
			if (v >= e)
				return -2;
		} else {
			for (; v < e && *v != ';' && *v != ' '; v++) {
				if (n + 1 >= cap)
					return -1;
				out[n++] = *v;
			}
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

static int bad(hc_err *err, const char *detail)
{
	return hc_err_set(err, HC_EINVAL, NULL, "Biểu mẫu gửi lên không hợp lệ", "multipart: %s",
	                  detail);
}

/* Reads the header block [h, e) of one part into pt. */
static int headers(const char *h, const char *e, hc_mp_part *pt, hc_err *err)
{
	bool disposition = false;
	while (h < e) {
		const char *eol = find(h, (size_t)(e - h), "\r\n", 2);
		const char *le = eol ? eol : e;
		if (le - h >= 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
			const char *v = h + 20;
			while (v < le && *v == ' ')
				v++;
			if ((size_t)(le - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
				return bad(err, "disposition is not form-data");
			int r = param(v, le, "name", pt->name, sizeof pt->name);
			if (r == -2)
				return bad(err, "unterminated quote");
			if (r < 0)
				return hc_err_set(err, HC_ETOOBIG, NULL, "Tên trường quá dài",
				                  "multipart: name too long");
			if (r == 0 || !pt->name[0])
				return bad(err, "part without a name");
			r = param(v, le, "filename", pt->filename, sizeof pt->filename);
			if (r == -2)
				return bad(err, "unterminated quote");
			if (r < 0)
				return hc_err_set(err, HC_ETOOBIG, NULL, "Tên tệp quá dài",
				                  "multipart: filename too long");
			pt->is_file = r == 1;
			disposition = true;
		} else if (le - h >= 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
			const char *v = h + 13;
			while (v < le && *v == ' ')
				v++;
			size_t n = (size_t)(le - v);
			if (n >= sizeof pt->content_type)
				n = sizeof pt->content_type - 1;
			memcpy(pt->content_type, v, n);
			pt->content_type[n] = '\0';
		}
		h = eol ? eol + 2 : e;
	}
	return disposition ? HC_OK : bad(err, "part without Content-Disposition");
}

int hc_multipart_parse(const char *body, size_t len, const char *boundary, hc_multipart *out,
                       hc_err *err)
{
	memset(out, 0, sizeof *out);
	char delim[HC_MP_BOUNDARY_MAX + 5]; /* CRLF "--" boundary */
	size_t bl = strlen(boundary);
	if (bl == 0 || bl > HC_MP_BOUNDARY_MAX)
		return bad(err, "bad boundary");
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, bl);
	size_t dl = bl + 4;
	const char *end = body + len;
	/* the first delimiter may open the body (no CRLF before it) */
	const char *p;
	if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
		p = body + dl - 2;
	else if ((p = find(body, len, delim, dl)))
		p += dl;
	else
		return bad(err, "no delimiter");
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return HC_OK; /* close delimiter; the epilogue is ignored */
		while (p < end && (*p == ' ' || *p == '\t')) /* transport padding */
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return bad(err, "delimiter not followed by CRLF");
		p += 2;
		if (out->n == HC_MP_MAX_PARTS)
			return hc_err_set(err, HC_ETOOBIG, NULL,
			                  "Biểu mẫu có quá nhiều trường hoặc tệp",
			                  "multipart: more than %d parts", HC_MP_MAX_PARTS);
		size_t room = (size_t)(end - p);
		const char *hend = find(
		    p, room < HC_MP_HEADERS_MAX + 4 ? room : HC_MP_HEADERS_MAX + 4, "\r\n\r\n", 4);
		if (!hend && room > HC_MP_HEADERS_MAX)
			return hc_err_set(err, HC_ETOOBIG, NULL, "Biểu mẫu không hợp lệ",
			                  "multipart: part headers over %d bytes",
			                  HC_MP_HEADERS_MAX);
		if (!hend)
			return bad(err, "headers without their blank line");
		hc_mp_part *pt = &out->parts[out->n];
		int rc = headers(p, hend + 2, pt, err);
		if (rc)
			return rc;
		const char *data = hend + 4;
		const char *next = find(data, (size_t)(end - data), delim, dl);
		if (!next)
			return bad(err, "no closing delimiter");
		pt->data = data;
		pt->len = (size_t)(next - data);
		out->n++;
		p = next + dl;
	}
}

const hc_mp_part *hc_multipart_get(const hc_multipart *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->parts[i].name, name) == 0)
			return &m->parts[i];
	return NULL;
}
