#include "domain/demo.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/embed.h"
#include "core/time.h"
#include "domain/catalog.h"
#include "domain/deadline.h"
#include "domain/dossier.h"
#include "domain/feedback.h"
#include "domain/procedure.h"
#include "domain/staff.h"
#include "domain/unit.h"

/* Yearly volumes and online shares, from the reports in shared/seeds:
 * Trần Liễu 2,314 dossiers in its first quarter; Kim Trà 8,557 a year; Hà Bắc
 * 17,049 a year; An Phong, Hải An and Bạch Long Vĩ receive 100% online. */
static const struct profile {
	const char *identifier;
	int yearly;
	double online;
	double late; /* share of resolved dossiers finished late */
} profiles[] = {
    {"TRANLIEU", 9300, 0.82, 0.004},  {"KIMTRA", 8557, 0.88, 0.0003}, {"HABAC", 17049, 0.90, 0.001},
    {"ANPHONG", 9000, 1.0, 0.001},    {"HAIAN", 12000, 1.0, 0.001},   {"BACHLONGVI", 600, 1.0, 0.0},
    {"VIETHUNG", 11000, 0.75, 0.002},
};

static const struct profile default_profile = {"", 5000, 0.8, 0.002};
/* generated communes of the demo city: 109 of them with the seeds' ~50,000
 * make about 2 million dossiers a year */
static const struct profile city_profile = {"", 18000, 0.8, 0.002};

/* Relative frequency of each field in a commune's intake. */
static const struct {
	const char *field;
	int weight;
} field_weights[] = {
    {"Chứng thực", 45},   {"Hộ tịch", 25},      {"Đất đai", 8},  {"Bảo trợ xã hội", 6},
    {"Hộ kinh doanh", 4}, {"Người có công", 3}, {"Xây dựng", 3},
};

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next_u64(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static double unif(rng *r)
{
	return (double)(next_u64(r) >> 11) / 9007199254740992.0;
}

static int64_t range(rng *r, int64_t lo, int64_t hi) /* [lo, hi] */
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(next_u64(r) % (uint64_t)(hi - lo + 1));
}

typedef struct proc {
	char code[48];
	char field[160];
	hc_limit limit;
	enum hc_online_level online;
	int64_t fee;
	int weight;
	int ncomp;
	char comp[6][160];
} proc;

typedef struct plan {
	char code[64];
	char secret[16];
	int proc;
	int64_t received, due, last;
	int step;
	int outcome; /* 0 resolve, 1 reject, 2 withdraw, 3 never finishes (abandoned) */
	bool supplement;
	bool supplement_reply;
	int klass; /* 0 early, 1 on time, 2 late */
	int64_t target;
} plan;

typedef struct event {
	int64_t at;
	int idx;
} event;

typedef struct heap {
	event *v;
	size_t n, cap;
} heap;

static int heap_push(heap *h, event e)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		event *v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return HC_ENOMEM;
		h->v = v;
		h->cap = cap;
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->v[p].at <= e.at)
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
	return HC_OK;
}

static event heap_pop(heap *h)
{
	event top = h->v[0], last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1].at < h->v[c].at)
			c++;
		if (last.at <= h->v[c].at)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* A citizen's feedback through its life: step 0 submit, 1 refuse, 2 ask,
 * 3 supplement, 4 classify, 5 answer, 6 publish, 9 done. */
typedef struct fb_plan {
	char code[64];
	int step;
	bool refuse, ask, supplement, publish;
} fb_plan;

typedef struct unit_sim {
	int64_t unit_id;
	struct profile prof;
	hc_hours hours;
	proc *procs;
	int nprocs;
	int total_weight;
	hc_actor reception[2], specialist[3], head, leader;
	plan *plans;
	size_t nplans, cap;
	rng fr; /* feedback's own stream: the dossiers stay as they were */
	struct fb_plan *fbs;
	size_t nfbs, fbcap;
} unit_sim;

/* ---- setup: units, offices, staff, catalog ----------------------------- */

static int each_row(const char *name, int (*fn)(hc_tx *, const char *const *, void *), hc_tx *tx,
                    void *ctx, hc_err *err)
{
	const hc_embed_file *f = hc_embed_find(name);
	if (!f)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Thiếu dữ liệu mẫu", "missing %s", name);
	hc_csv *csv;
	int rc = hc_csv_open_mem(f->data, f->len, &csv, err);
	if (rc)
		return rc;
	hc_csv_row row;
	bool done = false;
	rc = hc_csv_read_header(csv, &row, err);
	while (!rc) {
		rc = hc_csv_next(csv, &row, &done, err);
		if (rc || done)
			break;
		rc = fn(tx, row.fields, ctx);
		if (rc)
			hc_err_set(err, rc, NULL, "Dữ liệu mẫu không hợp lệ", "%s:%ld: invalid row",
			           name, row.line);
	}
	hc_csv_free(csv);
	return rc;
}

static int add_unit_row(hc_tx *tx, const char *const *f, void *ctx)
{
	hc_demo_report *rep = ctx;
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "%s", f[0]);
	snprintf(u.identifier, sizeof u.identifier, "%s", f[1]);
	snprintf(u.name, sizeof u.name, "%s", f[2]);
	snprintf(u.kind, sizeof u.kind, "%s", f[3]);
	snprintf(u.province, sizeof u.province, "%s", f[4]);
	snprintf(u.office_hours, sizeof u.office_hours, "07:30-11:30,13:00-17:00");
	rep->units++;
	return hc_unit_upsert(tx, &u, 0, NULL);
}

static int add_office_row(hc_tx *tx, const char *const *f, void *ctx)
{
	(void)ctx;
	hc_unit u;
	int rc = hc_unit_by_code(tx, f[0], &u, NULL);
	if (rc)
		return rc;
	hc_office o = {0};
	o.unit_id = u.id;
	snprintf(o.code, sizeof o.code, "%s", f[1]);
	snprintf(o.name, sizeof o.name, "%s", f[2]);
	return hc_office_upsert(tx, &o, NULL);
}

/* The demo city: Hải Phòng's commune-level units up to opt->city_units,
 * with its mix (45 phường, 67 xã, 2 đặc khu for 114). Generated units get
 * the offices every commune has since 1/7/2025 and the city profile. */
#define CITY_PROVINCE "Thành phố Hải Phòng"

typedef struct city_count {
	int phuong, xa, dac_khu;
} city_count;

static int count_city_unit(const hc_unit *u, void *ctx)
{
	city_count *c = ctx;
	if (strcmp(u->province, CITY_PROVINCE) != 0)
		return 0;
	c->phuong += strcmp(u->kind, "phuong") == 0;
	c->xa += strcmp(u->kind, "xa") == 0;
	c->dac_khu += strcmp(u->kind, "dac_khu") == 0;
	return 0;
}

static int add_city_units(hc_tx *tx, int target, hc_demo_report *rep, hc_err *err)
{
	static const struct {
		const char *code, *name;
	} offices[] = {
	    {"VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"},
	    {"KT", "Phòng Kinh tế, Hạ tầng và Đô thị"},
	    {"VHXH", "Phòng Văn hóa - Xã hội"},
	    {"TTPVHCC", "Trung tâm Phục vụ hành chính công"},
	};
	city_count have = {0};
	int rc = hc_unit_each(tx, count_city_unit, &have, err);
	int n = have.phuong + have.xa + have.dac_khu;
	/* the real city's shares of each kind */
	int want_dk = target >= 114 ? 2 : target / 57;
	int want_phuong = (int)((int64_t)target * 45 / 114);
	for (int k = 0; !rc && n < target; k++, n++) {
		hc_unit u = {0};
		const char *kind = have.dac_khu < want_dk      ? "dac_khu"
		                   : have.phuong < want_phuong ? "phuong"
		                                               : "xa";
		if (strcmp(kind, "dac_khu") == 0) {
			have.dac_khu++;
			snprintf(u.name, sizeof u.name, "Đặc khu Cát Hải");
			snprintf(u.identifier, sizeof u.identifier, "CATHAI");
		} else if (strcmp(kind, "phuong") == 0) {
			have.phuong++;
			snprintf(u.name, sizeof u.name, "Phường Mẫu %02d", have.phuong);
			snprintf(u.identifier, sizeof u.identifier, "HPP%02d", have.phuong);
		} else {
			have.xa++;
			snprintf(u.name, sizeof u.name, "Xã Mẫu %02d", have.xa);
			snprintf(u.identifier, sizeof u.identifier, "HPX%02d", have.xa);
		}
		snprintf(u.code, sizeof u.code, "%05d", 12000 + k);
		snprintf(u.kind, sizeof u.kind, "%s", kind);
		snprintf(u.province, sizeof u.province, CITY_PROVINCE);
		snprintf(u.office_hours, sizeof u.office_hours, "07:30-11:30,13:00-17:00");
		rc = hc_unit_upsert(tx, &u, 0, err);
		for (size_t i = 0; !rc && i < sizeof offices / sizeof *offices; i++) {
			hc_office o = {.unit_id = u.id};
			snprintf(o.code, sizeof o.code, "%s", offices[i].code);
			snprintf(o.name, sizeof o.name, "%s", offices[i].name);
			rc = hc_office_upsert(tx, &o, err);
		}
		rep->units++;
	}
	return rc;
}

static void lower_ascii(char *dst, size_t cap, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < cap; i++)
		dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
	dst[i] = '\0';
}

static const char *given_names[] = {
    "An",   "Bình", "Chi", "Dũng", "Giang",  "Hà",   "Hải",  "Hạnh",  "Hoa",  "Hùng", "Lan",
    "Linh", "Minh", "Nam", "Ngọc", "Phương", "Quân", "Thảo", "Trang", "Tuấn", "Vân",  "Yến"};
static const char *family_names[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ",
                                     "Đặng",   "Bùi",  "Đỗ", "Hồ",   "Ngô",   "Dương"};
static const char *middle_names[] = {"Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Quốc", "Ngọc"};

static void person_name(rng *r, char *out, size_t cap)
{
	snprintf(
	    out, cap, "%s %s %s",
	    family_names[range(r, 0, (int64_t)(sizeof family_names / sizeof *family_names) - 1)],
	    middle_names[range(r, 0, (int64_t)(sizeof middle_names / sizeof *middle_names) - 1)],
	    given_names[range(r, 0, (int64_t)(sizeof given_names / sizeof *given_names) - 1)]);
}

static int add_staff(hc_tx *tx, rng *r, const hc_unit *u, const char *office_code,
                     const char *suffix, enum hc_role role, hc_actor *out, hc_demo_report *rep,
                     hc_err *err)
{
	char user[64], lower[40], name[128];
	lower_ascii(lower, sizeof lower, u->identifier);
	snprintf(user, sizeof user, "%s.%s", lower, suffix);
	person_name(r, name, sizeof name);
	hc_office o = {0};
	if (office_code) {
		int rc = hc_office_by_code(tx, u->id, office_code, &o, err);
		if (rc)
			return rc;
	}
	int64_t id;
	int rc = hc_staff_add(tx, u->id, o.id, user, name, role, HC_DEMO_PASSWORD, 0, &id, err);
	if (rc)
		return rc;
	rep->staff++;
	if (out) {
		memset(out, 0, sizeof *out);
		out->staff_id = id;
		out->unit_id = u->id;
		out->office_id = o.id;
		out->role = role;
		snprintf(out->username, sizeof out->username, "%s", user);
		snprintf(out->full_name, sizeof out->full_name, "%s", name);
	}
	return HC_OK;
}

static int collect_proc(const hc_procedure *p, void *ctx)
{
	unit_sim *u = ctx;
	proc *np = realloc(u->procs, sizeof *np * (size_t)(u->nprocs + 1));
	if (!np)
		return HC_ENOMEM;
	u->procs = np;
	proc *q = &u->procs[u->nprocs++];
	memset(q, 0, sizeof *q);
	snprintf(q->code, sizeof q->code, "%s", p->code);
	snprintf(q->field, sizeof q->field, "%s", p->field);
	q->limit = p->limit;
	q->online = p->online_level;
	q->fee = p->fee;
	q->weight = 2;
	for (size_t i = 0; i < sizeof field_weights / sizeof *field_weights; i++)
		if (strcmp(field_weights[i].field, p->field) == 0)
			q->weight = field_weights[i].weight;
	json_t *arr = p->components_json ? json_loads(p->components_json, 0, NULL) : NULL;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (q->ncomp < 6 && json_is_string(v))
			snprintf(q->comp[q->ncomp++], sizeof q->comp[0], "%s",
			         json_string_value(v));
	}
	json_decref(arr);
	return HC_OK;
}

static int setup_unit(hc_tx *tx, rng *r, const hc_unit *u, unit_sim *sim, hc_demo_report *rep,
                      hc_err *err)
{
	memset(sim, 0, sizeof *sim);
	sim->unit_id = u->id;
	sim->prof = strncmp(u->identifier, "HPP", 3) == 0 ||
	                    strncmp(u->identifier, "HPX", 3) == 0 ||
	                    strcmp(u->identifier, "CATHAI") == 0
	                ? city_profile
	                : default_profile;
	for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
		if (strcmp(profiles[i].identifier, u->identifier) == 0)
			sim->prof = profiles[i];
	int rc = hc_hours_parse(u->office_hours, &sim->hours, err);
	if (!rc)
		rc = hc_catalog_load_demo(tx, u->id, err);
	if (!rc)
		rc = add_staff(tx, r, u, "TTPVHCC", "motcua1", HC_ROLE_RECEPTION,
		               &sim->reception[0], rep, err);
	if (!rc)
		rc = add_staff(tx, r, u, "TTPVHCC", "motcua2", HC_ROLE_RECEPTION,
		               &sim->reception[1], rep, err);
	static const char *spec_office[] = {"VP", "KT", "VHXH"};
	for (int i = 0; !rc && i < 3; i++) {
		char suffix[32];
		snprintf(suffix, sizeof suffix, "chuyenvien%d", i + 1);
		rc = add_staff(tx, r, u, spec_office[i], suffix, HC_ROLE_SPECIALIST,
		               &sim->specialist[i], rep, err);
	}
	if (!rc)
		rc = add_staff(tx, r, u, "TTPVHCC", "giamdoc", HC_ROLE_HEAD, &sim->head, rep, err);
	if (!rc)
		rc = add_staff(tx, r, u, "VP", "chutich", HC_ROLE_LEADER, &sim->leader, rep, err);
	if (!rc)
		rc = add_staff(tx, r, u, "VP", "vanthu", HC_ROLE_CLERK, NULL, rep, err);
	if (!rc)
		rc = add_staff(tx, r, u, NULL, "quantri", HC_ROLE_ADMIN, NULL, rep, err);
	if (rc)
		return rc;
	hc_procedure_query q = {.unit_id = u->id, .limit = 500};
	rc = hc_procedure_search(tx, &q, collect_proc, sim, err);
	if (!rc && sim->nprocs == 0)
		rc =
		    hc_err_set(err, HC_EINTERNAL, NULL, "Danh mục mẫu trống", "empty demo catalog");
	for (int i = 0; i < sim->nprocs; i++)
		sim->total_weight += sim->procs[i].weight;
	rep->procedures += sim->nprocs;
	return rc;
}

/* ---- simulation -------------------------------------------------------- */

static int pick_proc(rng *r, const unit_sim *u, bool online)
{
	for (int tries = 0; tries < 20; tries++) {
		int64_t w = range(r, 0, u->total_weight - 1);
		for (int i = 0; i < u->nprocs; i++) {
			w -= u->procs[i].weight;
			if (w < 0) {
				if (online && u->procs[i].online == HC_ONLINE_NONE)
					break;
				return i;
			}
		}
	}
	for (int i = 0; i < u->nprocs; i++)
		if (!online || u->procs[i].online != HC_ONLINE_NONE)
			return i;
	return -1;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* When the dossier should be decided, by its timeliness class. */
static int64_t choose_target(rng *r, const hc_calendar *cal, const unit_sim *u, plan *p,
                             int64_t from)
{
	int64_t start = hc_deadline_clock_start(cal, &u->hours, from);
	int64_t work = hc_deadline_working_between(cal, &u->hours, start, p->due);
	if (p->klass == 2 || work <= 0)
		return hc_deadline_add_working(cal, &u->hours, max64(p->due, start),
		                               range(r, 30, 900));
	if (p->klass == 0) {
		int64_t t = hc_deadline_add_working(
		    cal, &u->hours, start, (int64_t)((double)work * (0.15 + 0.6 * unif(r))));
		if (hc_local_day(t) < hc_local_day(p->due))
			return t;
	}
	/* on time: on the due instant's day, at or before it */
	int64_t open = hc_local_instant(hc_local_day(p->due), u->hours.start[0]);
	return range(r, max64(open, start + 60), p->due);
}

static const char *handler_for(const unit_sim *u, const proc *pr)
{
	if (strcmp(pr->field, "Đất đai") == 0 || strcmp(pr->field, "Xây dựng") == 0 ||
	    strcmp(pr->field, "Hộ kinh doanh") == 0)
		return u->specialist[1].username;
	if (strcmp(pr->field, "Bảo trợ xã hội") == 0 || strcmp(pr->field, "Người có công") == 0)
		return u->specialist[2].username;
	return u->specialist[0].username;
}

static int intake(hc_tx *tx, rng *r, const hc_calendar *cal, unit_sim *u, int64_t t,
                  const char *channel, heap *h, hc_err *err)
{
	bool online = strcmp(channel, "online") == 0;
	int pi = pick_proc(r, u, online);
	if (pi < 0)
		return HC_OK;
	const proc *pr = &u->procs[pi];
	hc_component_in comps[6];
	for (int i = 0; i < pr->ncomp; i++)
		comps[i] = (hc_component_in){pr->comp[i], unif(r) < 0.993,
		                             online ? unif(r) < 0.9 : unif(r) < 0.6};
	char name[128], id[16], phone[16];
	person_name(r, name, sizeof name);
	snprintf(id, sizeof id, "0%02d%d%08lld", (int)range(r, 1, 96), (int)range(r, 0, 3),
	         (long long)range(r, 0, 99999999));
	snprintf(phone, sizeof phone, "09%08lld", (long long)range(r, 0, 99999999));
	hc_intake in = {.procedure_code = pr->code,
	                .channel = channel,
	                .applicant_name = name,
	                .applicant_id_number = id,
	                .applicant_phone = phone,
	                .components = comps,
	                .ncomponents = pr->ncomp,
	                .fee_paid = pr->fee > 0,
	                .fee_paid_online =
	                    pr->fee > 0 && (online ? unif(r) < 0.96 : unif(r) < 0.2)};
	hc_env env = {cal, t};
	hc_intake_result res;
	const hc_actor *rec = &u->reception[range(r, 0, 1)];
	int rc = hc_dossier_receive(tx, &env, rec, &in, &res, err);
	if (rc)
		return rc;
	if (u->nplans == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 4096;
		plan *np = realloc(u->plans, cap * sizeof *np);
		if (!np)
			return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "demo plans");
		u->plans = np;
		u->cap = cap;
	}
	plan *p = &u->plans[u->nplans];
	memset(p, 0, sizeof *p);
	snprintf(p->code, sizeof p->code, "%s", res.code);
	snprintf(p->secret, sizeof p->secret, "%s", res.secret);
	p->proc = pi;
	p->received = p->last = t;
	p->due = res.due_at;
	double x = unif(r);
	p->outcome = x < 0.012 ? 1 : x < 0.03 ? 2 : 0;
	p->supplement = pr->limit.kind != HC_LIMIT_SAMEDAY && unif(r) < 0.05;
	p->supplement_reply = unif(r) < 0.9;
	double c = unif(r);
	p->klass = c < u->prof.late ? 2 : c < 0.72 ? 0 : 1;
	return heap_push(h, (event){hc_deadline_add_working(cal, &u->hours, t, range(r, 5, 90)),
	                            (int)u->nplans++});
}

#define FB_ARRIVAL INT_MIN
static int fb_event(hc_tx *tx, const hc_calendar *cal, unit_sim *u, event e, heap *h,
                    hc_demo_report *rep, hc_err *err);

/* Runs the dossier's next step at e.at and schedules the one after. */
static int step(hc_tx *tx, rng *r, const hc_calendar *cal, unit_sim *u, event e, heap *h,
                hc_demo_report *rep, hc_err *err)
{
	if (e.idx < 0)
		return fb_event(tx, cal, u, e, h, rep, err);
	plan *p = &u->plans[e.idx];
	const proc *pr = &u->procs[p->proc];
	hc_env env = {cal, e.at};
	hc_action_in in = {0};
	const hc_actor *who = &u->head;
	int64_t next = 0;
	switch (p->step) {
	case 0:
		in.action = "assign";
		in.handler = handler_for(u, pr);
		if (p->outcome == 2) {
			p->step = 8;
			next = choose_target(r, cal, u, p, e.at);
		} else if (p->supplement) {
			p->step = 1;
			next = hc_deadline_add_working(cal, &u->hours, e.at, range(r, 60, 900));
		} else {
			p->step = 3;
			p->target = choose_target(r, cal, u, p, e.at);
			next = p->target - range(r, 30, 180) * 60;
		}
		break;
	case 1:
		who = &u->specialist[0];
		in.action = "request_supplement";
		in.note = "Đề nghị bổ sung bản sao giấy tờ còn thiếu";
		if (!p->supplement_reply) {
			p->step = 8;
			next = e.at + range(r, 20, 40) * HC_DAY_S;
		} else {
			p->step = 2;
			next = hc_deadline_add_working(cal, &u->hours, e.at, range(r, 240, 2400));
		}
		break;
	case 2: {
		who = &u->reception[0];
		in.action = "supplement_received";
		hc_dossier *d = NULL;
		int rc = hc_dossier_act(tx, &env, who, p->code, &in, &d, err);
		if (rc)
			return rc;
		p->due = d->due_at;
		hc_dossier_free(d);
		rep->actions++;
		p->last = e.at;
		p->step = 3;
		p->target = choose_target(r, cal, u, p, e.at);
		return heap_push(
		    h, (event){max64(p->target - range(r, 30, 180) * 60, e.at + 60), e.idx});
	}
	case 3:
		who = &u->specialist[0];
		if (p->outcome == 1) {
			in.action = "reject";
			in.note = "Hồ sơ không đủ điều kiện giải quyết theo quy định";
			who = &u->leader;
			p->step = 5;
			next = e.at + range(r, 1, 48) * 3600;
		} else {
			in.action = "submit_for_signature";
			p->step = 4;
			next = max64(p->target, e.at + 60);
		}
		break;
	case 4:
		who = &u->leader;
		in.action = "resolve";
		in.digitized_result = unif(r) < 0.995;
		in.e_result = unif(r) < 0.97;
		p->step = unif(r) < 0.93 ? 5 : 9;
		next = e.at + range(r, 10, 72 * 60) * 60;
		break;
	case 5:
		who = &u->reception[1];
		in.action = "return_result";
		p->step = unif(r) < 0.45 ? 6 : 9;
		next = e.at + range(r, 1, 36) * 3600;
		break;
	case 6: {
		int rating = unif(r) < 0.93 ? 5 : 4;
		int rc = hc_dossier_rate_public(tx, &env, p->code, p->secret, rating, err);
		if (rc)
			return rc;
		rep->actions++;
		return HC_OK;
	}
	case 8:
		who = &u->reception[0];
		in.action = "withdraw";
		in.note = "Người nộp đề nghị rút hồ sơ";
		p->step = 9;
		break;
	default:
		return HC_OK;
	}
	int rc = hc_dossier_act(tx, &env, who, p->code, &in, NULL, err);
	if (rc)
		return rc;
	rep->actions++;
	p->last = e.at;
	if (p->step != 9 && next)
		rc = heap_push(h, (event){max64(next, e.at + 60), e.idx});
	return rc;
}

/* ---- citizens' feedback ----------------------------------------------- */

/* Share of a unit's yearly dossiers that bring a feedback (the reports count
 * a few dozen a year per commune), and the channel mix. */
#define FB_PER_DOSSIER 0.006

static const struct {
	const char *category;
	const char *content;
} fb_texts[] = {
    {"delay", "Hồ sơ của gia đình tôi đã quá ngày hẹn trả nhưng chưa nhận được kết quả, đề nghị "
              "xã kiểm tra và trả lời."},
    {"rules", "Đề nghị hướng dẫn rõ thành phần hồ sơ đăng ký thường trú, tôi phải đi lại nhiều "
              "lần."},
    {"conduct", "Cán bộ tiếp nhận buổi chiều hướng dẫn chưa nhiệt tình, đề nghị chấn chỉnh."},
    {"result", "Kết quả chứng thực ghi sai ngày sinh, đề nghị đính chính."},
    {"facilities", "Khu vực chờ của Trung tâm thiếu ghế ngồi và máy lấy số hay bị hỏng."},
    {"online", "Không thanh toán được lệ phí trực tuyến trên cổng dịch vụ công, đề nghị hỗ trợ."},
    {"other", "Kiến nghị bố trí thêm buổi tiếp nhận hồ sơ vào sáng thứ Bảy."},
};

static int fb_submit(hc_tx *tx, const hc_calendar *cal, unit_sim *u, int64_t t, hc_err *err)
{
	rng *r = &u->fr;
	static const char *const chans[] = {"web",    "web",    "web",   "web",     "web", "web",
	                                    "direct", "direct", "phone", "hotline", "mail"};
	const char *channel = chans[range(r, 0, 10)];
	int k = (int)range(r, 0, (int64_t)(sizeof fb_texts / sizeof *fb_texts) - 1);
	char name[128], phone[16];
	person_name(r, name, sizeof name);
	snprintf(phone, sizeof phone, "09%08lld", (long long)range(r, 0, 99999999));
	hc_feedback_in in = {.channel = channel,
	                     .category = fb_texts[k].category,
	                     .content = fb_texts[k].content,
	                     .sender_name = name,
	                     .sender_phone = phone,
	                     .content_public = unif(r) < 0.7};
	/* feedback about a delay or a result names a dossier received earlier */
	if ((strcmp(in.category, "delay") == 0 || strcmp(in.category, "result") == 0) &&
	    u->nplans > 0)
		in.dossier_code = u->plans[range(r, 0, (int64_t)u->nplans - 1)].code;
	hc_unit unit;
	int rc = hc_unit_by_id(tx, u->unit_id, &unit, err);
	if (rc)
		return rc;
	in.unit_code = unit.code;
	hc_env env = {cal, t};
	hc_feedback_result res;
	const hc_actor *who = strcmp(channel, "web") == 0 ? NULL : &u->reception[0];
	if ((rc = hc_feedback_submit(tx, &env, who, &in, &res, err)))
		return rc;
	if (u->nfbs == u->fbcap) {
		size_t cap = u->fbcap ? u->fbcap * 2 : 64;
		fb_plan *np = realloc(u->fbs, cap * sizeof *np);
		if (!np)
			return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "demo feedback");
		u->fbs = np;
		u->fbcap = cap;
	}
	fb_plan *p = &u->fbs[u->nfbs];
	memset(p, 0, sizeof *p);
	snprintf(p->code, sizeof p->code, "%s", res.code);
	double x = unif(r);
	p->refuse = x < 0.08;
	p->ask = !p->refuse && x < 0.2;
	p->supplement = unif(r) < 0.8;
	p->publish = unif(r) < 0.9;
	p->step = p->refuse ? 1 : p->ask ? 2 : 4;
	return HC_OK;
}

/* Next step of feedback k at t; *next receives when the one after is due
 * (0: none). Handling times mostly fit the rules, a few run late. */
static int fb_step(hc_tx *tx, const hc_calendar *cal, unit_sim *u, int k, int64_t t, int64_t *next,
                   hc_demo_report *rep, hc_err *err)
{
	rng *r = &u->fr;
	fb_plan *p = &u->fbs[k];
	hc_env env = {cal, t};
	hc_feedback_act_in in = {0};
	const hc_actor *who = &u->specialist[k % 3];
	int64_t day = hc_hours_day_minutes(&u->hours);
	bool late = unif(r) < 0.04;
	*next = 0;
	switch (p->step) {
	case 1:
		in.action = "refuse";
		in.note = "Nội dung không thuộc thẩm quyền giải quyết của UBND xã, đã hướng dẫn "
		          "người gửi liên hệ cơ quan có thẩm quyền";
		p->step = 9;
		break;
	case 2:
		in.action = "ask";
		in.note = "Đề nghị cung cấp mã hồ sơ và ngày nộp để có cơ sở kiểm tra";
		p->step = p->supplement ? 3 : 9;
		*next = hc_deadline_add_working(cal, &u->hours, t, range(r, day / 2, 5 * day));
		break;
	case 3:
		who = &u->reception[0];
		in.action = "supplement";
		in.note = "Người gửi đã cung cấp thông tin qua điện thoại";
		p->step = 4;
		*next = hc_deadline_add_working(cal, &u->hours, t, range(r, 60, 3 * day));
		break;
	case 4:
		in.action = "classify";
		p->step = 5;
		*next = hc_deadline_add_working(cal, &u->hours, t,
		                                late ? range(r, 16 * day, 25 * day)
		                                     : range(r, 2 * day, 12 * day));
		break;
	case 5:
		in.action = "answer";
		in.answer =
		    "UBND xã đã kiểm tra, tiếp thu ý kiến và chỉ đạo bộ phận liên quan khắc "
		    "phục; kết quả đã được thông báo cho người gửi.";
		p->step = p->publish ? 6 : 9;
		*next = hc_deadline_add_working(
		    cal, &u->hours, t, late ? range(r, 3 * day, 5 * day) : range(r, 60, 2 * day));
		break;
	case 6:
		who = &u->head;
		in.action = "publish";
		p->step = 9;
		break;
	default:
		return HC_OK;
	}
	int rc = hc_feedback_act(tx, &env, who, p->code, &in, NULL, err);
	if (!rc)
		rep->actions++;
	return rc;
}

/* Event for a feedback: idx = -(k + 1) for feedback k's next step, FB_ARRIVAL
 * for a new submission (which becomes feedback nfbs). */
static int fb_event(hc_tx *tx, const hc_calendar *cal, unit_sim *u, event e, heap *h,
                    hc_demo_report *rep, hc_err *err)
{
	int k = e.idx == FB_ARRIVAL ? (int)u->nfbs : -e.idx - 1;
	int64_t next = 0;
	int rc;
	if (e.idx == FB_ARRIVAL) {
		if ((rc = fb_submit(tx, cal, u, e.at, err)))
			return rc;
		rep->feedback++;
		int64_t day = hc_hours_day_minutes(&u->hours);
		next = hc_deadline_add_working(cal, &u->hours, e.at,
		                               u->fbs[k].refuse ? range(&u->fr, 30, 2 * day)
		                                                : range(&u->fr, 30, 4 * day));
	} else if ((rc = fb_step(tx, cal, u, k, e.at, &next, rep, err))) {
		return rc;
	}
	return next ? heap_push(h, (event){max64(next, e.at + 60), -(k + 1)}) : HC_OK;
}

static int64_t arrival_time(rng *r, const hc_calendar *cal, const unit_sim *u, int64_t day,
                            bool online, bool *ok)
{
	bool working = hc_calendar_is_working(cal, day);
	*ok = working || (online && unif(r) < 0.25);
	if (online && (!working || unif(r) < 0.3))
		return hc_local_instant(day, (int)range(r, 6 * 60, 23 * 60));
	int s = (int)range(r, 0, u->hours.n - 1);
	return hc_local_instant(day, (int)range(r, u->hours.start[s], u->hours.end[s] - 1));
}

static int simulate(hc_db *db, rng *r, const hc_calendar *cal, unit_sim *u,
                    const hc_demo_options *opt, int64_t start, hc_demo_report *rep, hc_err *err)
{
	heap h = {0};
	int rc = HC_OK;
	double per_day = u->prof.yearly * opt->scale / 250.0;
	for (int64_t day = hc_local_day(start); !rc && day <= hc_local_day(opt->now); day++) {
		hc_tx *tx;
		if ((rc = hc_tx_begin(db, HC_TX_WRITE, &tx, err)))
			break;
		/* arrivals of the day, then every step due before the day ends */
		double mean = per_day * (0.7 + 0.6 * unif(r));
		int n = (int)floor(mean + unif(r));
		event arrivals[4096];
		int na = 0;
		for (int i = 0; i < n && na < 4096; i++) {
			bool online = unif(r) < u->prof.online, ok;
			int64_t t = arrival_time(r, cal, u, day, online, &ok);
			if (ok && t <= opt->now)
				arrivals[na++] = (event){t, online ? 1 : (unif(r) < 0.02 ? 2 : 0)};
		}
		/* the day's feedback arrivals join the event queue */
		double fb_mean = u->prof.yearly * opt->scale * FB_PER_DOSSIER / 365.0;
		int nfb = (int)floor(fb_mean * (0.5 + unif(&u->fr)) + unif(&u->fr));
		for (int i = 0; !rc && i < nfb; i++) {
			bool web = unif(&u->fr) < 0.55, ok;
			int64_t t = arrival_time(&u->fr, cal, u, day, web, &ok);
			if (ok && t <= opt->now)
				rc = heap_push(&h, (event){t, FB_ARRIVAL});
		}
		int64_t day_end = hc_local_instant(day + 1, 0);
		int ai = 0;
		/* arrivals sorted by time so receipt codes follow the clock */
		for (int i = 1; i < na; i++)
			for (int j = i; j > 0 && arrivals[j].at < arrivals[j - 1].at; j--) {
				event t = arrivals[j];
				arrivals[j] = arrivals[j - 1];
				arrivals[j - 1] = t;
			}
		for (; !rc;) {
			bool have_step = h.n && h.v[0].at < day_end && h.v[0].at <= opt->now;
			bool have_arrival = ai < na;
			if (!have_step && !have_arrival)
				break;
			if (have_arrival && (!have_step || arrivals[ai].at <= h.v[0].at)) {
				static const char *ch[] = {"direct", "online", "postal"};
				rc = intake(tx, r, cal, u, arrivals[ai].at, ch[arrivals[ai].idx],
				            &h, err);
				ai++;
				rep->dossiers++;
			} else {
				rc = step(tx, r, cal, u, heap_pop(&h), &h, rep, err);
			}
			if (rc)
				break;
		}
		rc = hc_tx_end(tx, rc, err);
	}
	free(h.v);
	return rc;
}

static int collect_unit(const hc_unit *u, void *ctx)
{
	hc_unit **list = ctx;
	size_t n = 0;
	while ((*list)[n].id)
		n++;
	hc_unit *nl = realloc(*list, sizeof *nl * (n + 2));
	if (!nl)
		return HC_ENOMEM;
	nl[n] = *u;
	memset(&nl[n + 1], 0, sizeof nl[n + 1]);
	*list = nl;
	return 0;
}

int hc_demo_build(hc_db *db, const hc_calendar *cal, const hc_demo_options *opt,
                  hc_demo_report *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	rng r = {opt->seed ? opt->seed : 0x9E3779B97F4A7C15ull};
	int64_t start =
	    opt->start ? opt->start : hc_local_instant(hc_days_from_civil(2025, 7, 1), 0);
	hc_tx *tx;
	int rc = hc_tx_begin(db, HC_TX_WRITE, &tx, err);
	if (rc)
		return rc;
	hc_unit *units = calloc(1, sizeof *units);
	unit_sim *sims = NULL;
	int nunits = 0;
	if (!units)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "demo");
	if (!rc)
		rc = each_row("data/demo/units.csv", add_unit_row, tx, out, err);
	if (!rc)
		rc = each_row("data/demo/offices.csv", add_office_row, tx, NULL, err);
	if (!rc && opt->city_units > 0)
		rc = add_city_units(tx, opt->city_units, out, err);
	if (!rc)
		rc = hc_unit_each(tx, collect_unit, &units, err);
	while (!rc && units[nunits].id)
		nunits++;
	if (!rc && !(sims = calloc((size_t)nunits + 1, sizeof *sims)))
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "demo");
	for (int i = 0; !rc && i < nunits; i++) {
		if (strcmp(units[i].kind, "tinh") == 0) {
			rc = add_staff(tx, &r, &units[i], NULL, "giamsat", HC_ROLE_SUPERVISOR, NULL,
			               out, err);
			continue;
		}
		rc = setup_unit(tx, &r, &units[i], &sims[i], out, err);
		sims[i].fr.s = ((opt->seed ? opt->seed : 0x9E3779B97F4A7C15ull) ^
		                (0xD1B54A32D192ED03ull * (uint64_t)units[i].id)) |
		               1;
	}
	rc = hc_tx_end(tx, rc, err);
	for (int i = 0; !rc && i < nunits; i++)
		if (sims[i].unit_id)
			rc = simulate(db, &r, cal, &sims[i], opt, start, out, err);
	for (int i = 0; sims && i < nunits; i++) {
		free(sims[i].procs);
		free(sims[i].plans);
		free(sims[i].fbs);
	}
	free(sims);
	free(units);
	return rc;
}
