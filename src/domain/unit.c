#include "domain/unit.h"

#include "domain/calendar.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define DEFAULT_HOURS "07:30-11:30,13:00-17:00"
#define UNIT_COLS "id, code, identifier, name, kind, province, office_hours"

static bool all_chars(const char *s, size_t max, bool (*ok)(char))
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ok(s[i]))
			return false;
	return true;
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool ident_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.';
}

static bool office_char(char c)
{
	return alnum(c) || c == '_';
}

static int validate_unit(hc_unit *u, hc_err *err)
{
	hc_hours hours;
	if (!all_chars(u->code, 32, alnum))
		return hc_err_set(err, HC_EINVAL, "code",
		                  "Mã đơn vị hành chính chỉ gồm chữ và số, tối đa 32 ký tự",
		                  "unit code must match [0-9A-Za-z]{1,32}");
	if (!all_chars(u->identifier, 24, ident_char))
		return hc_err_set(
		    err, HC_EINVAL, "identifier",
		    "Ký hiệu đơn vị chỉ gồm chữ in hoa không dấu, số và dấu chấm, tối "
		    "đa 24 ký tự",
		    "unit identifier must match [A-Z0-9.]{1,24}");
	if (strcmp(u->kind, "xa") && strcmp(u->kind, "phuong") && strcmp(u->kind, "dac_khu") &&
	    strcmp(u->kind, "tinh"))
		return hc_err_set(
		    err, HC_EINVAL, "kind", "Loại đơn vị phải là xa, phuong, dac_khu hoặc tinh",
		    "unknown unit kind '%.16s' (expected xa, phuong, dac_khu or tinh)", u->kind);
	int rc = hc_text_line_nfc(u->name, sizeof u->name, "name", "Tên đơn vị", 160, true, err);
	if (!rc)
		rc = hc_text_line_nfc(u->province, sizeof u->province, "province",
		                      "Tỉnh, thành phố", 160, true, err);
	if (!rc && u->office_hours[0])
		rc = hc_hours_parse(u->office_hours, &hours, err);
	return rc;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void read_unit(hc_stmt *st, hc_unit *u)
{
	memset(u, 0, sizeof *u);
	u->id = hc_stmt_int(st, 0);
	copy_text(u->code, sizeof u->code, hc_stmt_text(st, 1));
	copy_text(u->identifier, sizeof u->identifier, hc_stmt_text(st, 2));
	copy_text(u->name, sizeof u->name, hc_stmt_text(st, 3));
	copy_text(u->kind, sizeof u->kind, hc_stmt_text(st, 4));
	copy_text(u->province, sizeof u->province, hc_stmt_text(st, 5));
	copy_text(u->office_hours, sizeof u->office_hours, hc_stmt_text(st, 6));
}

/* Runs a one-row unit query; HC_ENOTFOUND when there is no row. */
static int unit_one(hc_tx *tx, hc_stmt *st, hc_unit *out, const char *what, hc_err *err)
{
	bool found = false;
	if (hc_stmt_next(st)) {
		read_unit(st, out);
		found = true;
	}
	int rc = hc_stmt_finish(st, err);
	if (rc)
		return rc;
	(void)tx;
	if (!found)
		return hc_err_set(err, HC_ENOTFOUND, "unit", "Không tìm thấy đơn vị hành chính",
		                  "no unit %s", what);
	return HC_OK;
}

int hc_unit_by_code(hc_tx *tx, const char *code, hc_unit *out, hc_err *err)
{
	hc_stmt *st;
	int rc =
	    hc_tx_query(tx, err, &st, "SELECT " UNIT_COLS " FROM units WHERE code = ?", "t", code);
	if (rc)
		return rc;
	char what[64];
	snprintf(what, sizeof what, "with code '%.32s'", code);
	return unit_one(tx, st, out, what, err);
}

int hc_unit_by_id(hc_tx *tx, int64_t id, hc_unit *out, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, "SELECT " UNIT_COLS " FROM units WHERE id = ?", "i", id);
	if (rc)
		return rc;
	char what[64];
	snprintf(what, sizeof what, "with id %lld", (long long)id);
	return unit_one(tx, st, out, what, err);
}

int hc_unit_upsert(hc_tx *tx, hc_unit *u, int64_t now, hc_err *err)
{
	int rc = validate_unit(u, err);
	if (rc)
		return rc;
	int64_t other = 0;
	rc = hc_tx_query_int(tx, err, &other,
	                     "SELECT id FROM units WHERE identifier = ? AND code <> ?", "tt",
	                     u->identifier, u->code);
	if (rc == HC_OK)
		return hc_err_set(err, HC_ECONFLICT, "identifier",
		                  "Ký hiệu đơn vị đã được đơn vị khác sử dụng",
		                  "identifier '%s' already belongs to unit %lld", u->identifier,
		                  (long long)other);
	if (rc != HC_ENOTFOUND)
		return rc;
	hc_err_clear(err); /* not taken: forget the lookup's not-found */
	hc_unit old;
	hc_err e2;
	rc = hc_unit_by_code(tx, u->code, &old, &e2);
	if (rc == HC_OK) {
		if (!u->office_hours[0])
			copy_text(u->office_hours, sizeof u->office_hours, old.office_hours);
		u->id = old.id;
		return hc_tx_exec(
		    tx, err,
		    "UPDATE units SET identifier = ?, name = ?, kind = ?, province = ?,"
		    " office_hours = ? WHERE id = ?",
		    "ttttti", u->identifier, u->name, u->kind, u->province, u->office_hours, u->id);
	}
	if (rc != HC_ENOTFOUND)
		return hc_err_set(err, e2.code, e2.field, e2.message, "%s", e2.detail);
	if (!u->office_hours[0])
		copy_text(u->office_hours, sizeof u->office_hours, DEFAULT_HOURS);
	rc = hc_tx_query_int(
	    tx, err, &u->id,
	    "INSERT INTO units (code, identifier, name, kind, province, office_hours,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "tttttti", u->code, u->identifier, u->name, u->kind, u->province, u->office_hours, now);
	if (rc)
		return rc;
	return hc_tx_exec(tx, err, "UPDATE units SET unit_id = id WHERE id = ?", "i", u->id);
}

int hc_unit_each(hc_tx *tx, int (*fn)(const hc_unit *u, void *ctx), void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, "SELECT " UNIT_COLS " FROM units ORDER BY code", "");
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		hc_unit u;
		read_unit(st, &u);
		stop = fn(&u, ctx);
	}
	return hc_stmt_finish(st, err);
}

static int validate_office(hc_office *o, hc_err *err)
{
	if (!all_chars(o->code, 31, office_char))
		return hc_err_set(err, HC_EINVAL, "code",
		                  "Mã cơ quan chỉ gồm chữ, số và dấu gạch dưới, tối đa 31 ký tự",
		                  "office code must match [0-9A-Za-z_]{1,31}");
	return hc_text_line_nfc(o->name, sizeof o->name, "name", "Tên cơ quan", 160, true, err);
}

static void read_office(hc_stmt *st, hc_office *o)
{
	memset(o, 0, sizeof *o);
	o->id = hc_stmt_int(st, 0);
	o->unit_id = hc_stmt_int(st, 1);
	copy_text(o->code, sizeof o->code, hc_stmt_text(st, 2));
	copy_text(o->name, sizeof o->name, hc_stmt_text(st, 3));
}

static int office_one(hc_stmt *st, hc_office *out, const char *what, hc_err *err)
{
	bool found = false;
	if (hc_stmt_next(st)) {
		read_office(st, out);
		found = true;
	}
	int rc = hc_stmt_finish(st, err);
	if (rc)
		return rc;
	if (!found)
		return hc_err_set(err, HC_ENOTFOUND, "office", "Không tìm thấy cơ quan, bộ phận",
		                  "no office %s", what);
	return HC_OK;
}

int hc_office_by_code(hc_tx *tx, int64_t unit_id, const char *code, hc_office *out, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(
	    tx, err, &st,
	    "SELECT id, unit_id, code, name FROM offices WHERE unit_id = ? AND code = ?", "it",
	    unit_id, code);
	if (rc)
		return rc;
	char what[96];
	snprintf(what, sizeof what, "'%.32s' in unit %lld", code, (long long)unit_id);
	return office_one(st, out, what, err);
}

int hc_office_each(hc_tx *tx, int64_t unit_id, int (*fn)(const hc_office *o, void *ctx), void *ctx,
                   hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT id, unit_id, code, name FROM offices WHERE unit_id = ?"
	                     " ORDER BY name, code",
	                     "i", unit_id);
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		hc_office o;
		read_office(st, &o);
		stop = fn(&o, ctx);
	}
	return hc_stmt_finish(st, err);
}

int hc_office_by_id(hc_tx *tx, int64_t id, hc_office *out, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT id, unit_id, code, name FROM offices WHERE id = ?", "i", id);
	if (rc)
		return rc;
	char what[64];
	snprintf(what, sizeof what, "with id %lld", (long long)id);
	return office_one(st, out, what, err);
}

int hc_office_upsert(hc_tx *tx, hc_office *o, hc_err *err)
{
	int rc = validate_office(o, err);
	if (rc)
		return rc;
	hc_unit u;
	rc = hc_unit_by_id(tx, o->unit_id, &u, err);
	if (rc)
		return rc;
	hc_office old;
	hc_err e2;
	rc = hc_office_by_code(tx, o->unit_id, o->code, &old, &e2);
	if (rc == HC_OK) {
		o->id = old.id;
		return hc_tx_exec(tx, err, "UPDATE offices SET name = ? WHERE id = ?", "ti",
		                  o->name, o->id);
	}
	if (rc != HC_ENOTFOUND)
		return hc_err_set(err, e2.code, e2.field, e2.message, "%s", e2.detail);
	return hc_tx_query_int(
	    tx, err, &o->id,
	    "INSERT INTO offices (unit_id, code, name) VALUES (?, ?, ?) RETURNING id", "itt",
	    o->unit_id, o->code, o->name);
}

const char *hc_unit_place(const hc_unit *u)
{
	static const char *const prefixes[] = {"Phường ", "Xã ", "Đặc khu ", "Thị trấn "};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(u->name, prefixes[i], n) == 0 && u->name[n])
			return u->name + n;
	}
	return u->name;
}
