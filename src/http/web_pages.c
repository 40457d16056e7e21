/* Web pages: the site root, staff sign-in and sign-out, each role's home,
 * the leader's dashboard, the city overview, and the citizens' pages
 * (procedure catalog, procedure detail, dossier lookup). Handlers build a
 * JSON object for a template (web/templates/) and call the domain modules;
 * no rule lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"
#include "domain/auth.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "domain/stats.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/json_dossier.h"
#include "http/txn.h"
#include "http/web.h"
#include "web/svg.h"
#include "web/tmpl.h"

const char *const hc_web_login_keys[] = {"csrf", "username", "password", NULL};
const char *const hc_web_csrf_keys[] = {"csrf", NULL};
const char *const hc_web_lookup_keys[] = {"csrf", "ma", "mk", NULL};

static bool wants_html(const hc_request *rq)
{
	return rq->accept && strstr(rq->accept, "text/html");
}

/* GET /: a browser gets the citizens' pages, anything else the JSON index. */
void hc_web_root(hc_request *rq)
{
	if (wants_html(rq))
		hc_web_redirect(rq, rq->signed_in ? "/trang-chu" : "/thu-tuc");
	else
		hc_api_index(rq);
}

/* ---- sign-in / sign-out --------------------------------------------------- */

static void login_form(hc_request *rq, int status, const char *username, const char *error)
{
	json_t *d = json_pack("{s:s}", "username", username ? username : "");
	if (error)
		json_object_set_new(d, "error", json_string(error));
	hc_web_page(rq, status, "login", "Đăng nhập cán bộ", d);
}

void hc_web_login_page(hc_request *rq)
{
	if (rq->signed_in) {
		hc_web_redirect(rq, "/trang-chu");
		return;
	}
	login_form(rq, 200, NULL, NULL);
}

int hc_web_v_login(hc_request *rq, hc_err *err)
{
	return hc_api_v_none(rq, err);
}

static int login_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	char **token = ctx;
	hc_actor a;
	int rc = hc_auth_login(tx, hc_web_form(rq, "username"), hc_web_form(rq, "password"),
	                       rq->env.now, token, &a, err);
	if (rc)
		return rc;
	hc_web_redirect(rq, "/trang-chu");
	return HC_OK;
}

void hc_web_login(hc_request *rq)
{
	const char *user = hc_web_form(rq, "username");
	if (!user[0] || !hc_web_form(rq, "password")[0]) {
		login_form(rq, 400, user, "Vui lòng nhập tên đăng nhập và mật khẩu.");
		return;
	}
	if (strlen(user) > 64 || strlen(hc_web_form(rq, "password")) > 256) {
		login_form(rq, 401, "", "Tên đăng nhập hoặc mật khẩu không đúng.");
		return;
	}
	char *token = NULL;
	hc_http_write(rq, login_tx, &token);
	if (rq->reply.status >= 400) {
		hc_err e = rq->reply.err;
		hc_reply_clear(&rq->reply);
		bool busy = e.code == HC_EUNAVAIL || e.code == HC_EDB;
		login_form(rq, busy ? 503 : 401, user,
		           busy ? e.message : "Tên đăng nhập hoặc mật khẩu không đúng.");
		rq->reply.err = e;
	} else if (token) {
		hc_web_set_cookie(rq, HC_WEB_SESSION_COOKIE, token, HC_SESSION_MAX_S);
	}
	free(token);
}

static int logout_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	int rc = hc_auth_logout(tx, rq->token, rq->env.now, err);
	if (!rc)
		hc_web_redirect(rq, "/dang-nhap");
	return rc;
}

void hc_web_logout(hc_request *rq)
{
	if (rq->signed_in)
		hc_http_write(rq, logout_tx, NULL);
	if (rq->reply.status >= 400) {
		hc_err e = rq->reply.err;
		hc_web_fail(rq, &e);
		return;
	}
	hc_reply_clear(&rq->reply);
	hc_web_redirect(rq, "/dang-nhap");
	hc_web_set_cookie(rq, HC_WEB_SESSION_COOKIE, "", 0);
}

/* ---- home of each role --------------------------------------------------- */

static json_t *card(const char *href, const char *label, const char *hint)
{
	return json_pack("{s:s,s:s,s:s}", "href", href, "label", label, "hint", hint);
}

static bool may(const hc_request *rq, enum hc_perm p, int64_t unit)
{
	return hc_perm_check(&rq->actor, p, unit, NULL) == HC_OK;
}

static int home_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_unit u;
	memset(&u, 0, sizeof u);
	int rc = hc_unit_by_id(tx, rq->actor.unit_id, &u, err);
	if (rc)
		return rc;
	int64_t unit = rq->actor.unit_id;
	json_t *cards = json_array();
	if (may(rq, HC_PERM_DOSSIER_RECEIVE, unit))
		json_array_append_new(cards, card("/mot-cua", "Tiếp nhận hồ sơ",
		                                  "Tìm thủ tục, nhập người nộp, in giấy hẹn"));
	if (may(rq, HC_PERM_DOSSIER_READ, unit) && rq->actor.role != HC_ROLE_SUPERVISOR) {
		json_array_append_new(cards,
		                      card("/ho-so?loc=dang-giai-quyet", "Hồ sơ đang giải quyết",
		                           "Hồ sơ chưa có kết quả của đơn vị"));
		json_array_append_new(cards, card("/ho-so?loc=qua-han", "Hồ sơ quá hạn",
		                                  "Cần xử lý ngay, đã quá ngày hẹn trả"));
		json_array_append_new(cards, card("/ho-so?loc=cho-bo-sung", "Chờ bổ sung",
		                                  "Hồ sơ đang chờ công dân bổ sung"));
	}
	if (may(rq, HC_PERM_STATS_READ, unit) && rq->actor.role != HC_ROLE_SUPERVISOR)
		json_array_append_new(cards, card("/bang-dieu-khien", "Bảng điều khiển",
		                                  "Số liệu tiếp nhận, giải quyết, tỷ lệ đúng hạn"));
	if (may(rq, HC_PERM_STATS_READ, HC_PERM_EVERY_UNIT))
		json_array_append_new(cards, card("/tong-quan", "Tổng quan thành phố",
		                                  "Số liệu và xếp hạng của các xã, phường"));
	json_array_append_new(
	    cards, card("/thu-tuc", "Thủ tục hành chính", "Danh mục, thành phần hồ sơ, lệ phí"));
	json_t *d = json_pack("{s:s,s:s,s:s,s:o}", "full_name", rq->actor.full_name, "role",
	                      hc_role_label(rq->actor.role), "unit_name", u.name, "cards", cards);
	if (may(rq, HC_PERM_STATS_READ, unit) && rq->actor.role != HC_ROLE_SUPERVISOR) {
		hc_stats s;
		hc_stats_scope sc = {.unit_id = unit};
		int64_t today = hc_local_instant(hc_local_day(rq->env.now), 0);
		if ((rc =
		         hc_stats_compute(tx, &sc, today, rq->env.now + 1, rq->env.now, &s, err))) {
			json_decref(d);
			return rc;
		}
		json_object_set_new(d, "counts",
		                    json_pack("{s:I,s:I,s:I,s:I}", "pending",
		                              (json_int_t)s.pending.total, "overdue",
		                              (json_int_t)s.pending.overdue, "supplement",
		                              (json_int_t)s.pending.awaiting_supplement,
		                              "received_today", (json_int_t)s.received.total));
	}
	hc_web_page(rq, 200, "home", "Trang chủ", d);
	return HC_OK;
}

void hc_web_home(hc_request *rq)
{
	hc_web_read(rq, home_tx, NULL);
}

/* ---- statistics pages ------------------------------------------------------ */

static json_t *rate_text(hc_rate r)
{
	if (r.den == 0)
		return json_string("—");
	char b[32];
	snprintf(b, sizeof b, "%.1f%%", 100.0 * (double)r.num / (double)r.den);
	for (char *c = b; *c; c++)
		if (*c == '.')
			*c = ',';
	return json_string(b);
}

static int overview_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_web_period *p = ctx;
	hc_stats_overview o;
	memset(&o, 0, sizeof o);
	hc_stats_scope sc = {0};
	int rc = hc_perm_check(&rq->actor, HC_PERM_STATS_READ, HC_PERM_EVERY_UNIT, err);
	if (rc)
		return rc;
	rc = hc_stats_overview_compute(tx, &sc, p->from, p->to, rq->env.now, &o, err);
	if (rc)
		return rc;
	json_t *rows = json_array();
	for (size_t i = 0; i < o.n; i++) {
		const hc_stats_unit_row *r = &o.rows[i];
		if (strcmp(r->unit.kind, "tinh") == 0)
			continue;
		const hc_stats *s = &r->stats;
		char rank[24];
		snprintf(rank, sizeof rank, "%d/%zu", r->rank.on_time, o.n);
		json_t *row = json_pack(
		    "{s:s,s:I,s:I,s:o,s:I,s:o,s:I,s:I,s:b,s:s}", "name", r->unit.name, "carried",
		    (json_int_t)s->carried_over, "received", (json_int_t)s->received.total,
		    "online", rate_text(s->rates.online), "finished", (json_int_t)s->finished.total,
		    "on_time", rate_text(s->rates.on_time), "pending", (json_int_t)s->pending.total,
		    "overdue", (json_int_t)s->pending.overdue, "overdue_n", s->pending.overdue > 0,
		    "rank", rank);
		json_array_append_new(rows, row);
	}
	size_t ranked = json_array_size(rows);
	/* ranks are among ranked units: rewrite the denominator */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *rk = json_string_value(json_object_get(row, "rank"));
		char b[24];
		snprintf(b, sizeof b, "%.*s/%zu", (int)strcspn(rk, "/"), rk, ranked);
		json_object_set_new(row, "rank", json_string(b));
	}
	/* on-time rate of every ranked unit as a chart (web/svg.c) */
	const char **names = calloc(o.n ? o.n : 1, sizeof *names);
	hc_rate *rates = calloc(o.n ? o.n : 1, sizeof *rates);
	size_t nc = 0;
	for (size_t k = 0; names && rates && k < o.n && nc < HC_SVG_MAX_ITEMS; k++) {
		if (strcmp(o.rows[k].unit.kind, "tinh") == 0)
			continue;
		names[nc] = o.rows[k].unit.name;
		rates[nc++] = o.rows[k].stats.rates.on_time;
	}
	hc_buf chart = {0};
	hc_err cerr;
	json_t *chart_json = NULL;
	if (nc && hc_svg_rates(&chart, "Tỷ lệ giải quyết đúng hạn theo đơn vị", nc, names, rates,
	                       0.9, &cerr) == HC_OK)
		chart_json = json_stringn(chart.data, chart.len);
	hc_buf_free(&chart);
	free(names);
	free(rates);
	hc_stats_overview_free(&o);
	char judged[HC_WEB_TEXT_MAX];
	json_t *d = json_pack(
	    "{s:s,s:s,s:s,s:s,s:o}", "period", p->text, "tu", p->tu, "den", p->den, "judged",
	    hc_web_fmt_time(p->to < rq->env.now ? p->to : rq->env.now, judged), "rows", rows);
	if (chart_json)
		json_object_set_new(d, "chart_units", chart_json);
	hc_web_page(rq, 200, "overview", "Tổng quan thành phố", d);
	return HC_OK;
}

void hc_web_overview(hc_request *rq)
{
	hc_web_read(rq, overview_tx, rq->parsed);
}

/* ---- citizens: procedure catalog ------------------------------------------- */

typedef struct catalog {
	const char *unit_code; /* requested, may be NULL */
	const char *q;
	bool fragment;
	hc_unit unit;
	json_t *units;
	json_t *groups;
	int count;
} catalog;

int hc_web_v_catalog(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"q", "don-vi", "khung", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (rc)
		return rc;
	const char *q = hc_query_get(&rq->query, "q");
	if (q && strlen(q) > 200)
		return hc_err_set(err, HC_EINVAL, "q", "Từ khóa tìm kiếm quá dài",
		                  "catalog query too long");
	const char *u = hc_query_get(&rq->query, "don-vi");
	if (u && u[0])
		return hc_api_check_code(u, "don-vi", 31, err);
	return HC_OK;
}

static int add_unit(const hc_unit *u, void *ctx)
{
	catalog *c = ctx;
	if (strcmp(u->kind, "tinh") == 0)
		return 0;
	bool sel = c->unit_code ? strcmp(u->code, c->unit_code) == 0 : c->unit.id == 0;
	if (sel)
		c->unit = *u;
	json_array_append_new(c->units, json_pack("{s:s,s:s,s:b}", "code", u->code, "name", u->name,
	                                          "selected", sel));
	return 0;
}

/* The unit a citizen's page is about: ?don-vi=, else the first one. */
static int citizen_unit(hc_tx *tx, catalog *c, hc_err *err)
{
	c->units = json_array();
	int rc = hc_unit_each(tx, add_unit, c, err);
	if (rc)
		return rc;
	if (c->unit.id == 0)
		return hc_err_set(err, HC_ENOTFOUND, "don-vi", "Không tìm thấy đơn vị",
		                  "no such unit");
	return HC_OK;
}

static int add_procedure(const hc_procedure *p, void *ctx)
{
	catalog *c = ctx;
	if (!p->active)
		return 0;
	size_t n = json_array_size(c->groups);
	json_t *g = n ? json_array_get(c->groups, n - 1) : NULL;
	if (!g || strcmp(json_string_value(json_object_get(g, "field")), p->field) != 0) {
		g = json_pack("{s:s,s:[]}", "field", p->field, "items");
		json_array_append_new(c->groups, g);
	}
	char lim[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
	json_array_append_new(
	    json_object_get(g, "items"),
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", p->code, "name", p->name,
	              "unit_code", c->unit.code, "limit", hc_web_fmt_limit(p->limit, lim), "fee",
	              hc_web_fmt_fee(p->fee, fee), "level", hc_web_level_class(p->online_level),
	              "level_label", hc_web_level_label(p->online_level)));
	c->count++;
	return 0;
}

static int catalog_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	catalog *c = ctx;
	int rc = citizen_unit(tx, c, err);
	if (rc)
		return rc;
	c->groups = json_array();
	hc_procedure_query pq = {.unit_id = c->unit.id, .q = c->q && c->q[0] ? c->q : NULL};
	if ((rc = hc_procedure_search(tx, &pq, add_procedure, c, err)))
		return rc;
	char count[96];
	if (c->count)
		snprintf(count, sizeof count, "%d thủ tục%s", c->count,
		         c->q && c->q[0] ? " phù hợp với từ khóa" : "");
	else
		count[0] = '\0';
	json_t *res = json_pack("{s:s,s:O}", "count_text", count, "groups", c->groups);
	if (c->fragment) {
		hc_web_fragment(rq, "catalog_results", res);
		return HC_OK;
	}
	hc_buf b = HC_BUF_INIT;
	rc = hc_tmpl_render("catalog_results", res, &b, err);
	json_decref(res);
	if (rc) {
		hc_buf_free(&b);
		return rc;
	}
	json_t *d = json_pack("{s:s,s:s,s:O,s:b,s:s}", "q", c->q ? c->q : "", "unit_code",
	                      c->unit.code, "units", c->units, "many_units",
	                      json_array_size(c->units) > 1, "results", hc_buf_str(&b));
	hc_buf_free(&b);
	hc_web_page(rq, 200, "catalog", "Thủ tục hành chính", d);
	return HC_OK;
}

void hc_web_catalog(hc_request *rq)
{
	const char *u = hc_query_get(&rq->query, "don-vi");
	catalog c = {.unit_code = u && u[0] ? u : NULL,
	             .q = hc_query_get(&rq->query, "q"),
	             .fragment = hc_query_get(&rq->query, "khung") != NULL};
	hc_web_read(rq, catalog_tx, &c);
	json_decref(c.units);
	json_decref(c.groups);
}

int hc_web_v_procedure(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"don-vi", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (!rc)
		rc = hc_api_check_code(hc_request_param(rq, "code"), "code", 47, err);
	const char *u = hc_query_get(&rq->query, "don-vi");
	if (!rc && u && u[0])
		rc = hc_api_check_code(u, "don-vi", 31, err);
	return rc;
}

static int procedure_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	catalog *c = ctx;
	int rc = citizen_unit(tx, c, err);
	if (rc)
		return rc;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	if ((rc = hc_procedure_by_code(tx, c->unit.id, hc_request_param(rq, "code"), &p, err)))
		return rc;
	json_t *comps = json_array();
	json_t *names = p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n) if (json_is_string(n))
	    json_array_append_new(comps, json_pack("{s:O}", "name", n));
	json_decref(names);
	char lim[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX], pub[HC_DATE_BUF] = "";
	int64_t day;
	if (p.published_on[0] && hc_parse_date(p.published_on, "published_on", &day, NULL) == HC_OK)
		hc_fmt_vn_date(day, pub);
	json_t *d = json_pack(
	    "{s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s}", "code", p.code, "field", p.field,
	    "unit_name", c->unit.name, "unit_code", c->unit.code, "components", comps, "limit",
	    hc_web_fmt_limit(p.limit, lim), "fee", hc_web_fmt_fee(p.fee, fee), "level_label",
	    hc_web_level_label(p.online_level), "legal_basis", p.legal_basis, "published_on", pub);
	json_object_set_new(d, "online",
	                    json_boolean(p.online_level != HC_ONLINE_NONE && p.active));
	char title[sizeof p.name];
	snprintf(title, sizeof title, "%s", p.name);
	hc_procedure_clear(&p);
	hc_web_page(rq, 200, "procedure", title, d);
	return HC_OK;
}

void hc_web_procedure(hc_request *rq)
{
	const char *u = hc_query_get(&rq->query, "don-vi");
	catalog c = {.unit_code = u && u[0] ? u : NULL};
	hc_web_read(rq, procedure_tx, &c);
	json_decref(c.units);
}

/* ---- citizens: dossier lookup ------------------------------------------------ */

void hc_web_lookup_page(hc_request *rq)
{
	hc_web_page(rq, 200, "lookup", "Tra cứu hồ sơ", json_pack("{s:s,s:s}", "ma", "", "mk", ""));
}

int hc_web_v_lookup(hc_request *rq, hc_err *err)
{
	return hc_api_v_none(rq, err);
}

static void lookup_form(hc_request *rq, int status, const char *error)
{
	json_t *d =
	    json_pack("{s:s,s:s}", "ma", hc_web_form(rq, "ma"), "mk", hc_web_form(rq, "mk"));
	if (error)
		json_object_set_new(d, "error", json_string(error));
	hc_web_page(rq, status, "lookup", "Tra cứu hồ sơ", d);
}

typedef struct lookup_ctx {
	const char *rate_error; /* the rating form's refusal, or NULL */
	bool rated;             /* the rating has just been recorded */
} lookup_ctx;

static const char *const rating_words[] = {
    "", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"};

static int lookup_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	const lookup_ctx *lc = ctx;
	hc_dossier *dz = NULL;
	int rc = hc_dossier_get_public(tx, hc_web_form(rq, "ma"), hc_web_form(rq, "mk"), &dz, err);
	if (rc)
		return rc;
	json_t *pub = hc_dossier_json(dz, true);
	json_t *hist = json_array();
	json_t *jh = json_object_get(pub, "history");
	char t[HC_WEB_TEXT_MAX];
	for (int i = 0; i < dz->nactions; i++) {
		const hc_dossier_action *a = &dz->actions[i];
		const char *text = hc_web_action_text(a->action);
		enum hc_dossier_status st;
		if (!text)
			text = hc_dossier_status_parse(a->to_status, &st)
			           ? hc_dossier_status_label(st)
			           : a->action;
		json_t *note = json_object_get(json_array_get(jh, (size_t)i), "note");
		json_t *h = json_pack("{s:s,s:s}", "at", hc_web_fmt_time(a->at, t), "text", text);
		if (json_is_string(note))
			json_object_set(h, "note", note);
		json_array_append_new(hist, h);
	}
	json_decref(pub);
	char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX], ext[HC_WEB_TEXT_MAX], fin[HC_WEB_TEXT_MAX],
	    ret[HC_WEB_TEXT_MAX];
	json_t *dj = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "code", dz->code, "status",
	    hc_dossier_status_name(dz->status), "status_label", hc_dossier_status_label(dz->status),
	    "procedure_name", dz->procedure_name, "received", hc_web_fmt_time(dz->received_at, rec),
	    "due", hc_web_fmt_time(dz->due_at, due), "extended",
	    hc_web_fmt_time(dz->extended_due_at, ext), "finished",
	    hc_web_fmt_time(dz->finished_at, fin), "returned",
	    hc_web_fmt_time(dz->returned_at, ret), "history", hist);
	/* the satisfaction rating, once the result has been returned */
	if (dz->rating >= 1 && dz->rating <= 5) {
		char r[64];
		snprintf(r, sizeof r, "%d/5 — %s", dz->rating, rating_words[dz->rating]);
		json_object_set_new(dj, "rating", json_string(r));
	} else if (dz->returned_at) {
		json_t *opts = json_array();
		for (int i = 5; i >= 1; i--)
			json_array_append_new(
			    opts, json_pack("{s:i,s:s}", "value", i, "label", rating_words[i]));
		json_object_set_new(dj, "rate", opts);
		json_object_set_new(dj, "may_rate", json_true());
	}
	if (lc && lc->rate_error)
		json_object_set_new(dj, "rate_error", json_string(lc->rate_error));
	if (lc && lc->rated)
		json_object_set_new(dj, "rated", json_true());
	hc_dossier_free(dz);
	json_t *d = json_pack("{s:s,s:s,s:o}", "ma", hc_web_form(rq, "ma"), "mk",
	                      hc_web_form(rq, "mk"), "dossier", dj);
	hc_web_page(rq, 200, "lookup", "Tra cứu hồ sơ", d);
	return HC_OK;
}

void hc_web_lookup(hc_request *rq)
{
	const char *ma = hc_web_form(rq, "ma"), *mk = hc_web_form(rq, "mk");
	if (!ma[0] || !mk[0]) {
		lookup_form(rq, 400, "Vui lòng nhập cả mã hồ sơ và mã tra cứu.");
		return;
	}
	hc_err e;
	if (hc_api_check_code(ma, "ma", 63, &e) || hc_api_check_code(mk, "mk", 15, &e)) {
		lookup_form(rq, 404,
		            "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và mã tra cứu.");
		return;
	}
	hc_web_lookup_result(rq, NULL, false);
}

void hc_web_lookup_result(hc_request *rq, const char *rate_error, bool rated)
{
	lookup_ctx lc = {.rate_error = rate_error, .rated = rated};
	hc_err e;
	hc_http_read(rq, lookup_tx, &lc);
	if (rq->reply.status >= 400) {
		e = rq->reply.err;
		hc_reply_clear(&rq->reply);
		if (e.code == HC_ENOTFOUND)
			lookup_form(rq, 404,
			            "Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã hồ sơ và "
			            "mã tra cứu.");
		else
			hc_web_fail(rq, &e);
		rq->reply.err = e;
	}
}
