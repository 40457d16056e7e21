#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/auth.h"
#include "domain/procedure.h"
#include "domain/staff.h"
#include "domain/unit.h"
#include "../db/testdb.h"

static int add_procedure(hc_tx *tx, int64_t unit, const char *code, const char *limit, int64_t fee,
                         enum hc_supplement_policy pol, enum hc_online_level lvl, int64_t office,
                         hc_err *err)
{
	hc_procedure p = {0};
	p.unit_id = unit;
	snprintf(p.code, sizeof p.code, "%s", code);
	snprintf(p.name, sizeof p.name, "Thủ tục thử nghiệm %s đăng ký", code);
	snprintf(p.field, sizeof p.field, "%s", fee ? "Chứng thực" : "Hộ tịch");
	int rc = hc_limit_parse(limit, "limit", &p.limit, err);
	if (rc)
		return rc;
	p.online_level = lvl;
	p.fee = fee;
	p.supplement_policy = pol;
	p.office_id = office;
	p.active = true;
	p.boundary_free = strcmp(code, "P3D") == 0;
	return hc_procedure_upsert(tx, &p, err);
}

static int make_unit(hc_tx *tx, const char *code, const char *ident, int64_t *id, int64_t *office,
                     hc_err *err)
{
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.identifier, sizeof u.identifier, "%s", ident);
	snprintf(u.name, sizeof u.name, "Phường Thử %s", code);
	snprintf(u.kind, sizeof u.kind, "phuong");
	snprintf(u.province, sizeof u.province, "Thành phố Hải Phòng");
	snprintf(u.office_hours, sizeof u.office_hours, "07:30-11:30,13:00-17:00");
	int rc = hc_unit_upsert(tx, &u, 0, err);
	if (rc)
		return rc;
	*id = u.id;
	hc_office o = {0};
	o.unit_id = u.id;
	snprintf(o.code, sizeof o.code, "VP");
	snprintf(o.name, sizeof o.name, "Văn phòng HĐND và UBND");
	rc = hc_office_upsert(tx, &o, err);
	*office = o.id;
	return rc;
}

int fixture_open(fixture *f)
{
	memset(f, 0, sizeof *f);
	hc_err err;
	if (testdb_create(f->path, sizeof f->path))
		return -1;
	if (hc_auth_init(&err) || hc_db_open(f->path, 2, &f->db, &err) ||
	    hc_calendar_new(&f->cal, &err)) {
		fprintf(stderr, "fixture: %s\n", err.detail);
		return -1;
	}
	hc_tx *tx;
	if (hc_tx_begin(f->db, HC_TX_WRITE, &tx, &err))
		return -1;
	int64_t office_a, office_b;
	int rc = make_unit(tx, "90001", "TESTA", &f->unit_a, &office_a, &err);
	if (!rc)
		rc = make_unit(tx, "90002", "TESTB", &f->unit_b, &office_b, &err);
	const char *codes[] = {"P3D", "PFEE", "PSAME", "PNONE"};
	const char *limits[] = {"3d", "5d", "sameday", "1d"};
	for (int u = 0; !rc && u < 2; u++)
		for (int i = 0; !rc && i < 4; i++)
			rc = add_procedure(tx, u ? f->unit_b : f->unit_a, codes[i], limits[i],
			                   i == 1 ? 50000 : 0,
			                   i == 1 ? HC_SUPPLEMENT_PAUSE : HC_SUPPLEMENT_RESET,
			                   i == 3 ? HC_ONLINE_NONE : HC_ONLINE_FULL,
			                   u ? office_b : office_a, &err);
	for (int r = 0; !rc && r < HC_ROLE_SYSTEM; r++) {
		char user[32];
		snprintf(user, sizeof user, "a.%s", hc_role_name((enum hc_role)r));
		int64_t id;
		rc = hc_staff_add(tx, f->unit_a, office_a, user, "Nguyễn Văn Thử", (enum hc_role)r,
		                  "mat-khau-thu", 0, &id, &err);
		hc_actor *a = &f->staff_a[r];
		a->staff_id = id;
		a->unit_id = f->unit_a;
		a->office_id = office_a;
		a->role = (enum hc_role)r;
		snprintf(a->username, sizeof a->username, "%s", user);
		snprintf(a->full_name, sizeof a->full_name, "Nguyễn Văn Thử");
	}
	f->staff_a[HC_ROLE_SYSTEM] = hc_actor_system();
	if (!rc) {
		int64_t id;
		rc = hc_staff_add(tx, f->unit_b, office_b, "b.reception", "Trần Thị B",
		                  HC_ROLE_RECEPTION, "mat-khau-thu", 0, &id, &err);
		f->reception_b = (hc_actor){.staff_id = id,
		                            .unit_id = f->unit_b,
		                            .office_id = office_b,
		                            .role = HC_ROLE_RECEPTION};
		snprintf(f->reception_b.username, sizeof f->reception_b.username, "b.reception");
		snprintf(f->reception_b.full_name, sizeof f->reception_b.full_name, "Trần Thị B");
	}
	rc = hc_tx_end(tx, rc, &err);
	if (rc) {
		fprintf(stderr, "fixture: %s\n", err.detail);
		return -1;
	}
	return 0;
}

void fixture_close(fixture *f)
{
	hc_calendar_free(f->cal);
	hc_db_close(f->db);
	testdb_drop(f->path);
}

char *fixture_big_pdf(size_t n)
{
	char *b = malloc(n);
	if (b) {
		memset(b, 'x', n);
		memcpy(b, "%PDF-", 5);
	}
	return b;
}

hc_env fixture_env(const fixture *f, const char *local)
{
	hc_env env = {.cal = f->cal, .now = 0};
	hc_err err;
	if (hc_parse_local_time(local, "now", &env.now, &err))
		fprintf(stderr, "fixture_env: bad time %s\n", local);
	return env;
}

int fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || fixture_open(f)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int fixture_teardown(void **state)
{
	fixture_close(*state);
	free(*state);
	return 0;
}
