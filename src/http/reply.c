#include "http/reply.h"

#include <stdlib.h>
#include <string.h>

static const char msg_internal[] = "Lỗi hệ thống, vui lòng thử lại sau";

void hc_reply_clear(hc_reply *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

static void set_body(hc_reply *r, int status, const char *ct, char *body, size_t n)
{
	free(r->body);
	if (ct == NULL || strcmp(ct, HC_CT_JSON) == 0)
		r->disposition[0] = '\0';
	r->status = status;
	r->content_type = ct;
	r->body = body;
	r->len = n;
}

/* Last-resort reply when even building the error body fails. */
static void set_oom(hc_reply *r)
{
	static const char fixed[] = "{\"error\":{\"code\":\"out_of_memory\",\"message\":"
	                            "\"Lỗi hệ thống, vui lòng thử lại sau\",\"field\":null}}";
	char *copy = malloc(sizeof fixed);
	if (copy)
		memcpy(copy, fixed, sizeof fixed);
	set_body(r, 500, HC_CT_JSON, copy, copy ? sizeof fixed - 1 : 0);
	if (r->err.code == HC_OK)
		hc_err_set(&r->err, HC_ENOMEM, NULL, msg_internal, "reply: out of memory");
}

void hc_reply_json(hc_reply *r, int status, json_t *body)
{
	char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!s) {
		hc_err_set(&r->err, HC_ENOMEM, NULL, msg_internal, "reply: cannot serialize JSON");
		set_oom(r);
		return;
	}
	set_body(r, status, HC_CT_JSON, s, strlen(s));
}

void hc_reply_raw(hc_reply *r, int status, const char *content_type, const char *body, size_t n)
{
	char *copy = malloc(n + 1);
	if (!copy) {
		set_oom(r);
		return;
	}
	memcpy(copy, body, n);
	copy[n] = '\0';
	set_body(r, status, content_type ? content_type : HC_CT_JSON, copy, n);
}

static bool name_safe(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* Appends `attachment; filename="<name with unsafe bytes as '_'>"` to d at
 * k, at most max bytes of the name and leaving room in cap; returns the
 * new length. */
static size_t put_ascii_name(char *d, size_t cap, const char *filename, size_t max)
{
	static const char head[] = "attachment; filename=\"";
	size_t k = sizeof head - 1;
	memcpy(d, head, k);
	for (const char *c = filename; *c && k + 2 < cap && max > 0; c++, max--)
		d[k++] = name_safe(*c) ? *c : '_';
	d[k++] = '"';
	d[k] = '\0';
	return k;
}

static void set_file(hc_reply *r, const char *content_type, const char *d, size_t k,
                     const char *body, size_t n)
{
	hc_reply_raw(r, 200, content_type, body, n);
	if (r->status == 200)
		memcpy(r->disposition, d, k + 1);
}

void hc_reply_file(hc_reply *r, const char *content_type, const char *filename, const char *body,
                   size_t n)
{
	char d[sizeof r->disposition];
	size_t k = put_ascii_name(d, HC_REPLY_FILE_NAME_MAX, filename, (size_t)-1);
	set_file(r, content_type, d, k, body, n);
}

void hc_reply_attachment(hc_reply *r, const char *content_type, const char *filename,
                         const char *body, size_t n)
{
	static const char star[] = "; filename*=UTF-8''";
	static const char hex[] = "0123456789ABCDEF";
	char d[sizeof r->disposition];
	size_t k = put_ascii_name(d, sizeof d, filename, HC_REPLY_FILE_NAME_MAX / 2);
	memcpy(d + k, star, sizeof star - 1);
	k += sizeof star - 1;
	/* RFC 5987 value: one character at a time, so a long name is cut
	 * between characters, never inside a UTF-8 sequence */
	const unsigned char *c = (const unsigned char *)filename;
	while (*c) {
		size_t len = 1;
		while (c[len] && (c[len] & 0xC0) == 0x80)
			len++;
		bool plain = len == 1 && (name_safe((char)*c) || *c == '~');
		size_t need = plain ? 1 : 3 * len;
		if (k + need + 1 > sizeof d)
			break;
		for (size_t i = 0; i < len; i++) {
			if (plain) {
				d[k++] = (char)c[i];
			} else {
				d[k++] = '%';
				d[k++] = hex[c[i] >> 4];
				d[k++] = hex[c[i] & 15];
			}
		}
		c += len;
	}
	d[k] = '\0';
	set_file(r, content_type, d, k, body, n);
}

void hc_reply_take(hc_reply *r, int status, const char *content_type, char *body)
{
	set_body(r, status, content_type ? content_type : HC_CT_JSON, body,
	         body ? strlen(body) : 0);
}

json_t *hc_reply_error_json(const hc_err *err)
{
	int code = err->code == HC_OK ? HC_EINTERNAL : err->code;
	int status = hc_err_http_status(code);
	const char *message = err->message[0] ? err->message : msg_internal;
	if (status >= 500 && code != HC_EUNAVAIL)
		message = msg_internal;
	json_t *e = json_object();
	json_t *o = json_object();
	if (!e || !o || json_object_set_new(e, "code", json_string(hc_err_name(code))) ||
	    json_object_set_new(e, "message", json_string(message)) ||
	    json_object_set_new(e, "field",
	                        err->field[0] ? json_string(err->field) : json_null()) ||
	    json_object_set(o, "error", e)) {
		json_decref(e);
		json_decref(o);
		return NULL;
	}
	json_decref(e);
	return o;
}

void hc_reply_error(hc_reply *r, const hc_err *err)
{
	if (err != &r->err)
		r->err = *err;
	if (r->err.code == HC_OK)
		hc_err_set(&r->err, HC_EINTERNAL, NULL, msg_internal,
		           "error reply without an error code");
	int status = hc_err_http_status(r->err.code);
	json_t *body = hc_reply_error_json(&r->err);
	if (!body) {
		set_oom(r);
		return;
	}
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s) {
		set_oom(r);
		return;
	}
	set_body(r, status, HC_CT_JSON, s, strlen(s));
}

void hc_reply_fail(hc_reply *r, int code, const char *field, const char *message,
                   const char *detail)
{
	hc_err e;
	hc_err_set(&e, code, field, message, "%s", detail ? detail : message);
	hc_reply_error(r, &e);
}
