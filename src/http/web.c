#include "http/web.h"

#include "http/multipart.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/time.h"
#include "http/router.h"
#include "web/tmpl.h"

/* ---- cookies ------------------------------------------------------------ */

static bool cookie_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

bool hc_web_cookie(const char *header, const char *name, char *out, size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (!header || !name || cap < 2 ||
	    strnlen(header, HC_WEB_COOKIE_HEADER_MAX + 1) > HC_WEB_COOKIE_HEADER_MAX)
		return false;
	size_t nl = strlen(name);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *eq = p;
		while (*eq && *eq != '=' && *eq != ';')
			eq++;
		const char *end = eq;
		while (*end && *end != ';')
			end++;
		if (*eq == '=' && (size_t)(eq - p) == nl && memcmp(p, name, nl) == 0) {
			const char *v = eq + 1;
			size_t n = (size_t)(end - v);
			while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
				v++, n -= 2;
			if (n == 0 || n >= cap)
				return false;
			for (size_t i = 0; i < n; i++)
				if (!cookie_char(v[i]))
					return false;
			memcpy(out, v, n);
			out[n] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

void hc_web_set_cookie(hc_request *rq, const char *name, const char *value, int max_age_s)
{
	hc_reply *r = &rq->reply;
	for (size_t i = 0; i < sizeof r->cookies / sizeof r->cookies[0]; i++)
		if (!r->cookies[i][0]) {
			snprintf(r->cookies[i], sizeof r->cookies[i],
			         "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", name,
			         value, max_age_s, rq->app->secure_cookies ? "; Secure" : "");
			return;
		}
	hc_log_warn("web: more than two cookies in one reply (%s dropped)", name);
}

/* ---- form tokens -------------------------------------------------------- */

void hc_web_csrf_derive(const char *kind, const char *secret, char out[33])
{
	/* a fixed key separates this use of BLAKE2b from every other */
	static const unsigned char key[32] = "haicap web form token, v1......";
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, sizeof key, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)secret, strlen(secret));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 33, h, sizeof h);
}

bool hc_web_csrf_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n == 0 || n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

const char *hc_web_form(const hc_request *rq, const char *name)
{
	const char *v = hc_query_get(&rq->form, name);
	return v ? v : "";
}

static bool form_type(const char *ct)
{
	size_t n = strlen(HC_WEB_FORM_TYPE);
	return ct && strncasecmp(ct, HC_WEB_FORM_TYPE, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A multipart form (HC_ROUTE_UPLOAD): the parts go to rq->upload, the
 * text fields through the form parser (same limits as any form) into
 * rq->form; every part's name must be declared. */
static int multipart_form(hc_request *rq, hc_err *err)
{
	char boundary[HC_MP_BOUNDARY_MAX + 1];
	int rc = hc_multipart_boundary(rq->content_type, boundary, err);
	if (rc)
		return rc;
	if (!(rq->upload = malloc(sizeof *rq->upload)))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "multipart: no memory");
	if ((rc = hc_multipart_parse(rq->body ? rq->body : "", rq->body ? rq->body_len : 0,
	                             boundary, rq->upload, err)))
		return rc;
	hc_buf enc = {0};
	enc.cap_limit = HC_QUERY_RAW_MAX + 1;
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; !rc && i < rq->upload->n; i++) {
		const hc_mp_part *p = &rq->upload->parts[i];
		bool known = false;
		for (size_t k = 0; rq->route->body_keys && rq->route->body_keys[k]; k++)
			known |= strcmp(rq->route->body_keys[k], p->name) == 0;
		if (!known) {
			rc = hc_err_set(err, HC_EINVAL, p->name, "Biểu mẫu có trường không hợp lệ",
			                "undeclared part '%s'", p->name);
			break;
		}
		if (p->is_file)
			continue;
		const char *s = p->name;
		for (int pass = 0; pass < 2; pass++) {
			size_t n = pass ? p->len : strlen(s);
			const char *d = pass ? p->data : s;
			for (size_t j = 0; j < n; j++) {
				unsigned char c = (unsigned char)d[j];
				if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				    (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.')
					hc_buf_putc(&enc, (char)c);
				else {
					char e3[3] = {'%', hex[c >> 4], hex[c & 15]};
					hc_buf_append(&enc, e3, 3);
				}
			}
			hc_buf_putc(&enc, pass ? '&' : '=');
		}
	}
	if (!rc && enc.len > HC_QUERY_RAW_MAX)
		rc = hc_err_set(err, HC_ETOOBIG, NULL, "Nội dung biểu mẫu quá dài",
		                "multipart text fields over %d bytes", HC_QUERY_RAW_MAX);
	if (!rc)
		rc = hc_query_parse(enc.data ? enc.data : "", enc.len ? enc.len - 1 : 0, &rq->form,
		                    err);
	hc_buf_free(&enc);
	return rc;
}

int hc_web_prepare(hc_request *rq, hc_err *err)
{
	char pre[48];
	if (rq->signed_in) {
		hc_web_csrf_derive("s", rq->token, rq->csrf);
	} else if (hc_web_cookie(rq->cookie, HC_WEB_PRE_COOKIE, pre, sizeof pre)) {
		hc_web_csrf_derive("p", pre, rq->csrf);
	} else {
		unsigned char rnd[16];
		randombytes_buf(rnd, sizeof rnd);
		sodium_bin2hex(rq->pre_session, sizeof rq->pre_session, rnd, sizeof rnd);
		hc_web_csrf_derive("p", rq->pre_session, rq->csrf);
	}
	if (strcmp(rq->method, "POST") != 0) {
		for (size_t i = 0; rq->body && i < rq->body_len; i++)
			if (rq->body[i] != ' ' && rq->body[i] != '\t' && rq->body[i] != '\r' &&
			    rq->body[i] != '\n')
				return hc_err_set(err, HC_EINVAL, NULL,
				                  "Yêu cầu này không nhận dữ liệu gửi kèm",
				                  "unexpected body of %zu bytes", rq->body_len);
		return HC_OK;
	}
	int rc;
	if (rq->route->flags & HC_ROUTE_UPLOAD) {
		if ((rc = multipart_form(rq, err)))
			return rc;
	} else if (!form_type(rq->content_type)) {
		return hc_err_set(err, HC_EINVAL, NULL, "Biểu mẫu gửi lên không đúng định dạng",
		                  "form body with Content-Type %s",
		                  rq->content_type ? rq->content_type : "(none)");
	} else {
		rc = hc_query_parse(rq->body ? rq->body : "", rq->body ? rq->body_len : 0,
		                    &rq->form, err);
	}
	if (rc)
		return rc;
	if (rq->route->body_keys && (rc = hc_query_only(&rq->form, rq->route->body_keys, err)))
		return rc;
	if (rq->pre_session[0] ||
	    !hc_web_csrf_equal(hc_query_get(&rq->form, HC_WEB_CSRF_FIELD), rq->csrf))
		return hc_err_set(err, HC_EFORBIDDEN, HC_WEB_CSRF_FIELD,
		                  "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang "
		                  "và gửi lại.",
		                  "form token missing or wrong");
	return HC_OK;
}

/* ---- pages ---------------------------------------------------------------- */

static void asset_version(const char *name, char out[17])
{
	char path[96];
	snprintf(path, sizeof path, "web/static/%s", name);
	const hc_embed_file *f = hc_embed_find(path);
	unsigned char h[8];
	crypto_generichash(h, sizeof h,
	                   f ? (const unsigned char *)f->data : (const unsigned char *)"",
	                   f ? f->len : 0, NULL, 0);
	sodium_bin2hex(out, 17, h, sizeof h);
}

typedef struct nav_item {
	const char *href, *label;
} nav_item;

static json_t *menu(const hc_request *rq)
{
	static const nav_item common[] = {{"/thu-tuc", "Thủ tục hành chính"},
	                                  {"/tra-cuu", "Tra cứu hồ sơ"}};
	json_t *a = json_array();
	if (rq->signed_in) {
		json_array_append_new(
		    a, json_pack("{s:s,s:s}", "href", "/trang-chu", "label", "Trang chủ"));
		enum hc_role r = rq->actor.role;
		if (hc_perm_check(&rq->actor, HC_PERM_DOSSIER_RECEIVE, rq->actor.unit_id, NULL) ==
		    HC_OK)
			json_array_append_new(a, json_pack("{s:s,s:s}", "href", "/mot-cua", "label",
			                                   "Tiếp nhận hồ sơ"));
		if (hc_perm_check(&rq->actor, HC_PERM_DOSSIER_READ, rq->actor.unit_id, NULL) ==
		        HC_OK &&
		    r != HC_ROLE_SUPERVISOR) {
			json_array_append_new(
			    a, json_pack("{s:s,s:s}", "href", "/hop-thu", "label", "Hộp hồ sơ"));
			json_array_append_new(a, json_pack("{s:s,s:s}", "href", "/ho-so", "label",
			                                   "Hồ sơ của đơn vị"));
		}
		if (hc_perm_check(&rq->actor, HC_PERM_STATS_READ, rq->actor.unit_id, NULL) ==
		        HC_OK &&
		    r != HC_ROLE_SUPERVISOR)
			json_array_append_new(a, json_pack("{s:s,s:s}", "href", "/bang-dieu-khien",
			                                   "label", "Bảng điều khiển"));
		if (hc_perm_check(&rq->actor, HC_PERM_STATS_READ, HC_PERM_EVERY_UNIT, NULL) ==
		    HC_OK)
			json_array_append_new(a, json_pack("{s:s,s:s}", "href", "/tong-quan",
			                                   "label", "Tổng quan thành phố"));
	}
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		json_array_append_new(
		    a, json_pack("{s:s,s:s}", "href", common[i].href, "label", common[i].label));
	size_t i;
	json_t *it;
	json_array_foreach(a, i, it)
	{
		const char *h = json_string_value(json_object_get(it, "href"));
		size_t hl = strlen(h);
		if (strncmp(rq->path, h, hl) == 0 && (rq->path[hl] == '\0' || rq->path[hl] == '/'))
			json_object_set_new(it, "current", json_true());
	}
	return a;
}

static void set_html(hc_request *rq, int status, hc_buf *b)
{
	hc_reply_take(&rq->reply, status, HC_CT_HTML, hc_buf_take(b));
	if (rq->pre_session[0])
		hc_web_set_cookie(rq, HC_WEB_PRE_COOKIE, rq->pre_session, 12 * 3600);
}

void hc_web_page(hc_request *rq, int status, const char *tmpl, const char *title, json_t *data)
{
	hc_err err;
	hc_err_clear(&err);
	hc_buf body = HC_BUF_INIT, page = HC_BUF_INIT;
	if (!data)
		data = json_object();
	json_object_set_new(data, "csrf", json_string(rq->csrf));
	int rc = hc_tmpl_render(tmpl, data, &body, &err);
	json_decref(data);
	json_t *lay = NULL;
	if (!rc) {
		char css[17], js[17];
		asset_version("app.css", css);
		asset_version("app.js", js);
		lay = json_pack("{s:s,s:s,s:s,s:s,s:o,s:s}", "title", title, "content",
		                hc_buf_str(&body), "css_v", css, "js_v", js, "menu", menu(rq),
		                "csrf", rq->csrf);
		if (lay && rq->signed_in)
			json_object_set_new(lay, "user",
			                    json_pack("{s:s,s:s}", "full_name", rq->actor.full_name,
			                              "role", hc_role_label(rq->actor.role)));
		rc = lay ? hc_tmpl_render("layout", lay, &page, &err)
		         : hc_err_set(&err, HC_ENOMEM, NULL, "Hết bộ nhớ", "layout: no memory");
	}
	json_decref(lay);
	hc_buf_free(&body);
	if (rc) {
		hc_buf_free(&page);
		hc_reply_clear(&rq->reply);
		rq->reply.err = err;
		/* a plain page: the layout itself may be what failed */
		static const char fixed[] =
		    "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi hệ "
		    "thống</title><p>Lỗi hệ thống, vui lòng thử lại sau.</p></html>";
		hc_reply_raw(&rq->reply, 500, HC_CT_HTML, fixed, sizeof fixed - 1);
		return;
	}
	set_html(rq, status, &page);
}

void hc_web_fragment(hc_request *rq, const char *tmpl, json_t *data)
{
	hc_err err;
	hc_err_clear(&err);
	hc_buf b = HC_BUF_INIT;
	int rc = hc_tmpl_render(tmpl, data, &b, &err);
	json_decref(data);
	if (rc) {
		hc_buf_free(&b);
		hc_reply_error(&rq->reply, &err);
		return;
	}
	set_html(rq, 200, &b);
}

void hc_web_redirect(hc_request *rq, const char *location)
{
	hc_reply_raw(&rq->reply, 303, "text/plain; charset=utf-8", "", 0);
	snprintf(rq->reply.location, sizeof rq->reply.location, "%s", location);
	if (rq->pre_session[0])
		hc_web_set_cookie(rq, HC_WEB_PRE_COOKIE, rq->pre_session, 12 * 3600);
}

void hc_web_fail(hc_request *rq, const hc_err *err)
{
	bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	hc_err e = *err;
	if (e.code == HC_OK)
		hc_err_set(&e, HC_EINTERNAL, NULL, "Lỗi hệ thống", "web error without a code");
	int status = hc_err_http_status(e.code);
	hc_reply_clear(&rq->reply);
	if (e.code == HC_EUNAUTH && get) {
		hc_web_redirect(rq, "/dang-nhap");
		rq->reply.err = e;
		return;
	}
	const char *msg = e.message[0] ? e.message : "Lỗi hệ thống, vui lòng thử lại sau";
	if (status >= 500 && e.code != HC_EUNAVAIL)
		msg = "Lỗi hệ thống, vui lòng thử lại sau";
	const char *title = status == 404   ? "Không tìm thấy"
	                    : status == 403 ? "Không được phép"
	                    : status == 401 ? "Cần đăng nhập"
	                    : status < 500  ? "Yêu cầu không hợp lệ"
	                                    : "Lỗi hệ thống";
	json_t *d = json_pack("{s:s,s:i,s:b}", "message", msg, "status", status, "signin",
	                      e.code == HC_EUNAUTH);
	hc_web_page(rq, status, "error", title, d);
	rq->reply.err = e;
}

/* ---- static assets ---------------------------------------------------------- */

static const char *static_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return NULL;
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	return NULL;
}

int hc_web_v_static(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"v", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (rc)
		return rc;
	const char *name = hc_request_param(rq, "name");
	char path[HC_PARAM_MAX + 16];
	snprintf(path, sizeof path, "web/static/%s", name ? name : "");
	if (!name || strstr(name, "..") || !static_type(name) || !hc_embed_find(path))
		return hc_err_set(err, HC_ENOTFOUND, NULL, "Không tìm thấy tệp", "no static '%s'",
		                  name ? name : "");
	return HC_OK;
}

void hc_web_static(hc_request *rq)
{
	const char *name = hc_request_param(rq, "name");
	char path[HC_PARAM_MAX + 16], ver[17];
	snprintf(path, sizeof path, "web/static/%s", name);
	const hc_embed_file *f = hc_embed_find(path);
	asset_version(name, ver);
	const char *v = hc_query_get(&rq->query, "v");
	char etag[24];
	snprintf(etag, sizeof etag, "\"%s\"", ver);
	if (rq->if_none_match && strstr(rq->if_none_match, etag))
		hc_reply_raw(&rq->reply, 304, static_type(name), "", 0);
	else
		hc_reply_raw(&rq->reply, 200, static_type(name), f->data, f->len);
	snprintf(rq->reply.etag, sizeof rq->reply.etag, "%s", etag);
	/* an address carrying the content's version never changes */
	rq->reply.cache = v && strcmp(v, ver) == 0 ? "public, max-age=31536000, immutable"
	                                           : "public, max-age=300";
}

/* ---- text forms ------------------------------------------------------------- */

const char *hc_web_fmt_time(int64_t t, char buf[HC_WEB_TEXT_MAX])
{
	if (t == 0) {
		buf[0] = '\0';
		return buf;
	}
	char d[HC_DATE_BUF];
	int m = hc_local_minute(t);
	snprintf(buf, HC_WEB_TEXT_MAX, "%02d:%02d ngày %s", m / 60, m % 60,
	         hc_fmt_vn_date(hc_local_day(t), d));
	return buf;
}

const char *hc_web_fmt_fee(int64_t fee, char buf[HC_WEB_TEXT_MAX])
{
	if (fee <= 0) {
		snprintf(buf, HC_WEB_TEXT_MAX, "Không thu phí");
		return buf;
	}
	char digits[24], grouped[40];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)fee);
	int j = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = '.';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(buf, HC_WEB_TEXT_MAX, "%s đồng", grouped);
	return buf;
}

const char *hc_web_fmt_size(int64_t bytes, char buf[HC_WEB_TEXT_MAX])
{
	if (bytes < 1024) {
		snprintf(buf, HC_WEB_TEXT_MAX, "%lld byte", (long long)(bytes > 0 ? bytes : 0));
		return buf;
	}
	const char *unit = bytes < 1024 * 1024 ? "KB" : "MB";
	int64_t base = bytes < 1024 * 1024 ? 1024 : 1024 * 1024;
	/* tenths, rounded half up */
	int64_t tenths = (bytes * 10 + base / 2) / base;
	if (tenths < 100)
		snprintf(buf, HC_WEB_TEXT_MAX, "%lld,%lld %s", (long long)(tenths / 10),
		         (long long)(tenths % 10), unit);
	else
		snprintf(buf, HC_WEB_TEXT_MAX, "%lld %s", (long long)((tenths + 5) / 10), unit);
	return buf;
}

const char *hc_web_fmt_limit(hc_limit l, char buf[HC_WEB_TEXT_MAX])
{
	if (l.kind == HC_LIMIT_DAYS)
		snprintf(buf, HC_WEB_TEXT_MAX, "%d ngày làm việc", l.value);
	else if (l.kind == HC_LIMIT_HOURS)
		snprintf(buf, HC_WEB_TEXT_MAX, "%d giờ làm việc", l.value);
	else
		snprintf(buf, HC_WEB_TEXT_MAX, "Trong ngày");
	return buf;
}

const char *hc_web_level_label(enum hc_online_level l)
{
	return l == HC_ONLINE_FULL      ? "Trực tuyến toàn trình"
	       : l == HC_ONLINE_PARTIAL ? "Trực tuyến một phần"
	                                : "Nộp trực tiếp";
}

const char *hc_web_level_class(enum hc_online_level l)
{
	return hc_online_level_name(l);
}

/* ---- dossier actions in words ---------------------------------------------- */

const char *hc_web_action_text(const char *action)
{
	static const char *const map[][2] = {
	    {"receive", "Hồ sơ được tiếp nhận"},
	    {"assign", "Hồ sơ được chuyển đến bộ phận giải quyết"},
	    {"forward", "Hồ sơ được chuyển tiếp để giải quyết"},
	    {"request_supplement", "Cơ quan yêu cầu bổ sung hồ sơ"},
	    {"supplement_received", "Đã nhận hồ sơ bổ sung"},
	    {"request_payment", "Đề nghị nộp phí, lệ phí"},
	    {"record_payment", "Đã nộp phí, lệ phí"},
	    {"submit_for_signature", "Hồ sơ được trình lãnh đạo ký"},
	    {"resolve", "Đã có kết quả giải quyết"},
	    {"reject", "Hồ sơ bị từ chối giải quyết"},
	    {"extend", "Gia hạn thời gian giải quyết (kèm thư xin lỗi)"},
	    {"return_result", "Đã trả kết quả"},
	    {"withdraw", "Hồ sơ được rút theo đề nghị của người nộp"},
	    {"rate", "Người nộp đánh giá mức độ hài lòng"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], action) == 0)
			return map[i][1];
	return NULL;
}

/* ---- transactions ------------------------------------------------------------- */

bool hc_web_reply_failed(const hc_request *rq)
{
	return rq->reply.status >= 400 &&
	       (!rq->reply.content_type || strcmp(rq->reply.content_type, HC_CT_JSON) == 0);
}

static void html_errors(hc_request *rq)
{
	if (hc_web_reply_failed(rq)) {
		hc_err e = rq->reply.err;
		hc_web_fail(rq, &e);
	}
}

void hc_web_read(hc_request *rq, hc_tx_fn fn, void *ctx)
{
	hc_http_read(rq, fn, ctx);
	html_errors(rq);
}

void hc_web_post(hc_request *rq, hc_tx_fn write, hc_tx_fn render, void *ctx, hc_err *error)
{
	hc_http_write(rq, write, ctx);
	if (!hc_web_reply_failed(rq))
		return;
	*error = rq->reply.err;
	hc_reply_clear(&rq->reply);
	if (error->code == HC_ENOTFOUND || error->code >= HC_EUNAVAIL) {
		hc_web_fail(rq, error);
		return;
	}
	hc_web_read(rq, render, ctx);
	if (!hc_web_reply_failed(rq) && rq->reply.status == 200)
		rq->reply.status = hc_err_http_status(error->code);
	rq->reply.err = *error;
}

void hc_web_write(hc_request *rq, hc_tx_fn fn, void *ctx)
{
	hc_http_write(rq, fn, ctx);
	html_errors(rq);
}
