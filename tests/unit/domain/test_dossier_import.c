/* The `dossiers` import kind: legacy dossiers of the old communes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/import.h"
#include "domain/stats.h"
#include "fixture.h"

#define HEADER                                                                                     \
	"code,procedure_code,channel,received_at,finished_at,outcome,returned_at,due_at,"          \
	"digitized_input,digitized_result,e_result,fee_paid_online,reused\n"

static int run(fixture *f, const char *text, bool skip_bad, hc_buf *report, long *imported,
               hc_err *err)
{
	hc_csv *csv;
	assert_int_equal(hc_csv_open_mem(text, strlen(text), &csv, err), HC_OK);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, err), HC_OK);
	hc_import_opts o = {.name = "cu.csv",
	                    .unit_id = f->unit_a,
	                    .now = fixture_env(f, "2026-11-01T00:00").now,
	                    .cal = f->cal,
	                    .skip_bad = skip_bad,
	                    .report = report};
	hc_import_result res = {0, 0};
	int rc = hc_import_run(tx, hc_import_find("dossiers"), csv, &o, &res, err);
	rc = hc_tx_end(tx, rc, err);
	hc_csv_free(csv);
	*imported = res.imported;
	return rc;
}

static void imports_legacy_history(void **state)
{
	fixture *f = *state;
	const char *text = HEADER
	    "XA-CU-2025-001,P3D,direct,2025-06-02T09:00,2025-06-04T10:00,resolved,2025-06-05T08:00,"
	    ",1,1,1,,1\n"
	    "XA-CU-2025-002,PFEE,online,2025-06-02T09:00,2025-06-20T10:00,resolved,,2025-06-09T09:"
	    "00,1,0,0,1,0\n"
	    "XA-CU-2025-003,P3D,postal,2025-06-25T14:00,,,,,0,0,0,,0\n"
	    "XA-CU-2025-004,P3D,direct,2025-06-03T09:00,2025-06-03T10:00,withdrawn,,,0,0,0,,0\n";
	hc_buf report = HC_BUF_INIT;
	hc_err err;
	long n = 0;
	assert_int_equal(run(f, text, false, &report, &n, &err), HC_OK);
	assert_int_equal(n, 4);
	hc_buf_free(&report);

	hc_actor sys = hc_actor_system();
	hc_tx *tx;
	hc_dossier *d;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &err), HC_OK);
	assert_int_equal(hc_dossier_get(tx, &sys, "XA-CU-2025-001", &d, &err), HC_OK);
	assert_int_equal(d->status, HC_DS_RETURNED);
	assert_true(d->legacy && d->digitized_input && d->e_result && d->reused);
	/* due computed from the procedure: 3 working days from Monday 09:00 */
	int64_t due;
	assert_int_equal(hc_parse_local_time("2025-06-05T09:00", "t", &due, &err), HC_OK);
	assert_int_equal(d->due_at, due);
	assert_int_equal(d->nactions, 1);
	assert_string_equal(d->actions[0].action, "import");
	hc_dossier_free(d);
	assert_int_equal(hc_dossier_get(tx, &sys, "XA-CU-2025-003", &d, &err), HC_OK);
	assert_int_equal(d->status, HC_DS_PROCESSING);
	hc_dossier_free(d);

	/* the figures count them: one early, one late, one withdrawn, one pending */
	hc_stats s;
	hc_stats_scope scope = {.unit_id = f->unit_a};
	int64_t from, to;
	assert_int_equal(hc_parse_local_time("2025-06-01T00:00", "t", &from, &err), HC_OK);
	assert_int_equal(hc_parse_local_time("2025-07-01T00:00", "t", &to, &err), HC_OK);
	assert_int_equal(hc_stats_compute(tx, &scope, from, to, to, &s, &err), HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(s.received.total, 4);
	assert_int_equal(s.finished.resolved.early, 1);
	assert_int_equal(s.finished.resolved.late, 1);
	assert_int_equal(s.finished.withdrawn, 1);
	assert_int_equal(s.pending.total, 1);
	assert_int_equal(s.rates.paid_online.num, 1);
	assert_int_equal(s.rates.paid_online.den, 1);
}

static void bad_lines_import_nothing(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *line;
		const char *want; /* expected report line */
	} cases[] = {
	    {"A-1,P3D,fax,2025-06-02T09:00,,,,,0,0,0,,0", "cu.csv:3: channel:"},
	    {"A-1,P3D,direct,2025-06-31T09:00,,,,,0,0,0,,0", "cu.csv:3: received_at:"},
	    {"A-1,NOPE,direct,2025-06-02T09:00,,,,,0,0,0,,0", "cu.csv:3: procedure_code:"},
	    {"A-1,P3D,direct,2025-06-02T09:00,2025-06-01T09:00,resolved,,,0,0,0,,0",
	     "cu.csv:3: finished_at:"},
	    {"A-1,P3D,direct,2025-06-02T09:00,2025-06-03T09:00,,,,0,0,0,,0", "cu.csv:3: outcome:"},
	    {"A-1,P3D,direct,2025-06-02T09:00,,resolved,,,0,0,0,,0", "cu.csv:3: finished_at:"},
	    {"A-1,P3D,direct,2025-06-02T09:00,,,,,2,0,0,,0", "cu.csv:3: digitized_input:"},
	    {"A-1,P3D,direct,2025-06-02T09:00,,,,,0,0,0,1,0", "cu.csv:3: fee_paid_online:"},
	    {"A-1,PFEE,direct,2025-06-02T09:00,,,,,0,0,0,,0", "cu.csv:3: fee_paid_online:"},
	    {"A 1,P3D,direct,2025-06-02T09:00,,,,,0,0,0,,0", "cu.csv:3: code:"},
	    {"A-1,P3D,direct,2027-06-02T09:00,,,,,0,0,0,,0", "cu.csv:3: received_at:"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text,
		         HEADER "OK-1,P3D,direct,2025-06-02T09:00,,,,,0,0,0,,0\n%s\n",
		         cases[i].line);
		hc_buf report = HC_BUF_INIT;
		hc_err err;
		long n = 0;
		assert_int_not_equal(run(f, text, false, &report, &n, &err), HC_OK);
		if (!strstr(hc_buf_str(&report), cases[i].want))
			fail_msg("case %zu: report '%s' lacks '%s'", i, hc_buf_str(&report),
			         cases[i].want);
		hc_buf_free(&report);
		/* nothing imported, not even the good line */
		hc_tx *tx;
		int64_t count = -1;
		assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &err), HC_OK);
		assert_int_equal(hc_tx_query_int(tx, &err, &count,
		                                 "SELECT COUNT(*) FROM dossiers WHERE legacy = 1",
		                                 ""),
		                 HC_OK);
		hc_tx_rollback(tx);
		assert_int_equal(count, 0);
	}
	/* --skip-bad keeps the good one */
	hc_buf report = HC_BUF_INIT;
	hc_err err;
	long n = 0;
	assert_int_equal(run(f,
	                     HEADER "OK-1,P3D,direct,2025-06-02T09:00,,,,,0,0,0,,0\n"
	                            "OK-1,P3D,direct,2025-06-02T09:00,,,,,0,0,0,,0\n",
	                     true, &report, &n, &err),
	                 HC_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(hc_buf_str(&report), "cu.csv:3: code:"));
	hc_buf_free(&report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(imports_legacy_history, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(bad_lines_import_nothing, fixture_setup,
	                                    fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
